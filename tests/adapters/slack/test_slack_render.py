"""Reply -> Block Kit: exact output, escaping and Slack's limits."""

from __future__ import annotations

import json

from adapters.slack.render import MAX_BLOCKS, cut, escape, render
from chatbot.reply import (
    Actions,
    BulletList,
    Button,
    Divider,
    Fields,
    Heading,
    Link,
    Note,
    Reply,
    Text,
)


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def test_a_contact_card_renders_to_sections_fields_context_divider_and_buttons():
    reply = Reply.of(
        Heading("CAF de Lyon"),
        Fields((("Phone", "3230"), ("Hours", "9h-17h"))),
        Text("Bring your ID."),
        BulletList(("Rent help", "Family allowance")),
        Link("Website", "https://www.caf.fr"),
        Note("Checked 3 months ago"),
        Divider(),
        Actions(
            (Button("Other result", "lookup", "caf 2"), Button("Still correct", "verify", "12"))
        ),
    )

    assert render(reply) == {
        "text": (
            "CAF de Lyon\nPhone: 3230\nHours: 9h-17h\nBring your ID.\n- Rent help\n"
            "- Family allowance\nWebsite: https://www.caf.fr\nChecked 3 months ago\n---\n"
            "[Other result] | [Still correct]"
        ),
        "blocks": [
            {"type": "section", "text": mrkdwn("*CAF de Lyon*")},
            {
                "type": "section",
                "fields": [mrkdwn("*Phone*\n3230"), mrkdwn("*Hours*\n9h-17h")],
            },
            {"type": "section", "text": mrkdwn("Bring your ID.")},
            {"type": "section", "text": mrkdwn("• Rent help\n• Family allowance")},
            {"type": "section", "text": mrkdwn("<https://www.caf.fr|Website>")},
            {"type": "context", "elements": [mrkdwn("Checked 3 months ago")]},
            {"type": "divider"},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Other result", "emoji": True},
                        "action_id": "run:0:lookup",
                        "value": "lookup caf 2",
                    },
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Still correct", "emoji": True},
                        "action_id": "run:1:verify",
                        "value": "verify 12",
                    },
                ],
            },
        ],
    }


def test_directory_data_cannot_mention_anyone_or_inject_links():
    evil = "<!channel> <!here> <@U024BE7LH> <https://evil.example|click> & co"
    reply = Reply.of(
        Heading(evil),
        Text(evil),
        Note(evil),
        Fields(((evil, evil),)),
        BulletList((evil,)),
        Link(evil, "https://ok.example/?a=1&b=2|x"),
    )

    message = render(reply)
    sent = json.dumps(message)
    for dangerous in ("<!channel>", "<!here>", "<@U024BE7LH>", "<https://evil.example"):
        assert dangerous not in sent
    assert "&lt;!channel&gt;" in message["blocks"][1]["text"]["text"]
    assert "&amp; co" in message["text"]
    link = message["blocks"][-1]["text"]["text"]
    assert link.startswith("<https://ok.example/?a=1&amp;b=2%7Cx|")
    assert link.count("<") == 1 and link.count(">") == 1


def test_only_a_well_formed_web_address_becomes_a_link():
    evil = 'https://evil.example">clic</a>'
    message = render(
        Reply.of(
            Link(evil, evil),
            Link("Photo", "https://evil.example/<x|y>"),
            Link("CAF", "https://caf.fr"),
        )
    )
    texts = [block["text"]["text"] for block in message["blocks"]]
    assert texts == [
        'https://evil.example"&gt;clic&lt;/a&gt;',
        "Photo: https://evil.example/&lt;x|y&gt;",
        "<https://caf.fr|CAF>",
    ]


def test_links_other_than_web_mail_or_phone_stay_inert_text():
    message = render(Reply.of(Link("Open", "javascript:alert(1)"), Link("Call", "tel:3230")))
    assert message["blocks"][0]["text"]["text"] == "Open: javascript:alert(1)"
    assert message["blocks"][1]["text"]["text"] == "<tel:3230|Call>"


def test_long_text_is_cut_with_a_more_hint_without_breaking_an_entity():
    text = "a" * 2990 + "&&&&&&&&&&&&&&&&&&&&"
    [block] = render(Reply.text(text))["blocks"]
    shown = block["text"]["text"]
    assert len(shown) <= 3000
    assert shown.endswith("(more not shown: too long for Slack)")
    assert "&amp" not in shown.replace("&amp;", "")  # no half entity
    assert cut("short", 10) == "short"
    assert escape("a&b<c>") == "a&amp;b&lt;c&gt;"


def test_more_than_fifty_blocks_keep_forty_nine_and_a_hint():
    reply = Reply.of(*(Text(f"Entry {i}") for i in range(80)))
    blocks = render(reply)["blocks"]
    assert len(blocks) == MAX_BLOCKS
    assert blocks[48]["text"]["text"] == "Entry 48"
    assert blocks[49]["type"] == "context"
    assert "more not shown" in blocks[49]["elements"][0]["text"]


def test_many_fields_and_buttons_are_spread_over_several_blocks():
    fields = Fields(tuple((f"Label {i}", f"value {i}") for i in range(23)))
    buttons = Actions(tuple(Button(f"Result {i}", "show", str(i)) for i in range(30)))
    blocks = render(Reply.of(fields, buttons))["blocks"]
    assert [len(b.get("fields", b.get("elements", []))) for b in blocks] == [10, 10, 3, 25, 5]
    action_ids = [e["action_id"] for b in blocks[3:] for e in b["elements"]]
    assert len(set(action_ids)) == 30  # unique within the message, as Slack requires


def test_button_limits_long_label_cut_and_oversized_command_dropped():
    reply = Reply.of(
        Actions((Button("L" * 100, "lookup", "caf"), Button("Too big", "say", "x" * 2100)))
    )
    [actions] = render(reply)["blocks"]
    [only] = actions["elements"]
    assert len(only["text"]["text"]) == 75 and only["text"]["text"].endswith("…")
    assert only["value"] == "lookup caf"


def test_share_button_and_shared_by_footer_fit_within_the_block_limit():
    reply = Reply.of(*(Text(f"Entry {i}") for i in range(80)))
    blocks = render(reply, share_id="k3pt-1d", shared_by="U2147483697")["blocks"]
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-2]["elements"][0]["text"].endswith("<@U2147483697>")
    assert blocks[-1]["elements"][0]["action_id"] == "share"
    assert blocks[-1]["elements"][0]["value"] == "k3pt-1d"


def test_a_forged_sharer_id_is_not_rendered_as_a_mention():
    blocks = render(Reply.text("hi"), shared_by="U1> <!channel")["blocks"]
    assert blocks == [{"type": "section", "text": mrkdwn("hi")}]
