"""``outbox``: the messages the bot could not deliver (dead letters, see :mod:`chatbot.outbox`),
why, and to whom; admins send one again once the cause is fixed, or drop it. The coordinators'
digest says when there are some."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_timedelta

from chatbot.commands import CommandSet, typed_number
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _, current_language, ngettext
from chatbot.parsing import fold
from chatbot.ports import DeadLetter
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text, reply_from_json
from chatbot.roles import Role
from chatbot.services import Services

outbox_commands = CommandSet()

SHOWN = 20
EXCERPT = 60
_RETRY = {"retry", "reessayer", "renvoyer"}
_DROP = {"drop", "supprimer", "oublier"}
_ALL = {"all", "tout", "tous"}


@outbox_commands.command(
    "outbox",
    aliases=("envois",),
    usage=N_("[retry|drop <number|all>]"),
    help=N_("Messages the bot could not deliver, and why; send one again or drop it."),
    role=Role.ADMIN,
)
async def outbox(ctx: Context, action: str = "", target: str = "") -> Reply:
    word = fold(action)
    if not word:
        return _list(ctx.services, ctx.now())
    if word not in _RETRY | _DROP or not target:
        raise CommandError(_("Type outbox, outbox retry <number> or outbox drop <number>."))
    number = _number(target)
    repo = ctx.services.outbox
    if word in _RETRY:
        count = repo.revive(number, at=ctx.now())
        _found(count, number)
        ctx.services.messenger.wake()
        if number is None:
            text = ngettext(
                "{n} message will be sent again.", "{n} messages will be sent again.", count
            )
            return Reply.text(text.format(n=count))
        return Reply.text(_("Message #{n} will be sent again.").format(n=number))
    count = repo.drop(number)
    _found(count, number)
    if number is None:
        return Reply.text(
            ngettext("{n} message dropped.", "{n} messages dropped.", count).format(n=count)
        )
    return Reply.text(_("Message #{n} dropped.").format(n=number))


def _number(target: str) -> int | None:
    """The dead letter's id, or None for all of them."""
    if fold(target) in _ALL:
        return None
    number = typed_number(target)
    if number is None:
        raise CommandError(_("Give the number of the message (#12) or all."))
    return number


def _found(count: int, number: int | None) -> None:
    if count == 0 and number is not None:
        raise CommandError(_("There is no undelivered message #{n}.").format(n=number))


def _list(services: Services, now: datetime) -> Reply:
    total = services.outbox.dead_count()
    if not total:
        return Reply.text(_("Every message the bot owed was delivered."))
    letters = services.outbox.dead_letters(limit=SHOWN)
    heading = ngettext(
        "{n} message could not be delivered", "{n} messages could not be delivered", total
    )
    blocks: list[Block] = [
        Heading(heading.format(n=total)),
        BulletList(tuple(_line(letter, now) for letter in letters)),
    ]
    if total > len(letters):
        more = total - len(letters)
        blocks.append(Note(ngettext("and {n} more", "and {n} more", more).format(n=more)))
    blocks.append(
        Note(_("Fix the cause, then: outbox retry <number> (or all); outbox drop <number>."))
    )
    return Reply.of(*blocks)


def _line(letter: DeadLetter, now: datetime) -> str:
    age = format_timedelta(
        letter.created_at - now, add_direction=True, threshold=1.5, locale=current_language()
    )
    text = " ".join(reply_from_json(letter.reply).plain_text().split())
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1] + "…"
    return _("#{n} to {recipient}, {age}: «{text}» · {reason}").format(
        n=letter.id, recipient=letter.recipient, age=age, text=text, reason=letter.reason
    )


def undelivered_section(services: Services) -> list[Block]:
    """The digest's line about dead letters: nothing when every message went out."""
    count = services.outbox.dead_count()
    if not count:
        return []
    text = ngettext(
        "{n} message could not be delivered: admins, type outbox to see why.",
        "{n} messages could not be delivered: admins, type outbox to see why.",
        count,
    )
    return [Text(text.format(n=count))]
