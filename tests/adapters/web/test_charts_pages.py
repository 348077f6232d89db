"""The charts page: coordinators see the reports and the missed searches drawn and tabled, and
add a missed search as an alias with the same command as chat."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from chatbot.anomalies import Anomaly
from chatbot.ids import ConversationId, UserId
from tests.adapters.web.conftest import WebClient

COORDINATOR = "console:coline"
VOLUNTEER = "console:victor"


def at(cockpit: WebClient, day: int, hour: int) -> None:
    cockpit.chat.clock.current = datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def filed(cockpit: WebClient, category: str) -> None:
    cockpit.chat.app.services.anomalies.create(
        Anomaly(
            text="La porte ne ferme plus",
            category=category,
            reporter=UserId(VOLUNTEER),
            platform="console",
            conversation_id=ConversationId("console:general"),
            created_at=cockpit.chat.clock.now(),
        )
    )


def test_a_coordinator_sees_new_reports_by_category_and_the_response_times(
    cockpit: WebClient,
) -> None:
    chat = cockpit.chat
    at(cockpit, 16, 9)
    chat.say("report Vitre fêlée à l'accueil #site")  # 1
    at(cockpit, 16, 14)
    chat.say("ack 1", user="coline")  # acknowledged in 5 h
    at(cockpit, 18, 9)
    chat.say("resolve 1 vitre changée", user="coline")  # resolved in 2 days
    filed(cockpit, '<script>alert("x")</script>')
    cockpit.sign_in(COORDINATOR)

    page = cockpit.get("/charts")
    assert page.status == 200, page.text
    assert page.text.count('role="img"') == 2
    assert "<script>alert" not in page.text  # a category is user content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
    assert (
        "2 new reports. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;: 1, Site or premises: 1"
        in page.text
    )
    table = page.text.split('id="h-times"')[1]
    assert '<td data-label="Acknowledged in (median)">5 h</td>' in table  # a phone card's label
    table = re.sub(r' data-label="[^"]*"', "", table)
    assert "<td>5 h</td><td>1</td><td>2 days</td><td>1</td>" in table


def test_charts_are_for_coordinators_only(cockpit: WebClient) -> None:
    home = cockpit.sign_in(VOLUNTEER)
    assert 'href="/charts"' not in home.text
    assert cockpit.get("/charts").status == 403


def test_an_empty_bot_draws_no_bars_but_says_so(cockpit: WebClient) -> None:
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/charts")
    assert page.status == 200
    assert page.text.count("No data yet") == 2
    assert "No search came back empty over these 8 weeks." in page.text


def test_a_missed_search_becomes_an_alias_of_the_entry_the_coordinator_names(
    cockpit: WebClient,
) -> None:
    chat = cockpit.chat
    assert chat.say("lookup les bidules du mois").startswith("No entry found")
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/charts")
    assert '<th scope="row">les bidules du mois</th>' in page.text
    assert 'value="alias &quot;les bidules du mois&quot;"' in page.text

    done = cockpit.post(
        "/charts",
        page.form('alias "les bidules du mois"', args="caf"),
    )
    assert done.status == 200
    assert "«les bidules du mois» now finds «Caisse d&#x27;allocations familiales" in done.text
    assert chat.say("lookup les bidules du mois").startswith("== Caisse d'allocations")


def test_what_a_later_search_proposed_is_approved_from_the_page(cockpit: WebClient) -> None:
    chat = cockpit.chat
    chat.say("lookup les bidules du mois")
    chat.say("lookup caf")  # proposes the miss as an alias of the CAF
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/charts")
    proposal = re.search(r'name="command" value="(approve \d+)"', page.text)
    assert proposal is not None
    assert "Add as alias of Caisse d&#x27;allocations familiales" in page.text

    done = cockpit.post("/charts", page.form(proposal.group(1)))
    assert "approved and applied" in done.text
    assert chat.say("suggestions", user="coline") == "No suggestion is waiting. All caught up!"


def test_a_form_posted_without_its_token_changes_nothing(cockpit: WebClient) -> None:
    chat = cockpit.chat
    chat.say("lookup les bidules du mois")
    cockpit.sign_in(COORDINATOR)
    refused = cockpit.post(
        "/charts", {"csrf": "forged", "command": 'alias "les bidules du mois"', "args": "caf"}
    )
    assert refused.status == 403
    assert chat.say("lookup les bidules du mois").startswith("No entry found")


def test_the_page_speaks_french_once_chosen(cockpit: WebClient) -> None:
    home = cockpit.sign_in(COORDINATOR)
    cockpit.post("/language", {"csrf": home.csrf, "language": "fr", "next": "/"})
    page = cockpit.get("/charts")
    assert '<html lang="fr">' in page.text
    assert "Nouveaux signalements par jour et par catégorie, sur 8 semaines" in page.text
    assert "Pas encore de données" in page.text  # inside the chart, too
