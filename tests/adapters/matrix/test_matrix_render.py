"""What a volunteer's Matrix client receives for a reply: exact content."""

from __future__ import annotations

from adapters.matrix.render import as_reply_to, reaction, render
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

KEYCAP_1 = "1\ufe0f\u20e3"
KEYCAP_2 = "2\ufe0f\u20e3"


def test_a_contact_card_renders_as_a_notice_with_html_and_plain_body() -> None:
    reply = Reply.of(
        Heading("CAF"),
        Text("Line 1\nline 2"),
        Note("to check"),
        Fields((("Phone", "3230"), ("E-mail", "a&b@x.org"))),
        BulletList(("one", "two")),
        Link("Site", "https://www.caf.fr/?a=1&b=2"),
        Divider(),
    )

    assert render(reply) == {
        "msgtype": "m.notice",
        "body": "CAF\nLine 1\nline 2\nto check\nPhone: 3230\nE-mail: a&b@x.org\n- one\n- two\n"
        "Site: https://www.caf.fr/?a=1&b=2\n---",
        "format": "org.matrix.custom.html",
        "formatted_body": "<h4>CAF</h4><p>Line 1<br>line 2</p><p><em>to check</em></p>"
        "<p><strong>Phone</strong>: 3230<br><strong>E-mail</strong>: a&amp;b@x.org</p>"
        "<ul><li>one</li><li>two</li></ul>"
        '<p><a href="https://www.caf.fr/?a=1&amp;b=2">Site</a></p><hr>',
        "m.mentions": {},
    }


def test_buttons_become_numbered_choices_with_keycaps() -> None:
    reply = Reply.of(
        Text("Found it."),
        Actions(
            (Button("Suggest an edit", "suggest", "#1"), Button("Show CAF Nord", "show", "#2"))
        ),
    )

    content = render(reply, prefix="!")

    assert content["body"] == (
        "Found it.\n"
        f"{KEYCAP_1} Suggest an edit\n"
        f"{KEYCAP_2} Show CAF Nord\n"
        f"To choose, send !1 to !2 or react with {KEYCAP_1} to {KEYCAP_2}."
    )
    assert content["formatted_body"] == (
        "<p>Found it.</p>"
        f"<p>{KEYCAP_1} Suggest an edit<br>{KEYCAP_2} Show CAF Nord</p>"
        f"<p><em>To choose, send !1 to !2 or react with {KEYCAP_1} to {KEYCAP_2}.</em></p>"
    )


def test_a_single_choice_and_numbers_beyond_nine() -> None:
    one = render(Reply.of(Actions((Button("Yes", "confirm", "1"),))), prefix="?")
    many = Reply.of(Actions(tuple(Button(f"B{n}", "show", f"#{n}") for n in range(1, 12))))

    assert one["body"] == f"{KEYCAP_1} Yes\nTo choose, send ?1 or react with {KEYCAP_1}."
    body = render(many)["body"].splitlines()
    assert body[9:] == ["10. B10", "11. B11", "To choose, send !1 to !11."]


def test_user_content_cannot_inject_html_links_or_mentions() -> None:
    reply = Reply.of(
        Heading("<b>CAF</b>"),
        Text('<a href="https://evil.example">click</a> @room'),
        Link("click me", "javascript:alert(1)"),
    )

    content = render(reply)

    assert content["formatted_body"] == (
        "<h4>&lt;b&gt;CAF&lt;/b&gt;</h4>"
        "<p>&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; @room</p>"
        "<p>click me: javascript:alert(1)</p>"
    )
    assert content["m.mentions"] == {}


def test_only_a_well_formed_web_address_becomes_a_link() -> None:
    evil = 'https://evil.example">clic</a>'
    reply = Reply.of(
        Link(evil, evil), Link("Site", "https://caf..fr/"), Link("CAF", "https://caf.fr")
    )

    content = render(reply)

    assert content["formatted_body"] == (
        "<p>https://evil.example&quot;&gt;clic&lt;/a&gt;</p>"
        "<p>Site: https://caf..fr/</p>"
        '<p><a href="https://caf.fr">CAF</a></p>'
    )


def test_what_the_bot_says_unprompted_notifies_and_answers_stay_quiet() -> None:
    assert render(Reply.text("Urgent report #1"), loud=True)["msgtype"] == "m.text"
    assert render(Reply.text("Report #1 is saved"))["msgtype"] == "m.notice"


def test_answers_reply_to_the_command_and_stay_in_its_thread() -> None:
    content = render(Reply.text("ok"))

    assert as_reply_to(content, "$cmd")["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}
    assert as_reply_to(content, "$cmd", thread_root="$root")["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$cmd"},
    }
    assert reaction("$card", KEYCAP_1) == {
        "m.relates_to": {"rel_type": "m.annotation", "event_id": "$card", "key": KEYCAP_1}
    }


def test_a_button_with_its_own_number_shows_it_and_the_others_follow() -> None:
    """Checklist steps 2 and 3 left: 2️⃣ and 3️⃣, as in the list; a snooze after them is 4."""
    reply = Reply.of(
        Actions((Button("✓ Intro", "done", "2", number=2), Button("✓ FAQ", "done", "3", number=3))),
        Actions((Button("💤 Snooze 2", "onboarding", "snooze 2"),)),
    )

    assert render(reply)["body"].splitlines() == [
        "2\ufe0f\u20e3 ✓ Intro",
        "3\ufe0f\u20e3 ✓ FAQ",
        "To choose, send !2 to !3 or react with 2\ufe0f\u20e3 to 3\ufe0f\u20e3.",
        "4\ufe0f\u20e3 💤 Snooze 2",
        "To choose, send !4 or react with 4\ufe0f\u20e3.",
    ]
