"""The directory and what grows around it: suggestions, missed searches, synonyms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from chatbot.directory import (
    Change,
    Entry,
    ImportResult,
    MissedSearch,
    Suggestion,
    ThesaurusVersion,
)
from chatbot.ids import UserId


class DirectoryRepository(Protocol):
    def all(self) -> list[Entry]:
        """Every entry, sorted by name."""
        ...

    def get(self, entry_id: int) -> Entry | None: ...

    def get_by_name(self, name: str) -> Entry | None:
        """The entry whose name equals ``name`` ignoring case (None if there is none)."""
        ...

    def revision(self) -> int:
        """A number that changes whenever any entry changes; lets caches know they are stale."""
        ...

    def add(self, entry: Entry, *, actor: UserId, at: datetime) -> Entry:
        """Store a new entry and its "created" history line; raises
        :class:`~chatbot.errors.NameTaken`."""
        ...

    def update(
        self, entry_id: int, changes: dict[str, object], *, actor: UserId, at: datetime
    ) -> Entry:
        """Apply ``changes`` (field -> new value), one history line per changed field.

        ``"referents"`` (a tuple of :class:`~chatbot.directory.Referent`) replaces the entry's
        referents in the same transaction: a ``"referent"`` history line per one added,
        changed or removed. Every read (``all``, ``get``...) returns entries with theirs."""
        ...

    def remove(self, entry_id: int, *, actor: UserId, at: datetime) -> Entry:
        """Delete an entry; its history stays readable."""
        ...

    def verify(
        self, entry_id: int, *, actor: UserId, at: datetime, field: str = "", actor_name: str = ""
    ) -> Entry:
        """Checked at the source: the whole entry (clears its flag; ``actor_name`` is how the
        card names who did it), or only ``field`` (``phones`` or ``hours``); in history."""
        ...

    def assign(
        self,
        entry_id: int,
        *,
        verifier: UserId | None,
        every_days: int | None,
        actor: UserId,
        at: datetime,
    ) -> Entry:
        """Set who verifies the entry and its own interval (None: none, the default); history
        lines ``verifier`` / ``interval`` for what changed."""
        ...

    def flag(self, entry_id: int, note: str, *, actor: UserId, at: datetime) -> Entry:
        """Report the entry as possibly outdated (``note``: what is wrong) until it is verified
        or edited; a "flagged" history line."""
        ...

    def count_lookup(self, entry_id: int) -> None:
        """One more lookup answered with this entry: one UPDATE, no revision change."""
        ...

    def release_verifier(self, verifier: UserId, *, actor: UserId, at: datetime) -> list[Entry]:
        """Clear ``verifier`` from every entry they verify (gone: the coordinators take them
        over); those entries, by name. Done twice at once, it is recorded once."""
        ...

    def history(self, entry_id: int) -> list[Change]:
        """The entry's history, oldest first."""
        ...

    def removed_named(self, name: str) -> Change | None:
        """The removal of the entry last removed under ``name`` (ignoring case), if any: its
        history stays readable."""
        ...

    def holds_demo(self) -> bool:
        """Whether any entry is a demo entry (``Entry.demo``): the demo directory is in use."""
        ...

    def holds_only_demo(self) -> bool:
        """Whether there are entries and every one is a demo entry: what an import replaces."""
        ...

    def import_entries(
        self, entries: Sequence[Entry], *, actor: UserId, at: datetime
    ) -> ImportResult:
        """Create or update entries by name (case-insensitive), all in one transaction.

        When the directory :meth:`holds_only_demo` and ``entries`` hold a real (non-demo) entry,
        the demo entries are removed first, in the same transaction (``replaced_demo`` counts
        them): a "removed" history line each, and their pending suggestions deleted.
        """
        ...


class SuggestionRepository(Protocol):
    def create(self, suggestion: Suggestion) -> Suggestion: ...

    def get(self, suggestion_id: int) -> Suggestion | None: ...

    def pending(self) -> list[Suggestion]:
        """Pending suggestions, oldest first."""
        ...

    def approve(self, suggestion_id: int, *, actor: UserId, at: datetime) -> Suggestion:
        """Apply the suggested value to its entry and mark it approved, in one transaction."""
        ...

    def reject(
        self, suggestion_id: int, *, actor: UserId, at: datetime, reason: str
    ) -> Suggestion: ...


class MissedSearchRepository(Protocol):
    def record(self, query: str, *, user_id: UserId, at: datetime) -> None: ...

    def top(self, *, since: datetime, limit: int) -> list[MissedSearch]:
        """The most frequent missed queries since ``since``, most frequent first, leaving out
        those a coordinator settled (now an entry's alias, or their alias proposal ignored)."""
        ...

    def take_recent(self, user_id: UserId, *, since: datetime) -> str | None:
        """``user_id``'s latest missed query since ``since`` not yet followed by a success,
        marking all their misses followed up (a miss teaches one alias at most)."""
        ...


class ThesaurusRepository(Protocol):
    """The programme's own synonyms, versioned: every change saves a new version."""

    def current(self) -> ThesaurusVersion | None: ...

    def save(self, text: str, *, actor: UserId, at: datetime, note: str = "") -> ThesaurusVersion:
        """Store ``text`` as the new current version (and let search indexes know)."""
        ...

    def history(self, *, limit: int) -> list[ThesaurusVersion]:
        """The latest versions, newest first."""
        ...
