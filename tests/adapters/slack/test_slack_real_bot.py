"""The real bot (demo directory, real storage) behind the Slack adapter, end to end."""

from __future__ import annotations

import json

from tests.adapters.slack.slack_fake import interactive_body, load
from tests.adapters.slack.test_slack_http import all_text, click, event, slash

INTERNAL_PHONE = "01 00 00 00 01"  # "Ligne partenaires CAF", visibility internal


async def test_lookup_in_a_channel_answers_the_caf_number(real, fake):
    running, _app = real
    await running.post_form(slash(fake, "caf"))

    [answer] = await fake.wait_for("response_url")
    assert "3230" in answer.args["text"]
    assert answer.args["response_type"] == "ephemeral"


async def test_internal_entries_show_in_a_dm_but_never_in_a_channel(real, fake):
    running, _app = real
    await running.post_form(slash(fake, "caf partenaires"))
    await running.post_json(json.dumps(event("message_im.json", text="lookup caf partenaires")))
    mention = event("app_mention.json", text="<@UBOT0001> lookup caf partenaires")
    await running.post_json(json.dumps(mention))

    [in_channel] = await fake.wait_for("response_url")
    posts = await fake.wait_for("chat.postMessage", 2)
    in_dm = next(p for p in posts if p.args["channel"].startswith("D"))
    mentioned = next(p for p in posts if p.args["channel"].startswith("C"))
    assert INTERNAL_PHONE in in_dm.args["text"]
    assert INTERNAL_PHONE not in json.dumps(in_channel.args)
    assert INTERNAL_PHONE not in json.dumps(mentioned.args)


async def test_every_button_of_a_card_reaches_the_bot_as_the_clicker(real, fake):
    running, _app = real
    await running.post_json(json.dumps(load("message_im.json")))
    [card] = await fake.wait_for("chat.postMessage")
    buttons = [e for b in card.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons, "the lookup card offers buttons"

    for button in buttons:
        await running.post_form(
            interactive_body(click(fake, button["value"], channel="D024BE91L", ephemeral=False))
        )
    await running.adapter._handlers.background.drain()
    answered = len(fake.called("chat.postMessage")) + len(fake.called("views.open")) - 1
    assert answered == len(buttons)
    for post in fake.called("chat.postMessage")[1:]:
        assert "something went wrong" not in post.args["text"]


async def test_a_coordinator_sees_internal_lines_only_in_answers_meant_for_them(real, fake):
    running, _app = real
    coordinator = "U0COORD"
    ephemeral = slash(fake, "caf partenaires").replace(
        "user_id=U2147483697", f"user_id={coordinator}"
    )
    await running.post_form(ephemeral)
    mention = event("app_mention.json", text="<@UBOT0001> lookup caf partenaires", user=coordinator)
    await running.post_json(json.dumps(mention))

    [only_for_them] = await fake.wait_for("response_url")
    [in_the_channel] = await fake.wait_for("chat.postMessage")
    assert only_for_them.args["response_type"] == "ephemeral"
    assert INTERNAL_PHONE in json.dumps(only_for_them.args, ensure_ascii=False)
    assert INTERNAL_PHONE not in json.dumps(in_the_channel.args, ensure_ascii=False)


async def test_a_slash_command_never_answers_the_question_asked_in_a_dm(real, fake):
    running, app = real
    await running.post_json(json.dumps(event("message_im.json", text="suggest caf")))
    [question] = await fake.wait_for("chat.postMessage")
    assert question.args["text"].startswith("Which field?")

    await running.post_form(slash(fake, "caf", command="/bot", channel="D024BE91L"))

    [answer] = await fake.wait_for("response_url")
    assert "3230" in answer.args["text"]
    assert "What is the right value?" not in all_text(answer.args)
    assert "Your unfinished suggest was cancelled" in all_text(answer.args)
    assert app.storage.suggestions.pending() == []


async def test_a_plain_question_in_a_dm_or_after_a_mention_is_a_lookup(real, fake):
    running, _app = real
    question = event("message_im.json", text="comment joindre la caf de lille ?")
    await running.post_json(json.dumps(question))
    mention = event("app_mention.json", text="<@UBOT0001> merci !")
    await running.post_json(json.dumps(mention))

    posts = await fake.wait_for("chat.postMessage", 2)
    in_dm = next(p for p in posts if p.args["channel"].startswith("D"))
    mentioned = next(p for p in posts if p.args["channel"].startswith("C"))
    assert "CAF du Nord" in in_dm.args["text"]
    assert "CAF du Nord" not in json.dumps(mentioned.args)
    assert mentioned.args["text"].startswith("You're welcome!")


async def test_suggestions_listed_in_a_channel_hide_the_internal_values(real, fake):
    """A suggested internal line (and the old one) is shown as the card would: not in a
    channel, even to the coordinator who asked there (issue 11)."""
    running, _app = real
    secret = "01 99 99 99 99"
    suggest = f"suggest caf téléphone 3230 | interne: {secret}"
    await running.post_json(json.dumps(event("message_im.json", text=suggest)))
    await fake.wait_for("chat.postMessage")
    mention = event("app_mention.json", text="<@UBOT0001> suggestions", user="U0COORD")
    await running.post_json(json.dumps(mention))

    [_thanks, listed] = await fake.wait_for("chat.postMessage", 2)
    text = json.dumps(listed.args, ensure_ascii=False)
    assert listed.args["channel"].startswith("C") and "3230 | … → 3230 | …" in text
    assert secret not in text and "01 00 00 00 05" not in text


async def test_a_lone_surrogate_or_a_nul_from_slack_gets_a_clear_answer(real, fake):
    """JSON may carry ``\\ud83d`` alone (half an emoji) or ``\\u0000``: no database keeps
    them; the sender is told, never "something went wrong" (issue 11)."""
    running, app = real
    for n, text in enumerate(("report la porte \ud83d #site", "report la porte\x00 #site")):
        body = event("message_im.json", text=text, ts=f"1700000000.00000{n}")
        body["event_id"] = f"Ev0SURROGATE{n}"
        await running.post_json(json.dumps(body))
    answers = sorted(post.args["text"] for post in await fake.wait_for("chat.postMessage", 2))
    assert answers[0].startswith("I could not read that message")
    assert answers[1].startswith("That message holds a NUL character")
    assert app.storage.anomalies.count_open() == 0
