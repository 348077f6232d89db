"""The helpers every part of the bot shares: one backoff, one atomic write, one largest number,
one comma-list setting reader, one staleness rule."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

import pytest

from adapters.matrix.retry import Backoff
from adapters.matrix.settings import MatrixSettings
from chatbot.backoff import backoff
from chatbot.commands import MAX_NUMBER, typed_number
from chatbot.directory import Entry, is_stale, stale_entries
from chatbot.files import write_atomically
from chatbot.settings import Settings, comma_list
from tests.harness import no_env

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_backoff_doubles_from_the_first_wait_up_to_the_longest() -> None:
    assert [backoff(n, first=0.5, longest=3) for n in range(5)] == [0.5, 1, 2, 3, 3]
    assert backoff(10_000, first=5, longest=900) == 900  # no overflow after a long outage


def test_the_matrix_backoff_counts_failures_and_starts_over_after_a_success() -> None:
    waits = Backoff(maximum=4, first=1)
    assert [waits.next() for _ in range(4)] == [1, 2, 4, 4]
    waits.reset()
    assert waits.next() == 1
    assert Backoff(maximum=0.2).next() == 0.2  # never longer than the maximum


def test_an_atomic_write_replaces_the_file_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")
    assert write_atomically(target, lambda stream: stream.write("new")) == 3
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")

    def half(stream: TextIO) -> None:
        stream.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, half)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


@pytest.mark.parametrize(
    ("word", "number"),
    [("12", 12), ("#12", 12), ("n°12", 12), (str(MAX_NUMBER), MAX_NUMBER)],
)
def test_a_typed_number_up_to_the_largest_id(word: str, number: int) -> None:
    assert typed_number(word) == number


@pytest.mark.parametrize("word", [str(MAX_NUMBER + 1), "١٢", "12a", "", "-3"])
def test_a_larger_number_or_no_number_is_refused(word: str) -> None:
    assert typed_number(word) is None


def test_list_settings_are_comma_separated_in_the_bot_and_the_matrix_settings() -> None:
    assert comma_list(" slack:U1, ,matrix:@a:hs ") == ["slack:U1", "matrix:@a:hs"]
    assert comma_list(["kept"]) == ["kept"]
    settings = no_env(Settings, digest_targets="slack:C1, matrix:!r:hs,")
    assert settings.digest_targets == ["slack:C1", "matrix:!r:hs"]
    matrix = no_env(MatrixSettings, matrix_allowed_inviters="@ana:hs , example.org")
    assert matrix.matrix_allowed_inviters == ["@ana:hs", "example.org"]


def _entry(name: str, verified_days_ago: float | None) -> Entry:
    verified = None if verified_days_ago is None else NOW - timedelta(days=verified_days_ago)
    return Entry(name=name, last_verified_at=verified)


def test_an_entry_is_stale_unverified_or_past_the_limit() -> None:
    assert is_stale(_entry("a", None), NOW, 180)
    assert is_stale(_entry("a", 180.01), NOW, 180)
    assert not is_stale(_entry("a", 180), NOW, 180)
    assert not is_stale(_entry("a", 1), NOW, 180)


def test_stale_entries_come_unverified_first_then_oldest_then_by_name() -> None:
    entries = [_entry("Zèbre", 400), _entry("écluse", 200), _entry("Abri", None), _entry("b", 2)]
    due = stale_entries(entries, NOW, 180)
    assert [e.name for e in due] == ["Abri", "Zèbre", "écluse"]
