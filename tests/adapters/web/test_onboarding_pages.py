"""The onboarding page: who needs attention first (as `onboarding status` says in chat), then
each checklist's per-step funnel."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from chatbot.ids import UserId
from chatbot.onboarding import Day, Step, Template
from tests.adapters.web.conftest import WebClient
from tests.harness import at_paris

COORDINATOR = "console:coline"


def test_newcomers_needing_attention_come_first_then_the_funnel(cockpit: WebClient) -> None:
    chat = cockpit.chat
    chat.say("onboarding start victor", user="coline")
    chat.say("onboarding start ines", user="coline")
    chat.say("onboarding buddy ines console:marie", user="coline")
    at_paris(chat, 24, 11, 0)
    chat.say("done 1", user="ines")
    at_paris(chat, 25, 12, 0)
    cockpit.sign_in(COORDINATOR)

    page = cockpit.get("/onboarding")
    assert page.status == 200, page.text
    text = page.text
    assert text.index("Needs attention: 1") < text.index("victor (console:victor)")
    assert text.index("victor (console:victor)") < text.index("On track: 1")
    assert text.index("On track: 1") < text.index("ines (console:ines)")
    assert "why: no activity for 2 days, no buddy" in text

    svg = text[text.index('<svg xmlns="http://www.w3.org/2000/svg" role="img"') :]
    chart = ET.fromstring(svg[: svg.index("</svg>") + len("</svg>")])
    shown = [t.text for t in chart.iter("{http://www.w3.org/2000/svg}text")]
    assert "1/2 (50%)" in shown and "0/2 (0%)" in shown  # step 1 done by one of two
    assert "2 newcomers, 0 completed the checklist." in text


def test_a_checklist_holding_markup_shows_as_text(cockpit: WebClient) -> None:
    chat = cockpit.chat
    evil = Template(
        name="evil",
        language="en",
        title="Evil <b>list</b>",
        days=(Day(title="First day", steps=(Step(title='<script>alert("x")</script>'),)),),
    )
    chat.app.services.onboarding.save_template(
        evil, actor=UserId("console:coline"), at=chat.clock.now()
    )
    chat.say("onboarding start victor evil", user="coline")
    newcomer = chat.app.services.onboarding.get(UserId("console:victor"))
    assert newcomer is not None and newcomer.template == "evil"
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/onboarding")
    assert page.status == 200
    assert "<script>alert" not in page.text and "<b>list" not in page.text
    assert "1. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
    assert "Evil &lt;b&gt;list&lt;/b&gt;: steps done" in page.text


def test_volunteers_do_not_see_onboarding(cockpit: WebClient) -> None:
    home = cockpit.sign_in("console:victor")
    assert 'href="/onboarding"' not in home.text
    assert cockpit.get("/onboarding").status == 403
