"""Reading the directory: lookup, themes, stale entries."""

from __future__ import annotations

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import Entry
from chatbot.events import LookupSucceeded
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.reply import Actions, Button, Divider, Heading, Note, Reply, Text
from chatbot.roles import Role
from commands.directory.cards import card, entry_list, entry_ref, format_day, is_stale
from commands.directory.index import directory_entries, resolve_entry, search_index

lookup_commands = CommandSet()

_THEME_WORDS = ("theme", "thème", "themes", "thèmes", "categorie", "catégorie")


@lookup_commands.command(
    "lookup",
    aliases=("annuaire", "cherche", "chercher", "search", "find"),
    usage=N_("<words> | theme <theme>"),
    help=N_("Find a contact in the directory: lookup caf, lookup tel cpas, lookup 3919."),
    labels={"words": N_("What are you looking for?")},
)
async def lookup(ctx: Context, words: Words) -> Reply:
    first, _sep, rest = words.partition(" ")
    if fold(first) in {fold(w) for w in _THEME_WORDS}:
        return _theme_listing(ctx, rest.strip())
    hits = search_index(ctx).search(
        words, limit=1 + ctx.services.settings.directory_lookup_alternatives
    )
    if not hits:
        ctx.services.missed_searches.record(words, user_id=ctx.user_id, at=ctx.now())
        return Reply.text(
            _("No entry found for «{query}». Try other words, or type themes.").format(query=words)
        )
    await ctx.services.publish(LookupSucceeded(user_id=ctx.user_id, at=ctx.now()))
    best, *others = (hit.entry for hit in hits)
    reply = card(ctx, best)
    if others:
        reply += Reply.of(
            Divider(),
            Text(_("Other results:")),
            entry_list(ctx, others),
            Actions(
                tuple(
                    Button(_("Show {name}").format(name=e.name), "show", entry_ref(e))
                    for e in others
                )
            ),
        )
    return reply


@lookup_commands.command(
    "show",
    aliases=("voir", "fiche"),
    usage=N_("<entry>"),
    help=N_("Show the full card of one entry."),
)
async def show(ctx: Context, entry: str) -> Reply:
    return card(ctx, resolve_entry(ctx, entry))


@lookup_commands.command(
    "themes",
    aliases=("categories",),
    help=N_("List the directory's themes with how many entries each has."),
)
async def themes(ctx: Context) -> Reply:
    counts: dict[str, int] = {}
    for entry in _visible_entries(ctx):
        theme = entry.theme or _("(no theme)")
        counts[theme] = counts.get(theme, 0) + 1
    if not counts:
        return Reply.text(_("The directory is empty."))
    lines = [f"{theme} ({count})" for theme, count in sorted(counts.items(), key=_theme_key)]
    return Reply.of(
        Heading(_("Themes")),
        Text("\n".join(lines)),
        Note(_("Type lookup theme <theme> to list one theme.")),
    )


@lookup_commands.command(
    "stale",
    aliases=("a-verifier", "averifier", "perimes"),
    help=N_("List the entries due for verification, oldest first."),
    role=Role.COORDINATOR,
)
async def stale(ctx: Context) -> Reply:
    due = [e for e in directory_entries(ctx) if is_stale(ctx, e)]
    if not due:
        return Reply.text(_("Every entry has been verified recently. Well done!"))
    due.sort(key=lambda e: (e.last_verified_at is not None, e.last_verified_at, fold(e.name)))
    lines = [
        f"{e.name} · "
        + (format_day(e.last_verified_at) if e.last_verified_at else _("never verified"))
        for e in due
    ]
    return Reply.of(
        Heading(_("{count} entries to check").format(count=len(due))),
        Text("\n".join(lines)),
        Note(_("Type verify <entry> once you have checked one at the source.")),
    )


def _visible_entries(ctx: Context) -> list[Entry]:
    entries = directory_entries(ctx)
    return entries if ctx.may_see_internal else [e for e in entries if not e.internal]


def _theme_key(item: tuple[str, int]) -> str:
    return fold(item[0])


def _theme_listing(ctx: Context, wanted: str) -> Reply:
    if not wanted:
        return Reply.text(_("Which theme? Type themes to see them all."))
    entries = _visible_entries(ctx)
    themes = {e.theme for e in entries if e.theme}
    theme = _match_theme(wanted, themes)
    if theme is None:
        return Reply.text(
            _("No theme is called «{theme}». Type themes to see them all.").format(theme=wanted)
        )
    members = sorted((e for e in entries if e.theme == theme), key=lambda e: fold(e.name))
    return Reply.of(
        Heading(f"{theme} ({len(members)})"),
        entry_list(ctx, members),
    )


def _match_theme(wanted: str, themes: set[str]) -> str | None:
    """Exact theme first (accents and case ignored), then the one theme starting with it."""
    folded = fold(wanted).strip()
    by_fold = {fold(t): t for t in themes}
    if folded in by_fold:
        return by_fold[folded]
    starting = [t for f, t in by_fold.items() if f.startswith(folded) or folded in f.split()]
    return starting[0] if len(starting) == 1 else None
