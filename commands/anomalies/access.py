"""Which report a person may read or act on, by number (see :func:`chatbot.anomalies.may_see`).

A report the person may not see gets the same answer as a missing one: "There is no report
#N." Reading it (``anomaly N``), commenting on it and every other volunteer action go through
:func:`visible_report`; a +1 (:func:`supportable_report`) is also allowed on a report the bot
itself offered to the person, which is an open report similar to one they made (the "same
problem?" offer after ``report``): the offer is checked again, so guessing a number gives
nothing. Reading an offered report says how to follow it rather than that it does not exist.
"""

from __future__ import annotations

from chatbot.anomalies import Anomaly, AnomalyQuery, may_see
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import _
from commands.anomalies.text import similar_reports

OWN_REPORTS_CHECKED = 50
"""How many of the person's latest reports may hold a similarity offer."""


def no_report(number: int) -> CommandError:
    return CommandError(_("There is no report #{n}.").format(n=number))


def visible_report(ctx: Context, number: int) -> Anomaly:
    """Report ``number`` if the person may see it, else "There is no report #N." (or, for
    the one the bot offered them as the same problem, how to follow it)."""
    found = ctx.services.anomalies.get(number)
    if found is None:
        raise no_report(number)
    if not may_see(found, ctx.user_id, coordinator=ctx.is_coordinator):
        if found.is_open and offered(ctx, found):
            raise CommandError(
                _("Report #{n} is someone else's: add your +1 to follow it (+1 {n}).").format(
                    n=number
                )
            )
        raise no_report(number)
    return found


def offered(ctx: Context, anomaly: Anomaly, *, mine: int | None = None) -> bool:
    """Whether the bot offered ``anomaly`` to the person as the same problem as one of their
    own reports (``mine`` if given): the similarity offer made after ``report``."""
    query = AnomalyQuery(open_only=False, involving=ctx.user_id, limit=OWN_REPORTS_CHECKED)
    for own in ctx.services.anomalies.find(query):
        if own.reporter != ctx.user_id or own.id == anomaly.id:
            continue
        if mine is not None and own.id != mine:
            continue
        if similar_reports(own.text, [anomaly], exclude=own.id):
            return True
    return False


def supportable_report(ctx: Context, number: int, *, mine: int | None = None) -> Anomaly:
    """Report ``number`` if the person may +1 it: they see it, or it was offered to them."""
    found = ctx.services.anomalies.get(number)
    if found is None:
        raise no_report(number)
    if may_see(found, ctx.user_id, coordinator=ctx.is_coordinator):
        return found
    if offered(ctx, found, mine=mine):
        return found
    raise no_report(number)
