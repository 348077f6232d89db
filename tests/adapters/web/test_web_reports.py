"""The reports pages: the board by age and category, the filtered list, a report's page with
its history and attachments, and the coordinators' actions run as commands."""

from __future__ import annotations

import re

import pytest

from adapters.web import reports_pages
from chatbot.attachments import Attachment
from tests.adapters.web.conftest import WebClient
from tests.harness import name_people, say_as

COLINE = "console:coline"


def report(cockpit: WebClient, text: str, *, user: str = "victor") -> None:
    assert "is saved" in cockpit.chat.say(f"report {text}", user=user)


def test_the_board_counts_open_reports_by_age_and_category(cockpit: WebClient) -> None:
    report(cockpit, "the front door is broken #site")
    cockpit.chat.clock.advance(days=10)
    report(cockpit, "a fire extinguisher is missing #securite")
    report(cockpit, "the back door is broken too #site")
    cockpit.sign_in(COLINE)
    board = re.sub(r' data-label="[^"]*"', "", cockpit.get("/board").text)
    site = board.split('category=site">Site or premises</a></td>', 1)[1].split("</tr>", 1)[0]
    assert site == "<td>1</td><td>0</td><td>1</td><td>0</td><td>2</td>"  # today, 8-30 days
    assert "<td>Total</td><td>2</td><td>0</td><td>1</td><td>0</td><td>3</td>" in board
    assert board.index("#1</a>") < board.index("#2</a>")  # oldest first


def test_the_list_filters_by_status_and_category(cockpit: WebClient) -> None:
    report(cockpit, "the front door is broken #site")
    report(cockpit, "a fire extinguisher is missing #securite")
    cockpit.chat.say("resolve 2 replaced", user="coline")
    cockpit.sign_in(COLINE)
    open_ones = cockpit.get("/reports").text
    assert 'href="/report/1"' in open_ones
    assert 'href="/report/2"' not in open_ones
    resolved = cockpit.get("/reports?status=resolved").text
    assert 'href="/report/2"' in resolved
    assert 'href="/report/1"' not in resolved
    assert '<option value="resolved" selected>' in resolved
    site = cockpit.get("/reports?status=all&category=securite").text
    assert 'href="/report/2"' in site
    assert 'href="/report/1"' not in site


def test_volunteers_see_only_their_own_reports(cockpit: WebClient) -> None:
    report(cockpit, "the front door is broken #site", user="victor")
    report(cockpit, "the light is out in the hall #site", user="zoe")
    cockpit.sign_in("console:victor")
    mine = cockpit.get("/reports")
    assert mine.status == 200
    assert 'href="/report/1"' in mine.text
    assert 'href="/report/2"' not in mine.text
    assert cockpit.get("/report/1").status == 200
    assert cockpit.get("/report/2").status == 404  # not even whether it exists
    assert 'name="command" value="resolve 1"' not in cockpit.get("/report/1").text


def test_a_report_page_shows_its_history_and_attachments(cockpit: WebClient) -> None:
    chat = cockpit.chat
    say_as(
        chat,
        "slack:U0ANA",
        "report the ramp is blocked #site",
        attachments=(
            Attachment(
                file_id="F1",
                name="ramp.jpg",
                mime_type="image/jpeg",
                url="https://example.slack.com/files/ramp.jpg",
            ),
            Attachment(
                file_id="F2", name="sketch.png", mime_type="image/png", url="javascript:alert(1)"
            ),
        ),
    )
    chat.say("ack 1", user="coline")
    chat.say("comment 1 the caretaker is on it", user="coline")
    cockpit.sign_in(COLINE)
    page = cockpit.get("/report/1").text
    assert '<a href="https://example.slack.com/files/ramp.jpg"' in page
    assert "sketch.png" in page
    assert 'href="javascript:' not in page
    history = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    assert "acknowledged by console:coline" in history
    assert "console:coline: the caretaker is on it" in history


