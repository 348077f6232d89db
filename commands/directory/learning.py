"""The directory learns from what volunteers searched in vain.

A search that found nothing, followed within :data:`LEARN_WINDOW` by a successful one from the
same person, or a result chosen among alternatives, proposes the words searched as an alias of
the entry finally used. The proposal is a suggestion like any other (field
:data:`~chatbot.directory.ADD_ALIAS`): coordinators add it or ignore it; nothing is added
without them.

What pairs, and why (one rule, :func:`plausible_search`): a miss is kept only when it could be
a search at all, that is when at least one of its words is none of the words the bot reads as
something else (a command or its alias such as ``help``, ``cancel``/``annuler`` typed with no
question open, politeness such as ``ok``/``merci``), nor a filler (``truc``, ``machin``,
``bidule``), nor a bare article or pronoun (``c'est``), nor gibberish (a word with no vowel and
no digit, ``xyzzy``), nor a lone digit (a choice's number; one in words, ``quatre``, never
reaches the directory).
A miss without a letter (a phone number) is kept for the digest but never proposed as an alias:
a number is no name.
Only such a miss, the person's latest, pairs with the FIRST successful lookup that follows it
within :data:`LEARN_WINDOW`: that lookup consumes every earlier miss of the person, so a later,
unrelated search never inherits them, and a miss the person did not retry soon teaches nothing.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from chatbot.context import Context
from chatbot.directory import ADD_ALIAS, Entry, Suggestion
from chatbot.i18n import _
from chatbot.parsing import fold
from chatbot.personal_data import names_a_person
from chatbot.prompts import CANCEL_WORDS
from chatbot.reply import Actions, Block, Button, Heading, Note, Text
from chatbot.services import Services
from chatbot.small_talk import is_small_talk_word
from commands.directory.cards import HIDDEN, quotes_internal_line, shown_value
from commands.directory.normalize import fold_query

log = logging.getLogger(__name__)

LEARN_WINDOW = timedelta(minutes=5)
MAX_ALIAS_LENGTH = 80
MAX_ALIAS_WORDS = 4
QUESTION_WORDS = frozenset(
    "qui quoi comment ou quand pourquoi quel quelle quels quelles est who what how where when "
    "why which".split()
)


FILLERS = frozenset(
    "truc trucs machin machins bidule bidules chose choses bla blabla test tests essai xxx".split()
)
"""Words that stand for "something": no name of anything (a miss of "les bidules du mois"
still counts through "mois")."""
GRAMMAR_WORDS = frozenset(
    "le la les l un une des de du d a au aux et ou the an of and or c ce est sont j ai je tu il "
    "elle on nous vous ils elles me se suis ne pas plus y en it is i am are was that".split()
)
"""Articles, pronouns and the verbs "être" and "avoir": "c'est fait" names nothing."""
_WORD = re.compile(r"\w+")
_VOWELS = frozenset("aeiou")


def plausible_search(ctx: Context, text: str) -> bool:
    """Whether ``text``, which found nothing, could have been a search (see the module)."""
    commands = {fold(word) for word in ctx.registry.words()} | CANCEL_WORDS
    for word in _WORD.findall(fold(text)):
        junk = (
            word in commands
            or is_small_talk_word(word)
            or word in FILLERS
            or word in GRAMMAR_WORDS
            or not (_VOWELS & set(word) or any(c.isdigit() for c in word))
            or (word.isdigit() and len(word) == 1)  # a choice's number, not a search
        )
        if not junk:
            return True
    return False


def names_something(text: str) -> bool:
    """Whether a miss reads like a name at all: not a question ("qui est mon binôme ?") nor a
    sentence (more than :data:`MAX_ALIAS_WORDS` words besides articles and pronouns), which the
    digest lists all the same."""
    typed = _WORD.findall(fold(text))
    told = [word for word in typed if word not in GRAMMAR_WORDS and not word.isdigit()]
    return (
        "?" not in text
        and len(told) <= MAX_ALIAS_WORDS
        and not (typed and typed[0] in QUESTION_WORDS)
    )


def record_miss(ctx: Context, text: str) -> None:
    """Keep ``text`` among the searches that found nothing, if it was a search at all and
    names nobody (a mobile, an e-mail): coordinators read that list."""
    if plausible_search(ctx, text) and not names_a_person(text):
        ctx.services.missed_searches.record(text, user_id=ctx.user_id, at=ctx.now())


def learn_from_last_miss(ctx: Context, found: Entry) -> None:
    """After a successful lookup: the person's last miss, if recent, may name ``found`` (the
    lookup consumes the person's misses either way; only plausible searches were kept)."""
    since = ctx.now() - LEARN_WINDOW
    missed = ctx.services.missed_searches.take_recent(ctx.user_id, since=since)
    if missed:
        propose_alias(ctx, missed, found)


