"""Reading the directory: lookup, themes, stale entries."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chatbot.bot import closest_command
from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import Entry, stale_entries
from chatbot.events import LookupSucceeded
from chatbot.i18n import N_, _
from chatbot.paging import page_footer, page_of, split_page
from chatbot.parsing import fold, plain_words
from chatbot.reply import Actions, BulletList, Button, Divider, Heading, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from commands.directory.cards import (
    card,
    entry_list,
    entry_ref,
    format_day,
    summary_line,
)
from commands.directory.fields import parse_field
from commands.directory.index import DirectoryIndex
from commands.directory.learning import learn_from_last_miss, propose_alias, record_miss
from commands.directory.normalize import FILLER_WORDS
from commands.directory.referent_search import with_internal_referents
from commands.directory.search import Hit

_THEME_WORDS = ("theme", "thème", "themes", "thèmes", "categorie", "catégorie")

CONFIDENT_SCORE = 70.0
"""A plain message is answered with a card only from this score; below, the bot asks."""
SURE_SCORE = 90.0
"""From this score an entry is named beyond doubt by a text given to another command."""
MAX_PLAIN_WORDS = 12
OFFICES_TIE = 1.0
"""Points within which two local offices answer a lookup as well as each other."""
_WRONG = r"(?:faux|fausse|errone|erronee|incorrect|wrong|obsolete|perime|perimee|plus bon|pas bon)"
_SAID_WRONG = re.compile(
    rf"(?:(?:c est|c|cest|il est|elle est) )?{_WRONG} (?:pour |sur )?(?P<after>.+)"
    rf"|(?P<before>.+?) (?:est|sont|is|are|n est|ne sont) (?:plus |pas |vraiment )?{_WRONG}"
)
"""Someone saying what the directory says is wrong, before or after naming it."""
"""Longer plain messages are not lookups (a story, a report): the bot says what it can do."""


def lookup_commands(index: DirectoryIndex) -> CommandSet:
    """``lookup``, ``show``, ``themes``, ``stale`` and the reading of plain questions, all
    searching ``index`` (the bot's own: see ``directory_command_sets``)."""
    commands = CommandSet()

    @commands.command(
        "lookup",
        aliases=("annuaire", "cherche", "chercher", "search", "find"),
        usage=N_("<words> | theme <theme>"),
        help=N_("Find a contact in the directory: lookup caf, lookup tel cpas, lookup 3919."),
        labels={"words": N_("What are you looking for?")},
        read_only=True,
    )
    async def lookup(ctx: Context, words: Words) -> Reply:
        first, _sep, rest = words.partition(" ")
        if fold(first) in {fold(w) for w in _THEME_WORDS}:
            return _theme_listing(ctx, index, rest.strip())
        hits = _search(ctx, index, words)
        if not hits:
            record_miss(ctx, words)
            return _nothing_found(words)
        return await _answer(ctx, index, words, hits)

    @commands.reads("entry")
    def entry_name(services: Services, words: Sequence[str]) -> int:
        return index.leading_name(services, words)

    @commands.understands
    async def plain_question(ctx: Context, text: str, sure_only: bool) -> Reply | None:
        """``numéro de la caf ?`` in a direct conversation: a lookup when the search is sure."""
        words = text.split()
        if len(words) > MAX_PLAIN_WORDS:
            return None
        found = index.current(ctx.services)
        # "violence", "carte": words of the field, not typos of "silence" or "calme"
        mistyped = _mistyped_command(ctx, words[0]) and not found.field_knows(words[0])
        if not sure_only and mistyped and not found.knows(words[0]):
            return None  # "lokup caf": a mistyped command, the bot suggests the right one
        hits = _search(ctx, index, text)
        if hits and hits[0].score >= CONFIDENT_SCORE:
            return await _answer(ctx, index, text, hits)
        if sure_only:
            return None
        if not hits and mistyped:
            return None  # "resolv 2", "acq 2": a mistyped command, no search that found nothing
        if hits:
            return Reply.of(
                Text(_("I am not sure I understood. Are you looking for one of these?")),
                entry_list(ctx, [hit.entry for hit in hits]),
                Actions(tuple(_show_button(hit.entry, text) for hit in hits)),
                Note(_("Or type help to see what I can do.")),
            )
        record_miss(ctx, text)
        return _nothing_found(text) + Reply.of(
            Note(
                _(
                    "To find a contact: lookup <words>. To report a problem: report <what you "
                    "saw>. Everything else: help."
                )
            )
        )

    @commands.understands_first
    async def said_wrong(ctx: Context, text: str, sure_only: bool) -> Reply | None:
        """ "C'est faux, le numéro de la cpam", "le 3230 n'est plus bon": the entry named, to
        flag (the words said are the reason) or to correct."""
        said = plain_words(text)
        wrong = _SAID_WRONG.fullmatch(said)
        if wrong is None:
            return None
        hits = _search(ctx, index, wrong["before"] or wrong["after"] or "")
        if not hits or hits[0].score < SURE_SCORE:
            return None
        entry = hits[0].entry
        if entry.internal and not ctx.may_see_internal:
            return None
        ref = entry_ref(entry)
        field = next((f for w in said.split() if (f := parse_field(w))), None)
        correct = f"{ref} {field}" if field else ref  # "le numéro est faux": the phone asked
        return Reply.of(
            Text(_("Something wrong on «{name}»?").format(name=entry.name)),
            Text(summary_line(ctx, entry)),
            Actions(
                (
                    Button(_("Tell the verifiers"), "flag", f"{ref} {' '.join(text.split())}"),
                    Button(_("Suggest the right value"), "suggest", correct),
                )
            ),
        )

    @commands.points
    async def entry_named(ctx: Context, text: str) -> Reply | None:
        """The entry a text names beyond doubt: its line (name, theme, phone) and a button to its
        card. No lookup is counted, nothing learnt: the text was for another command."""
        hits = _search(ctx, index, text)
        if not hits or hits[0].score < SURE_SCORE:
            return None
        entry = hits[0].entry
        if entry.internal and not ctx.may_see_internal:
            return None  # not even its name where others may read
        show = Button(_("Show {name}").format(name=entry.name), "show", entry_ref(entry))
        return Reply.of(Text(summary_line(ctx, entry)), Actions((show,)))

    @commands.command(
        "pick",
        usage=N_("<entry> <query>"),
        help=N_("Show an entry chosen among the results of a search."),
        hidden=True,
    )
    async def pick(ctx: Context, entry: str, query: Words | None = None) -> Reply:
        """A "Show" button under the results: the card, and what the choice teaches."""
        chosen = index.resolve(ctx, entry)
        if query:
            propose_alias(ctx, query, chosen)
            ctx.services.directory.count_lookup(chosen.id or 0)
        return card(ctx, chosen)

    @commands.command(
        "show",
        aliases=("voir", "fiche"),
        usage=N_("<entry>"),
        help=N_("Show the full card of one entry."),
        read_only=True,
    )
    async def show(ctx: Context, entry: str) -> Reply:
        return card(ctx, index.resolve(ctx, entry))

    @commands.command(
        "themes",
        aliases=("catégories",),
        help=N_("List the directory's themes with how many entries each has."),
        read_only=True,
    )
    async def themes(ctx: Context) -> Reply:
        counts: dict[str, int] = {}
        for entry in _visible_entries(ctx, index):
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

    @commands.command(
        "stale",
        aliases=("à-vérifier", "averifier", "perimes"),
        help=N_("List the entries due for verification, oldest first."),
        role=Role.COORDINATOR,
        read_only=True,
    )
    async def stale(ctx: Context) -> Reply:
        settings = ctx.services.settings
        due = stale_entries(
            index.entries(ctx.services),
            ctx.now(),
            settings.directory_stale_days,
            by_theme=settings.directory_stale_days_by_theme,
        )
        if not due:
            return Reply.text(_("Every entry has been verified recently. Well done!"))
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

    return commands


def _search(ctx: Context, index: DirectoryIndex, query: str) -> list[Hit]:
    limit = 1 + ctx.services.settings.directory_lookup_alternatives
    found = index.current(ctx.services)
    hits = found.search(query, limit=limit)
    return with_internal_referents(ctx, found, query, hits, limit=limit)


def _nothing_found(query: str) -> Reply:
    return Reply.text(
        _("No entry found for «{query}». Try other words, or type themes.").format(query=query)
    )


async def _answer(ctx: Context, index: DirectoryIndex, query: str, hits: list[Hit]) -> Reply:
    await ctx.services.publish(LookupSucceeded(user_id=ctx.user_id, at=ctx.now()))
    best, *others = hits
    places = index.current(ctx.services).places_in(query)
    elsewhere = bool(places) and not best.in_place
    if best.town and (elsewhere or _offices_alike(hits)):
        # "cpas namur" with no CPAS there, "cpas" with only local ones: no office is the
        # answer, the volunteer chooses (and what they choose teaches, see pick).
        if elsewhere:
            asked = _("Nothing in the directory for «{place}». Offices elsewhere:")
        else:
            asked = _("Several local offices: which one?")
        return Reply.of(
            Text(asked.format(place=", ".join(places))),
            BulletList(tuple(_other_line(ctx, hit) for hit in hits)),
            Actions(tuple(_show_button(hit.entry, query) for hit in hits)),
        )
    learn_from_last_miss(ctx, best.entry)
    ctx.services.directory.count_lookup(best.entry.id or 0)  # what a verification round does first
    reply = card(ctx, best.entry)
    if elsewhere:
        # Said first: read after the card and its buttons, it is missed.
        said = _("Nothing in the directory for «{place}»: here is the general entry.")
        reply = Reply.of(Note(said.format(place=", ".join(places)))) + reply
    if others:
        reply += Reply.of(
            Divider(),
            Text(_("Other results:")),
            BulletList(tuple(_other_line(ctx, hit) for hit in others)),
            Actions(tuple(_show_button(hit.entry, query) for hit in others)),
        )
    return reply


def _offices_alike(hits: list[Hit]) -> bool:
    """Whether the first hits are local offices of different towns, none better than the
    other: "cpas" in a directory of CPAS, without the SPP IS."""
    return (
        len(hits) > 1
        and bool(hits[1].town)
        and hits[1].town != hits[0].town
        and hits[1].score >= hits[0].score - OFFICES_TIE
    )


def _other_line(ctx: Context, hit: Hit) -> str:
    line = summary_line(ctx, hit.entry)
    if hit.town:
        return _("{line} (local office: {town})").format(line=line, town=hit.town)
    return line


def _show_button(entry: Entry, query: str) -> Button:
    return Button(_("Show {name}").format(name=entry.name), "pick", f"{entry_ref(entry)} {query}")


def _visible_entries(ctx: Context, index: DirectoryIndex) -> list[Entry]:
    entries = index.entries(ctx.services)
    return entries if ctx.may_see_internal else [e for e in entries if not e.internal]


def _theme_key(item: tuple[str, int]) -> str:
    return fold(item[0])


def _mistyped_command(ctx: Context, word: str) -> bool:
    """Whether a plain message's first word mistypes a command ("lokup", "resolv"): never a
    word that begins sentences ("elle dort dehors", "mon mari..."), the search's filler."""
    return (
        fold(word) not in FILLER_WORDS and closest_command(ctx.registry, word, ctx.role) is not None
    )


def _theme_listing(ctx: Context, index: DirectoryIndex, words: str) -> Reply:
    wanted, number = split_page(words)
    if not wanted:
        return Reply.text(_("Which theme? Type themes to see them all."))
    entries = _visible_entries(ctx, index)
    themes = {e.theme for e in entries if e.theme}
    theme = _match_theme(wanted, themes)
    if theme is None:
        return Reply.text(
            _("No theme is called «{theme}». Type themes to see them all.").format(theme=wanted)
        )
    members = sorted((e for e in entries if e.theme == theme), key=lambda e: fold(e.name))
    page = page_of(members, number)
    return Reply.of(
        Heading(f"{theme} ({len(members)})"),
        entry_list(ctx, list(page.items)),
        *page_footer(page, "lookup", f"theme {theme}"),
    )


def _match_theme(wanted: str, themes: set[str]) -> str | None:
    """Exact theme first (accents and case ignored), then the one theme starting with it."""
    folded = fold(wanted).strip()
    by_fold = {fold(t): t for t in themes}
    if folded in by_fold:
        return by_fold[folded]
    starting = [t for f, t in by_fold.items() if f.startswith(folded) or folded in f.split()]
    return starting[0] if len(starting) == 1 else None
