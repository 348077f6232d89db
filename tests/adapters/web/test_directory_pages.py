"""The directory pages: chat's own search and card, stale entries by theme with "verified",
suggestions to review, and the printable public list."""

from __future__ import annotations

import re

from chatbot.ids import UserId
from tests.adapters.web.conftest import WebClient

COORDINATOR = "console:coline"
VOLUNTEER = "console:victor"


def caf_id(cockpit: WebClient) -> int:
    entry = cockpit.chat.app.services.directory.get_by_name("Caisse d'allocations familiales (CAF)")
    assert entry is not None and entry.id is not None
    return entry.id


def test_a_volunteer_searches_as_in_chat_and_opens_the_entry(cockpit: WebClient) -> None:
    cockpit.sign_in(VOLUNTEER)
    page = cockpit.get("/directory?q=numéro de la caf")
    assert page.status == 200, page.text
    assert "<h2>Caisse d&#x27;allocations familiales (CAF)</h2>" in page.text
    assert "3230" in page.text
    assert f'href="/directory/entry/{caf_id(cockpit)}"' in page.text
    assert 'href="/directory/stale"' not in page.text  # coordinators' links are not shown

    entry = cockpit.get(f"/directory/entry/{caf_id(cockpit)}")
    assert entry.status == 200
    assert "<h1>Caisse d&#x27;allocations familiales (CAF)</h1>" in entry.text
    assert "History of Caisse d&#x27;allocations familiales (CAF)" in entry.text
    assert 'value="flag #' in entry.text
    assert 'value="verify #' not in entry.text  # not theirs to verify


def test_what_a_search_shows_is_escaped(cockpit: WebClient) -> None:
    cockpit.sign_in(VOLUNTEER)
    page = cockpit.get("/directory?q=<script>alert(1)</script>")
    assert page.status == 200
    assert "<script>alert" not in page.text
    assert "Results for «&lt;script&gt;alert(1)&lt;/script&gt;»" in page.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text  # the search box


def test_an_unknown_entry_is_not_found(cockpit: WebClient) -> None:
    cockpit.sign_in(VOLUNTEER)
    assert cockpit.get("/directory/entry/99999").status == 404


def test_the_entry_page_shows_what_chat_shows_in_a_direct_message(cockpit: WebClient) -> None:
    """A volunteer's DM shows the internal line and notes; a room would not (and the web
    session is the person's own, like a DM)."""
    chat = cockpit.chat
    cockpit.sign_in(VOLUNTEER)
    entry = cockpit.get(f"/directory/entry/{caf_id(cockpit)}")
    in_dm = chat.say("show caf")
    in_room = chat.reply_to("show caf", answered_privately=False)
    assert "01 00 00 00 05" in in_dm and "01 00 00 00 05" not in in_room
    assert "01 00 00 00 05" in entry.text
    assert "Le bénévole peut créer le compte" in entry.text


def test_a_coordinator_marks_a_stale_entry_verified(cockpit: WebClient) -> None:
    chat = cockpit.chat
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/directory/stale")
    assert page.status == 200, page.text
    assert re.search(r'<h2 id="h-theme-\d+">Retraite \(\d+\)</h2>', page.text)
    form = re.search(r'value="(verify #(\d+))"', page.text)
    assert form is not None
    number = int(form.group(2))
    done = cockpit.post("/directory/stale", page.form(form.group(1)))
    assert "marked as verified today" in done.text
    entry = chat.app.services.directory.get(number)
    assert entry is not None and entry.last_verified_at == chat.clock.now()
    assert f'value="verify #{number}"' not in done.text  # no longer to check


def test_the_stale_page_opens_one_theme_whole(cockpit: WebClient) -> None:
    cockpit.sign_in(COORDINATOR)
    overview = cockpit.get("/directory/stale")
    themes = re.findall(r'<h2 id="h-theme-\d+">([^<(]+) \(\d+\)</h2>', overview.text)
    assert len(themes) > 1 and "Retraite" in themes
    one = cockpit.get("/directory/stale?theme=Retraite")
    assert re.findall(r'<h2 id="h-theme-\d+">([^<(]+) \(\d+\)</h2>', one.text) == ["Retraite"]
    assert 'action="/directory/stale?theme=Retraite"' in one.text  # "verified" comes back here
    assert "Nothing to check" in cockpit.get("/directory/stale?theme=Nowhere").text


def test_coordinator_pages_refuse_volunteers(cockpit: WebClient) -> None:
    cockpit.sign_in(VOLUNTEER)
    assert cockpit.get("/directory/stale").status == 403
    assert cockpit.get("/directory/suggestions").status == 403


def test_a_suggestion_is_approved_from_the_page_and_its_author_told(cockpit: WebClient) -> None:
    chat = cockpit.chat
    chat.say("suggest caf hours Lun–ven 9h–17h")
    cockpit.sign_in(COORDINATOR)
    page = cockpit.get("/directory/suggestions")
    assert page.status == 200, page.text
    assert "#1 Caisse d&#x27;allocations familiales (CAF), Opening hours" in page.text
    assert 'value="approve 1"' in page.text
    assert 'value="reject suggestion#1"' in page.text and ">Why?</label>" in page.text

    done = cockpit.post("/directory/suggestions", page.form("approve 1"))
    assert "Suggestion #1 approved and applied." in done.text
    entry = chat.app.services.directory.get(caf_id(cockpit))
    assert entry is not None and entry.hours == "Lun–ven 9h–17h"
    told = [text for to, text in chat.outbox.sent if to == VOLUNTEER]
    assert any("was approved and applied" in text for text in told)


def test_the_printable_list_holds_public_entries_and_fields_only(cockpit: WebClient) -> None:
    cockpit.sign_in(VOLUNTEER)
    page = cockpit.get("/directory/print")
    assert page.status == 200
    assert "Caisse d&#x27;allocations familiales (CAF)" in page.text and "3230" in page.text
    assert "Ligne partenaires CAF" not in page.text  # an internal entry
    assert "01 00 00 00 05" not in page.text  # an internal line
    assert "Le bénévole peut créer" not in page.text  # notes
    assert "<style>" not in page.text  # the cockpit's stylesheet, no inline style (CSP)


def test_a_flag_from_the_page_reaches_the_verifiers(cockpit: WebClient) -> None:
    chat = cockpit.chat
    cockpit.sign_in(VOLUNTEER)
    page = cockpit.get(f"/directory/entry/{caf_id(cockpit)}")
    done = cockpit.post(
        f"/directory/entry/{caf_id(cockpit)}",
        page.form(f"flag #{caf_id(cockpit)}", args="le 3230 a changé"),
    )
    assert "marked as possibly outdated" in done.text
    told = [text for to, text in chat.outbox.sent if to == str(UserId(COORDINATOR))]
    assert any("le 3230 a changé" in text for text in told)


def test_the_page_finds_what_chat_finds(cockpit: WebClient) -> None:
    """The same search as chat (the bot's own index), query by query."""
    chat = cockpit.chat
    cockpit.sign_in(VOLUNTEER)
    for query in ("tel cpas", "allocs pour les familles", "3919", "impots"):
        said = chat.say(f"lookup {query}").splitlines()[0]
        page = cockpit.get(f"/directory?q={query}")
        shown = re.findall(r"<h2>([^<]+)</h2>", page.text)
        assert said.startswith("== "), said
        assert shown[0].replace("&#x27;", "'") == said.strip("= "), query