def propose_alias(ctx: Context, query: str, entry: Entry) -> Suggestion | None:
    """Propose ``query`` as another name of ``entry``, unless it already is one (or is
    already proposed)."""
    alias = " ".join(query.split())[:MAX_ALIAS_LENGTH].strip()
    folded = fold_query(alias)
    if not names_something(alias):
        return None
    if not any(c.isalpha() for c in folded) or entry.id is None:
        # A number is no name: a phone searched in vain belongs in the phone field, and a
        # choice's number ("2") would, as an alias, show that card to whoever types it.
        return None
    # A referent's name is no alias either: an internal one must stay unfindable in a room.
    referents = (r.name for r in entry.referents)
    names = [fold_query(name) for name in (entry.name, *entry.aliases, *referents)]
    if set(folded.split()) <= {word for name in names for word in name.split()}:
        return None  # its names already hold every word: nothing to learn ("caf" -> CAF de Paris)
    for pending in ctx.services.suggestions.pending():
        if (
            pending.entry_id == entry.id
            and pending.field == ADD_ALIAS
            and fold_query(pending.value) == folded
        ):
            return None
    suggestion = ctx.services.suggestions.create(
        Suggestion(
            entry_id=entry.id,
            field=ADD_ALIAS,
            value=alias,
            suggested_by=ctx.user_id,
            suggested_by_name=ctx.incoming.sender_name,
            created_at=ctx.now(),
        )
    )
    log.info("proposed alias %r for entry #%s", alias, entry.id)
    return suggestion


def alias_proposal_line(suggestion: Suggestion, entry: Entry | None, *, see_internal: bool) -> str:
    """What someone searched is shown as the entry's card would show it (a search may name an
    internal entry by its internal line)."""
    alias = shown_value(entry, ADD_ALIAS, suggestion.value, see_internal=see_internal)
    return _("#{n} «{alias}» found nothing, then {who} used {entry}: add it as an alias?").format(
        n=suggestion.id,
        alias=alias,
        who=suggestion.suggested_by_name or suggestion.suggested_by,
        entry=suggestion.entry_name,
    )


def alias_buttons(suggestion: Suggestion) -> Actions:
    n = suggestion.id
    return Actions(
        (
            Button(_("Add as alias #{n}").format(n=n), "approve", str(n)),
            Button(
                _("Ignore #{n}").format(n=n),
                "ignore",
                f"{n} " + _("not another name of this entry"),
            ),
        )
    )


MAX_DIGEST_ALIASES = 5


def aliases_to_learn(services: Services) -> list[Block]:
    """The digest's section: what missed searches propose to add, one tap each. The digest
    goes to shared conversations: it shows what a card there would."""
    proposals = [s for s in services.suggestions.pending() if s.field == ADD_ALIAS]
    if not proposals:
        return []
    blocks: list[Block] = [Heading(_("Searches to learn from"))]
    for proposal in proposals[:MAX_DIGEST_ALIASES]:
        entry = services.directory.get(proposal.entry_id)
        line = alias_proposal_line(proposal, entry, see_internal=False)
        blocks += [Text(line), alias_buttons(proposal)]
    if len(proposals) > MAX_DIGEST_ALIASES:
        blocks.append(Note(_("Type suggestions for the full list.")))
    return blocks


def shown_misses(services: Services, queries: list[str]) -> list[str]:
    """Searches that found nothing, as a shared conversation (the digest) may quote them: one
    proposed as an alias is shown as that proposal is, one quoting an internal line not."""
    entries = services.directory.all()
    by_id = {entry.id: entry for entry in entries}
    proposed = {
        fold_query(s.value): by_id.get(s.entry_id)
        for s in services.suggestions.pending()
        if s.field == ADD_ALIAS
    }
    shown = []
    for query in queries:
        key = fold_query(" ".join(query.split())[:MAX_ALIAS_LENGTH])
        if key in proposed:
            shown.append(shown_value(proposed[key], ADD_ALIAS, query, see_internal=False))
        elif any(quotes_internal_line(entry, query) for entry in entries):
            shown.append(HIDDEN)
        else:
            shown.append(query)
    return shown
