"""The domain's errors: what went wrong, said once, in the core's words.

Repositories and commands raise them; the bot turns each into a message for the user in one
place (:func:`chatbot.bot.explain`), so a command needs no ``try`` to answer "no such report" or
"that name is taken". Any other exception is a bug or an outage: the user reads "something went
wrong" and the log has the traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from chatbot.anomalies import AnomalyStatus
    from chatbot.directory import SuggestionStatus


class DomainError(Exception):
    """A request the domain refuses; the user is told why, nothing was changed."""


class CommandError(DomainError):
    """A refusal a command words itself; ``str(error)`` is shown to the user as is, so it must
    already be translated."""


Kind = Literal["entry", "suggestion", "report", "newcomer"]


class NotFound(DomainError, LookupError):
    """There is no ``kind`` with this ``key`` (any more). ``name`` is how users knew it."""

    def __init__(
        self, kind: Kind, key: object, *, name: str = "", suggestion: int | None = None
    ) -> None:
        super().__init__(f"no {kind} {key!r}")
        self.kind: Kind = kind
        self.key = key
        self.name = name
        self.suggestion = suggestion
        """The suggestion being decided when its entry was found gone."""


class EntryNotFound(NotFound):
    def __init__(self, entry_id: int, *, name: str = "", suggestion: int | None = None) -> None:
        super().__init__("entry", entry_id, name=name, suggestion=suggestion)


class NameTaken(DomainError):
    """Another entry already has this name (``str(error)`` is the name)."""

    def __init__(self, name: str, *, suggestion: int | None = None) -> None:
        super().__init__(name)
        self.name = name
        self.suggestion = suggestion
        """The suggestion that would have renamed an entry to ``name``: it stays pending."""


class AlreadyDecided(DomainError):
    """The suggestion was approved or rejected already."""

    def __init__(self, suggestion: int, status: SuggestionStatus) -> None:
        super().__init__(f"suggestion {suggestion} is already {status.value}")
        self.suggestion = suggestion
        self.status = status


class InvalidTransition(DomainError):
    """The report's status does not allow the change (already resolved, merged...)."""

    def __init__(
        self,
        anomaly_id: int,
        current: AnomalyStatus,
        target: AnomalyStatus,
        *,
        merged_into: int | None = None,
    ) -> None:
        super().__init__(f"report {anomaly_id} is {current.value}, cannot become {target.value}")
        self.anomaly_id = anomaly_id
        self.current = current
        self.target = target
        self.merged_into = merged_into