def test_a_coordinator_assigns_merges_and_comments_from_the_page(cockpit: WebClient) -> None:
    report(cockpit, "the front door is broken #site")
    report(cockpit, "front door broken again #site", user="zoe")
    cockpit.sign_in(COLINE)
    first_page = cockpit.get("/report/1")
    assigned = cockpit.post("/report/1", first_page.form("assign 1", args="console:ada"))
    assert "assigned to console:ada by console:coline" in assigned.text
    merged = cockpit.post("/report/2", cockpit.get("/report/2").form("merge 2 into", args="1"))
    assert merged.status == 200
    assert 'href="/report/1">#1</a>' in merged.text  # "Merged into #1"
    comment = first_page.form("comment 1", args="locksmith called")
    commented = cockpit.post("/report/1", comment)
    assert "console:coline: locksmith called" in commented.text
    anomalies = cockpit.chat.app.services.anomalies
    first, second = anomalies.get(1), anomalies.get(2)
    assert first is not None and second is not None
    assert first.assignee == "console:ada"
    assert second.merged_into == 1


def test_the_pages_speak_french_when_asked(cockpit: WebClient) -> None:
    page = cockpit.sign_in(COLINE)
    french = cockpit.post("/language", {"csrf": page.csrf, "language": "fr", "next": "/reports"})
    assert french.status == 200
    assert '<html lang="fr">' in french.text
    assert "Signalements" in french.text


def test_choosing_a_language_never_sends_to_another_site(cockpit: WebClient) -> None:
    page = cockpit.sign_in(COLINE)
    for elsewhere in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        response = cockpit._run(
            cockpit.client.post(
                "/language",
                data={"csrf": page.csrf, "language": "fr", "next": elsewhere},
                allow_redirects=False,
            )
        )
        assert response.headers["Location"] == "/"


def test_a_coordinator_rejects_a_report_with_a_reason(cockpit: WebClient) -> None:
    report(cockpit, "the moon is too bright #site")
    cockpit.sign_in(COLINE)
    page = cockpit.get("/report/1")
    rejected = cockpit.post("/report/1", page.form("reject anomaly#1", args="not ours"))
    assert "rejected by console:coline: not ours" in rejected.text
    anomaly = cockpit.chat.app.services.anomalies.get(1)
    assert anomaly is not None and anomaly.status.value == "rejected"


def test_a_long_list_says_how_many_are_not_shown(
    cockpit: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports_pages, "LIMIT", 2)
    for what in ("the front door", "the back door", "the side door"):
        report(cockpit, f"{what} is broken #site")
    cockpit.sign_in(COLINE)
    listed = cockpit.get("/reports").text
    assert 'href="/report/1"' in listed and 'href="/report/2"' in listed
    assert 'href="/report/3"' not in listed
    assert "The 2 oldest of 3 are shown." in listed


def test_a_report_shows_its_category_by_label_and_answers_under_reports_too(
    cockpit: WebClient,
) -> None:
    report(cockpit, "a fire extinguisher is missing #securite")
    cockpit.sign_in(COLINE)
    for path in ("/report/1", "/reports/1"):
        page = cockpit.get(path)
        assert page.status == 200
        assert "<dd>Safety</dd>" in page.text
    listed = cockpit.get("/reports").text
    assert ">Safety</td>" in listed and ">securite<" not in listed
    assert "1 report, oldest first" in listed


def test_people_are_shown_by_their_display_names(cockpit: WebClient) -> None:
    name_people(cockpit.chat, ada="Ada Lovelace", coline="Coline")
    report(cockpit, "the front door is broken #site")
    cockpit.chat.say("assign 1 console:ada", user="coline")
    cockpit.sign_in(COLINE)
    page = cockpit.get("/report/1").text
    assert "<dd>Ada Lovelace</dd>" in page
    assert "assigned to Ada Lovelace by Coline" in page
    assert "Coline (console:coline)" in page  # who is signed in, in the header
    assert ">Ada Lovelace</td>" in cockpit.get("/reports").text
