"""``reject``: one word for the coordinators' two kinds of "no".

``reject 3 <reason>`` turns down suggestion #3 or closes report #3, whichever is waiting; when
both are, the bot asks which. The explicit forms name the kind: ``reject suggestion 3 <reason>``,
``reject anomalie 3 <reason>``, as help, usage and the question for the number say; buttons
carry the one-word ``reject suggestion#3 <reason>``: the reason is then asked for (or shown as a
form field) when it is missing.
"""

from __future__ import annotations

import re
from typing import Literal

from chatbot.commands import MAX_NUMBER, CommandSet, Words
from chatbot.context import Context
from chatbot.directory import SuggestionStatus
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.reply import Actions, Button, Reply, Text
from chatbot.roles import Role
from commands.anomalies.follow_up import reject_anomaly
from commands.directory.suggestions import reject_suggestion

decision_commands = CommandSet()

Kind = Literal["suggestion", "anomaly"]

_KIND_WORDS: dict[str, Kind] = {
    "suggestion": "suggestion",
    "suggestions": "suggestion",
    "proposition": "suggestion",
    "propositions": "suggestion",
    "anomaly": "anomaly",
    "anomalie": "anomaly",
    "anomalies": "anomaly",
    "report": "anomaly",
    "signalement": "anomaly",
}
_COMPACT = re.compile(r"^([a-z]+)\s*[#:-]?\s*(\d+)$")


@decision_commands.command(
    "reject",
    aliases=("rejeter", "refuser", "classer"),
    phrases=("classer sans suite",),
    usage=N_("[suggestion|anomalie] <number> <reason>"),
    help=N_(
        "Turn down a suggested edit or close a report without action, saying why; when both "
        "have that number: reject suggestion 3 <reason> or reject anomalie 3 <reason>."
    ),
    role=Role.COORDINATOR,
    labels={
        "target": N_("Which suggestion or report? (e.g. 3, suggestion 3 or anomalie 3)"),
        "reason": N_("Why? The author is told."),
    },
    prompt=True,
)
async def reject(ctx: Context, target: str, reason: Words) -> Reply:
    kind, number, why = _read(target, reason)
    if number > MAX_NUMBER:  # larger than any id the database can hold
        raise CommandError(_("There is no suggestion or report #{n}.").format(n=number))
    if kind is None:
        kind = _waiting_kind(ctx, number)
        if kind is None:
            return _which(number, why)
    if not why:
        raise CommandError(
            _("Please say why: reject {kind} {n} <reason>.").format(
                kind="suggestion" if kind == "suggestion" else "anomalie", n=number
            )
        )
    if kind == "suggestion":
        return await reject_suggestion(ctx, number, why)
    return await reject_anomaly(ctx, number, why)


def _read(target: str, reason: str) -> tuple[Kind | None, int, str]:
    """(kind or None when unsaid, number, reason) from the typed words."""
    word = fold(target).strip().lstrip("#")
    if word.isdecimal():
        return None, int(word), reason.strip()
    compact = _COMPACT.match(word)
    if compact and compact.group(1) in _KIND_WORDS:
        return _KIND_WORDS[compact.group(1)], int(compact.group(2)), reason.strip()
    if word in _KIND_WORDS:
        first, _sep, rest = reason.strip().partition(" ")
        digits = first.lstrip("#")
        if digits.isdecimal():
            return _KIND_WORDS[word], int(digits), rest.strip()
    raise CommandError(
        _("Usage: reject [suggestion|anomalie] <number> <reason>, e.g. reject 3 duplicate.")
    )


def _waiting_kind(ctx: Context, number: int) -> Kind | None:
    """The kind of #number that is waiting for a decision; None when both are."""
    suggestion = ctx.services.suggestions.get(number)
    anomaly = ctx.services.anomalies.get(number)
    suggestion_waits = suggestion is not None and suggestion.status is SuggestionStatus.PENDING
    anomaly_waits = anomaly is not None and anomaly.is_open and ctx.is_coordinator
    if suggestion_waits and anomaly_waits:
        return None
    if suggestion_waits or (suggestion is not None and anomaly is None):
        return "suggestion"
    if anomaly is not None:
        return "anomaly"
    raise CommandError(_("There is no suggestion or report #{n}.").format(n=number))


def _which(number: int, reason: str) -> Reply:
    return Reply.of(
        Text(
            _("Suggestion #{n} and report #{n} are both waiting: which one do you reject?").format(
                n=number
            )
        ),
        Actions(
            (
                Button(
                    _("Suggestion #{n}").format(n=number), "reject", f"suggestion#{number} {reason}"
                ),
                Button(_("Report #{n}").format(n=number), "reject", f"anomaly#{number} {reason}"),
            )
        ),
    )
