"""Contract tests for the cockpit's sign-in links and sessions: a link opens one session only,
even raced by two processes; expiry; sign-out; still there after reopening the database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chatbot.ids import UserId
from chatbot.web import WebSignIn, token_hash
from storage import Storage, open_storage
from tests.storage.samples import AT

ANA = UserId("slack:U0ANA")
LATER = AT + timedelta(minutes=5)


def test_a_link_is_used_once(store: Storage) -> None:
    store.web_sessions.add_link("h1", ANA, at=AT, expires_at=AT + timedelta(minutes=10))
    assert store.web_sessions.use_link("h1", at=LATER) == ANA
    assert store.web_sessions.use_link("h1", at=LATER) is None
    assert store.web_sessions.use_link("unknown", at=LATER) is None


def test_an_expired_link_opens_nothing(store: Storage) -> None:
    store.web_sessions.add_link("h1", ANA, at=AT, expires_at=AT + timedelta(minutes=10))
    assert store.web_sessions.use_link("h1", at=AT + timedelta(minutes=10)) is None


def use(store: Storage, key: str) -> UserId | None:
    return store.web_sessions.use_link(key, at=LATER)


def test_two_processes_racing_for_one_link_open_one_session(database_url: str) -> None:
    first, second = open_storage(database_url), open_storage(database_url)
    try:
        for attempt in range(20):
            key = f"race{attempt}"
            first.web_sessions.add_link(key, ANA, at=AT, expires_at=AT + timedelta(minutes=10))
            with ThreadPoolExecutor(max_workers=2) as pool:
                racing = [pool.submit(use, store, key) for store in (first, second)]
                results = [future.result() for future in racing]
            assert results.count(ANA) == 1 and results.count(None) == 1
    finally:
        first.close()
        second.close()


def test_sessions_outlive_the_process_until_they_expire_or_sign_out(database_url: str) -> None:
    first = open_storage(database_url)
    try:
        sign_in = WebSignIn(first.web_sessions, base_url="https://bot.example.org")
        link = sign_in.issue_link(ANA, at=AT)
        signed = sign_in.sign_in(link.rsplit("/", 1)[1], at=LATER)
        assert signed is not None
    finally:
        first.close()
    second = open_storage(database_url)
    try:
        sign_in = WebSignIn(second.web_sessions, base_url="https://bot.example.org")
        found = sign_in.session(signed.cookie, at=LATER)
        assert found is not None
        assert (found.user_id, found.csrf) == (ANA, signed.session.csrf)
        assert found.form_key == signed.session.form_key  # every process signs forms alike
        assert sign_in.session(signed.cookie, at=signed.session.expires_at) is None  # expired
        assert second.web_sessions.get(token_hash(signed.cookie), at=LATER) is not None
        sign_in.set_language(signed.cookie, "en")
        assert sign_in.session(signed.cookie, at=LATER) == found.__class__(
            user_id=ANA,
            csrf=found.csrf,
            form_key=found.form_key,
            expires_at=found.expires_at,
            language="en",
        )
        sign_in.sign_out(signed.cookie)
        assert sign_in.session(signed.cookie, at=LATER) is None
    finally:
        second.close()
