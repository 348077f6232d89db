"""The verification round: each verifier, and each coordinator, gets a short list of their
stale entries, most looked-up first, with one-tap "still correct" / "suggest a fix".

``verify-round`` answers the speaker's own list; ``verify-round all`` (coordinators), and the
weekly job (``DIRECTORY_ROUND_CRON``), send everyone theirs, each under the key of its day or
week: a second bot process, or a restart, enqueues the same key and nothing goes twice.

Entries nobody verifies are shared out among the coordinators, each their own (round-robin
along the list); those of a verifier who left are theirs (see commands.directory.stewardship).
"""

from __future__ import annotations

import logging

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.cron import last_fire_times
from chatbot.directory import Entry, stale_entries
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.ids import UserId
from chatbot.parsing import fold
from chatbot.reply import Actions, Block, Button, Heading, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from commands.directory.cards import entry_ref, format_day

log = logging.getLogger(__name__)

ALL_WORDS = frozenset({"all", "tous", "toutes", "everyone"})


def round_commands() -> CommandSet:
    commands = CommandSet()

    @commands.command(
        "verify-round",
        aliases=("tournée", "verification"),
        usage=N_("[all]"),
        help=N_(
            "Your short list of entries to check, most looked-up first (all: send everyone theirs)."
        ),
    )
    async def verify_round(ctx: Context, scope: Words | None = None) -> Reply:
        services = ctx.services
        if scope and fold(scope).strip() in ALL_WORDS:
            if not ctx.is_coordinator:
                raise CommandError(
                    _("Sorry, {command} is for {role}s only.").format(
                        command="verify-round all", role=_(Role.COORDINATOR.label)
                    )
                )
            sent = await send_rounds(services, key=f"verify-round:{ctx.now().date()}")
            return Reply.text(_("Verification rounds sent to {count} people.").format(count=sent))
        lists = round_lists(services)
        return round_reply(lists.get(ctx.user_id, []))

    @commands.job("directory-round", cron=lambda settings: settings.directory_round_cron)
    async def weekly_round(services: Services) -> None:
        settings = services.settings
        now = services.clock.now()
        fired = last_fire_times(settings.directory_round_cron, settings.bot_timezone, now, 1)
        first = services.first_started_at
        if not fired or (first is not None and fired[-1] < first):
            return  # a new install missed no round
        await send_rounds(services, key=f"verify-round:{fired[-1].isoformat()}")

    return commands


def round_lists(services: Services) -> dict[UserId, list[Entry]]:
    """Each person's stale entries for this round, most looked-up first, at most
    ``DIRECTORY_ROUND_SIZE`` each."""
    settings = services.settings
    size = settings.directory_round_size
    due = stale_entries(
        services.directory.all(),
        services.clock.now(),
        settings.directory_stale_days,
        by_theme=settings.directory_stale_days_by_theme,
    )
    due.sort(key=lambda e: -e.lookups)  # stable: never verified, then oldest, stay in order
    lists: dict[UserId, list[Entry]] = {}
    unowned = []
    for entry in due:
        if entry.verifier is None:
            unowned.append(entry)
        else:
            lists.setdefault(entry.verifier, []).append(entry)
    coordinators = services.roles.at_least(Role.COORDINATOR)
    for n, entry in enumerate(unowned[: size * len(coordinators)]):
        lists.setdefault(coordinators[n % len(coordinators)], []).append(entry)
    return {who: entries[:size] for who, entries in lists.items()}


def round_reply(entries: list[Entry]) -> Reply:
    if not entries:
        return Reply.text(_("Nothing to check for you right now. Thank you!"))
    blocks: list[Block] = [
        Heading(_("Your verification round ({count})").format(count=len(entries)))
    ]
    for entry in entries:
        blocks.append(Text(_item(entry)))
        blocks.append(
            Actions(
                (
                    Button(_("Still correct"), "verify", entry_ref(entry)),
                    Button(_("Suggest a fix"), "suggest", entry_ref(entry)),
                )
            )
        )
    blocks.append(Note(_("Most looked-up first. Check each at the source, then tap a button.")))
    return Reply.of(*blocks)


def _item(entry: Entry) -> str:
    when = (
        _("last verified on {day}").format(day=format_day(entry.last_verified_at))
        if entry.last_verified_at
        else _("never verified")
    )
    line = _("{name}: {when}, looked up {count} times").format(
        name=entry.name, when=when, count=entry.lookups
    )
    if entry.flag:
        line += " · " + _("reported: {what}").format(what=entry.flag)
    return line


async def send_rounds(services: Services, *, key: str) -> int:
    """Send each person their round; how many were enqueued (a key already used counts
    none)."""
    sent = 0
    for recipient, entries in sorted(round_lists(services).items()):
        if services.messenger.send(
            recipient, round_reply(entries), to_user=True, key=f"{key}:{recipient}"
        ):
            sent += 1
    log.info("verification rounds enqueued for %d people", sent)
    return sent
