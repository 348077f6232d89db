"""Signing in to the cockpit from chat: one-time links, sessions, sign-out, security."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.web.security import redacted
from tests.adapters.web.conftest import WebClient
from tests.harness import Chat

COLINE = "console:coline"
VICTOR = "console:victor"


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_link_from_chat_signs_a_coordinator_in(cockpit: WebClient) -> None:
    home = cockpit.sign_in(COLINE)
    assert home.status == 200
    assert "console:coline · coordinator" in home.text
    assert 'href="/board"' in home.text


def test_a_link_works_once_only(cockpit: WebClient) -> None:
    link = cockpit.link_for(COLINE)
    assert cockpit.post(path_of(link), {}).status == 200
    other = WebClient(cockpit.chat)  # another browser (someone who saw the link) replays it
    try:
        replayed = other.post(path_of(link), {})
        assert replayed.status == 403
        assert "expired or was already used" in replayed.text
        assert other.get("/reports").status == 401
    finally:
        other.close()


def test_a_link_older_than_ten_minutes_is_refused(cockpit: WebClient) -> None:
    link = cockpit.link_for(COLINE)
    cockpit.chat.clock.advance(minutes=10, seconds=1)
    assert cockpit.post(path_of(link), {}).status == 403
    assert cockpit.get("/").status == 401


def test_opening_the_link_does_not_use_it_up(cockpit: WebClient) -> None:
    """Link previews (Slack's unfurler) fetch it: only the button on the page signs in."""
    link = cockpit.link_for(COLINE)
    shown = cockpit.get(path_of(link))
    assert shown.status == 200
    assert '<form method="post"' in shown.text
    assert cockpit.post(path_of(link), {}).status == 200


def test_a_link_asked_in_a_room_is_sent_privately(cockpit: WebClient) -> None:
    answer = cockpit.chat.say("web", user="coline", private=False)
    assert "private message" in answer
    assert "/login/" not in answer
    [(to, dm)] = cockpit.chat.outbox.sent
    assert to == COLINE
    assert "/login/" in dm


def test_only_hashes_of_tokens_are_stored(cockpit: WebClient) -> None:
    link = cockpit.link_for(COLINE)
    cockpit.post(path_of(link), {})
    token = link.rsplit("/", 1)[1]
    cookie = next(iter(cockpit.client.session.cookie_jar)).value
    with cockpit.chat.app.storage.engine.connect() as db:
        stored = [
            str(value)
            for table in ("web_link", "web_session")
            for row in db.execute(text(f"SELECT * FROM {table}"))
            for value in row
        ]
    assert stored
    assert not any(token in value or cookie in value for value in stored)


def test_the_cookie_is_http_only_and_strict(cockpit: WebClient) -> None:
    link = cockpit.link_for(COLINE)
    response = cockpit._run(cockpit.client.post(path_of(link), allow_redirects=False))
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Secure" not in header  # served over plain HTTP here


def test_the_cookie_is_secure_behind_https(tmp_path: Path) -> None:
    from tests.adapters.web.conftest import web_chat

    chat = web_chat(tmp_path, bot_web_base_url="https://bot.example.org")
    web = WebClient(chat)
    try:
        sign_in = chat.app.services.web
        assert sign_in is not None
        sign_in.base_url = "https://bot.example.org"  # as behind the reverse proxy
        link = web.link_for(COLINE)
        assert link.startswith("https://bot.example.org/login/")
        response = web._run(web.client.post(path_of(link), allow_redirects=False))
        header = response.headers["Set-Cookie"]
        assert header.startswith("__Host-cockpit=")
        assert "Secure" in header
    finally:
        web.close()
        chat.close()


def test_sessions_survive_a_restart(cockpit: WebClient) -> None:
    cockpit.sign_in(COLINE)
    cockpit.restart()
    again = cockpit.get("/board")
    assert again.status == 200
    assert "console:coline" in again.text


def test_signing_out_ends_the_session(cockpit: WebClient) -> None:
    home = cockpit.sign_in(COLINE)
    out = cockpit.post("/logout", {"csrf": home.csrf})
    assert out.status == 200
    assert "signed out" in out.text
    assert cockpit.get("/").status == 401


def test_a_session_expires(cockpit: WebClient) -> None:
    cockpit.sign_in(COLINE)
    cockpit.chat.clock.advance(hours=12, seconds=1)
    assert cockpit.get("/").status == 401


def test_the_role_is_checked_again_on_every_request(cockpit: WebClient) -> None:
    cockpit.sign_in(COLINE)
    assert cockpit.get("/board").status == 200
    cockpit.chat.say(f"role {COLINE} volunteer", user="ada")
    demoted = cockpit.get("/board")
    assert demoted.status == 403
    assert 'href="/board"' not in demoted.text


def test_a_volunteer_is_refused_coordinator_pages_and_not_shown_their_links(
    cockpit: WebClient,
) -> None:
    home = cockpit.sign_in(VICTOR)
    assert home.status == 200
    assert 'href="/board"' not in home.text
    assert 'href="/reports"' in home.text
    refused = cockpit.get("/board")
    assert refused.status == 403
    assert "for coordinators" in refused.text


def test_pages_carry_the_security_headers(cockpit: WebClient) -> None:
    for page in (cockpit.get("/"), cockpit.sign_in(COLINE), cockpit.get("/static/web.css")):
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["X-Frame-Options"] == "DENY"


def test_access_logs_never_show_a_token() -> None:
    assert redacted("/login/Abc-123_x") == "/login/…"
    assert redacted("/report/12") == "/report/12"


def test_without_a_cockpit_web_says_so(chat: Chat) -> None:
    assert "not set up" in chat.say("web", user="coline")
    assert "set BOT_WEB_PORT" not in chat.say("web", user="coline")
    assert "set BOT_WEB_PORT (e.g. 8081) and restart" in chat.say("web", user="ada")
    assert chat.outbox.sent == []


def test_ended_links_and_sessions_are_forgotten_at_night(cockpit: WebClient) -> None:
    cockpit.sign_in(COLINE)
    cockpit.link_for(COLINE)  # never used
    sign_in = cockpit.chat.app.services.web
    assert sign_in is not None
    assert sign_in.sessions.purge(before=cockpit.chat.clock.now()) == 0  # all still valid
    cockpit.chat.clock.advance(hours=12, minutes=1)
    assert sign_in.sessions.purge(before=cockpit.chat.clock.now()) == 3  # 2 links, 1 session


def test_tableau_sends_the_link_in_french(tmp_path: Path) -> None:
    from tests.adapters.web.conftest import web_chat

    chat = web_chat(tmp_path, language="fr")
    try:
        assert chat.say("tableau", user="coline") == (
            "Je vous ai envoyé un lien de connexion en message privé."
        )
        [(to, dm)] = chat.outbox.sent
        assert to == COLINE
        assert dm.startswith("Votre lien vers le tableau de bord, pour vous seul :")
        assert "/login/" in dm
    finally:
        chat.close()


def test_unknown_pages_and_methods_answer_in_the_page_shell_in_the_bots_language(
    cockpit: WebClient,
) -> None:
    anonymous = cockpit.get("/nope", Accept_Language="de")
    assert anonymous.status == 404
    assert 'name="viewport"' in anonymous.text and "Nothing here." in anonymous.text
    cockpit.sign_in("console:coline")
    page = cockpit.get("/reports/1")
    assert page.status == 404
    assert "Nothing here." in page.text and 'href="/board"' in page.text  # with its navigation
    wrong = cockpit._run(cockpit._fetch("PUT", "/reports", None, {}))
    assert wrong.status == 405 and 'name="viewport"' in wrong.text
    assert "GET" in wrong.headers["Allow"]
    head = cockpit._run(cockpit._fetch("HEAD", "/reports", None, {}))
    assert head.status == 200
    assert "script-src 'none'" in page.headers["Content-Security-Policy"]


def test_the_sign_in_page_speaks_the_bots_language_whatever_the_browser(tmp_path: Path) -> None:
    from tests.adapters.web.conftest import web_chat

    chat = web_chat(tmp_path, language="fr")
    cockpit = WebClient(chat)
    try:
        link = cockpit.link_for(COLINE)
        page = cockpit.get(path_of(link), Accept_Language="en-US,en;q=0.9")
        assert '<html lang="fr">' in page.text
        assert "Se connecter" in page.text or "Connexion" in page.text
        home = cockpit.post(path_of(link), {}, Accept_Language="en")
        assert '<html lang="fr">' in home.text
    finally:
        cockpit.close()
        chat.close()


def test_a_failing_page_answers_500_in_the_page_shell(
    cockpit: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    cockpit.sign_in(COLINE)

    def broken(number: int) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(cockpit.chat.app.services.anomalies, "get", broken)
    page = cockpit.get("/report/1")
    assert page.status == 500
    assert "Sorry, this page failed." in page.text and 'href="/board"' in page.text
    assert "database went away" not in page.text
