"""Reads done on every message are cached: own writes show at once, other processes' soon."""

from datetime import UTC, datetime

import pytest

from chatbot.directory import Entry
from chatbot.ids import UserId
from chatbot.roles import Role
from storage import directory_repo, misc_repos, open_storage

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)
ADMIN = UserId("console:ada")


def test_own_writes_are_seen_at_once(database_url: str) -> None:
    store = open_storage(database_url)
    try:
        before = store.directory.revision()
        assert store.roles.get(UserId("slack:U1")) is None
        store.roles.set(UserId("slack:U1"), Role.COORDINATOR, actor=ADMIN, at=T0)
        store.directory.add(Entry(name="CAF du Rhône"), actor=ADMIN, at=T0)
        assert store.roles.get(UserId("slack:U1")) is Role.COORDINATOR
        assert store.directory.revision() > before
    finally:
        store.close()


def test_another_process_changes_show_after_the_freshness_window(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(misc_repos, "ROLES_FRESHNESS_SECONDS", 0.0)
    monkeypatch.setattr(directory_repo, "REVISION_FRESHNESS_SECONDS", 0.0)
    here, elsewhere = open_storage(database_url), open_storage(database_url)
    try:
        before = here.directory.revision()
        assert here.roles.get(UserId("matrix:@ana:hs")) is None
        elsewhere.roles.set(UserId("matrix:@ana:hs"), Role.ADMIN, actor=ADMIN, at=T0)
        elsewhere.directory.add(Entry(name="CPAS d'Ixelles"), actor=ADMIN, at=T0)
        assert here.roles.get(UserId("matrix:@ana:hs")) is Role.ADMIN
        assert here.directory.revision() > before
    finally:
        here.close()
        elsewhere.close()
