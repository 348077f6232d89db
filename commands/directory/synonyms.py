"""The programme's own words for the directory: ``synonym add la sécu = cpam``.

The shipped thesaurus (:mod:`commands.directory.thesaurus`) knows public-service vocabulary;
each programme adds its own (local nicknames, partner names) here or with
``chatbot directory synonyms import``. Every change saves a new version of the programme's
file: who changed what, when, stays readable (``synonyms history``).
"""

from __future__ import annotations

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.reply import BulletList, Heading, Note, Reply, Text
from chatbot.roles import Role
from commands.directory.cards import format_day
from commands.directory.index import own_thesaurus
from commands.directory.thesaurus import (
    Thesaurus,
    ThesaurusError,
    parse_thesaurus,
    shipped_thesaurus,
    term,
)

synonym_commands = CommandSet()

MAX_HISTORY = 10


@synonym_commands.command(
    "synonym",
    aliases=("synonyme",),
    usage=N_("add <new words> = <known words> | remove <words>"),
    help=N_("Teach the search a word: synonym add la sécu = cpam."),
    role=Role.COORDINATOR,
)
async def synonym(ctx: Context, action: str, words: Words) -> Reply:
    verb = action.casefold()
    if verb in ("add", "ajouter", "+"):
        return _add(ctx, words)
    if verb in ("remove", "retirer", "supprimer", "-"):
        return _remove(ctx, words)
    raise CommandError(
        _("Usage: synonym add <new words> = <known words>, or synonym remove <words>.")
    )


@synonym_commands.command(
    "synonyms",
    aliases=("synonymes",),
    usage=N_("[history]"),
    help=N_("The programme's own synonyms, or their history."),
    role=Role.COORDINATOR,
    read_only=True,
)
async def synonyms(ctx: Context, what: str = "") -> Reply:
    if what.casefold() in ("history", "historique"):
        return _history(ctx)
    own = own_thesaurus(ctx.services)
    shipped = len(shipped_thesaurus())
    if not len(own) and not own.removed:
        return Reply.of(
            Text(_("The programme has no synonyms of its own yet.")),
            Note(
                _("{n} groups ship with the bot. Add one: synonym add la sécu = cpam.").format(
                    n=shipped
                )
            ),
        )
    lines = [" = ".join(group) for group in own.synonyms]
    lines += [f"{', '.join(n.words)} → {', '.join(n.find)}" for n in own.needs]
    lines += [_("(removed) {word}").format(word=word) for word in own.removed]
    return Reply.of(
        Heading(_("The programme's synonyms")),
        BulletList(tuple(lines)),
        Note(_("Besides the {n} groups that ship with the bot.").format(n=shipped)),
    )


def _add(ctx: Context, words: str) -> Reply:
    new, sep, known = words.partition("=")
    new, known = new.strip(), known.strip()
    if not sep or not term(new) or not term(known):
        raise CommandError(_("Usage: synonym add <new words> = <known words>."))
    own = own_thesaurus(ctx.services)
    if term(new) in own.terms():
        raise CommandError(
            _("«{words}» is already a synonym here: synonym remove {words} first.").format(
                words=new
            )
        )
    groups = list(own.synonyms)
    for index, group in enumerate(groups):
        if term(known) in {term(t) for t in group}:
            groups[index] = (*group, new)
            break
    else:
        groups.append((known, new))
    removed = tuple(w for w in own.removed if term(w) != term(new))
    version = _save(ctx, Thesaurus(tuple(groups), own.needs, removed), f"+ {new} = {known}")
    return Reply.text(
        _("Done: «{new}» now finds what «{known}» finds (version {v}).").format(
            new=new, known=known, v=version
        )
    )


def _remove(ctx: Context, words: str) -> Reply:
    gone = term(words)
    if not gone:
        raise CommandError(_("Usage: synonym remove <words>."))
    own = own_thesaurus(ctx.services)
    groups = tuple(
        kept
        for group in own.synonyms
        if len(kept := tuple(t for t in group if term(t) != gone)) >= 2
    )
    needs = own.needs
    removed = own.removed
    in_shipped = gone in shipped_thesaurus().terms()
    if in_shipped and gone not in {term(w) for w in removed}:
        removed = (*removed, words.strip())
    if groups == own.synonyms and removed == own.removed:
        raise CommandError(_("«{words}» is not a synonym.").format(words=words.strip()))
    version = _save(ctx, Thesaurus(groups, needs, removed), f"- {words.strip()}")
    return Reply.text(
        _("Done: «{words}» is no longer a synonym (version {v}).").format(
            words=words.strip(), v=version
        )
    )


def _save(ctx: Context, own: Thesaurus, note: str) -> int:
    text = own.to_yaml()
    try:
        parse_thesaurus(text)
    except ThesaurusError as error:
        raise CommandError(str(error)) from None
    return ctx.services.thesaurus.save(text, actor=ctx.user_id, at=ctx.now(), note=note).version


def _history(ctx: Context) -> Reply:
    versions = ctx.services.thesaurus.history(limit=MAX_HISTORY)
    if not versions:
        return Reply.text(_("The programme has no synonyms of its own yet."))
    imported = _("file imported")
    return Reply.of(
        Heading(_("Synonyms: latest changes")),
        BulletList(
            tuple(
                f"v{v.version} · {format_day(v.at)} · {v.actor} · {v.note or imported}"
                for v in versions
            )
        ),
    )
