"""What a newcomer says plainly about their steps: "c'est fait", "pas fait 3", "j'ai lu la
charte". Asked before the directory takes the words for a search, and only of someone whose
checklist is in progress: for anyone else the words mean what they always did."""

from __future__ import annotations

import re
from itertools import pairwise

from chatbot.commands import UsageError, Words
from chatbot.context import Context
from chatbot.i18n import _
from chatbot.onboarding import Newcomer, NumberedStep
from chatbot.parsing import fold, plain_words
from chatbot.reply import Actions, Note, Reply, Text
from commands.onboarding import newcomers, views
from commands.onboarding.journey import onboarding_commands, template_of

_DONE = frozenset(
    {
        *("c est fait", "cest fait", "voila c est fait", "ok c est fait", "c est fait merci"),
        *("j ai fini", "j ai termine", "c est termine", "termine", "fini", "fait", "c fait"),
        *("done", "it s done", "i m done", "i did it", "finished", "i ve finished", "all done"),
    }
)
"""Plain phrases, folded, of someone who did a step without saying which."""

_NOT_DONE = re.compile(
    r"(?:oups? |oops )?(?:j ai |je n ai |i have |i ve |i )?(?:pas|pas encore|not|not yet|didn t)"
    r" (?:fait|fini|done|finished|do) (?:l etape |etape |step )?(?P<steps>[\d ,et&and]+)"
)
"""``pas fait 3``, ``j'ai pas fait 3``, ``not done 3``: a tick taken back."""

_STEP_DONE = re.compile(
    r"(?:j ai |c est |i ve |i have )?(?:"
    r"(?:fait|fini|termine|done|finished|completed) (?:l |the )?(?:etape|step) (?P<before>\d+)"
    r"|(?:l |the )?(?:etape|step) (?P<after>\d+) (?:est |is )?"
    r"(?:faite|fait|finie|fini|terminee|termine|ok|done|finished|completed)"
    r")"
)
"""``étape 6 faite``, ``j'ai fini l'étape 6``, ``step 6 done``: that step is ticked."""

_WHO_IS_MY_BUDDY = frozenset(
    {"qui est mon binome", "mon binome", "c est qui mon binome", "qui est ma binome"}
    | {"qui est mon parrain", "qui est ma marraine", "who is my buddy", "my buddy"}
)
"""Plain questions, folded, of a newcomer asking who walks beside them."""

_ABOUT_STEP = re.compile(r"\b(?:etape|step) (?:n )?(?P<number>\d+)\b")
"""A newcomer's message about a step by its number: "je comprends pas l'étape 3"."""

_STUCK = re.compile(
    r"\b(?:bloque|bloquee|coince|coincee|perdu|perdue|stuck|lost)\b"
    r"|\b(?:je comprends pas|je ne comprends pas|j y arrive pas|je n y arrive pas)\b"
    r"|\b(?:i don t understand|i can t do it)\b"
)
"""A newcomer saying they are stuck: who helps, before the directory takes the words."""
SHORT_CRY = 6
"""Words at most of "je suis bloqué": a longer message says what it is about (a lookup)."""

_SAYS_DONE = frozenset(
    {"fait", "faite", "fini", "finie", "termine", "terminee", "done", "finished", "did", "lu"}
    | {"lue", "rempli", "remplie", "signe", "signee", "envoye", "envoyee", "read", "completed"}
)
"""Words that say something is done ("charte lue")."""

_SAYS_DONE_START = frozenset(
    {("j", "ai"), ("je", "me"), ("je", "suis"), ("i", "ve"), ("i", "have"), ("est", "bon")}
)
"""Word pairs of someone telling what they did: "j'ai lu", "c'est bon, mes accès"."""

_LITTLE_WORDS = frozenset(
    "les des une mes vos nos ses aux est pas qui que sur par pour avec dans mon ton son the and "
    "for with your you are was has had bon bien tout marche marchent fonctionne works".split()
)
"""Words that name no step (a word of three letters may: "FAQ"; "ça marche" says it is done)."""

_SAME_START = 5
"""Letters two words must begin with alike to be one ("vérifié", "vérifier")."""


@onboarding_commands.understands_first
async def said_plainly(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """A newcomer's "c'est fait", "pas fait 3" or "j'ai lu la charte"."""
    if not ctx.services.onboarding.in_progress(ctx.user_id):  # from memory, for most people
        return None
    newcomer = ctx.services.onboarding.get(ctx.user_id)
    if newcomer is None or not newcomer.in_progress:
        return None
    plain = plain_words(text)
    if plain in _DONE:
        return newcomers.which_step(template_of(ctx.services, newcomer), newcomer)
    step_done = _STEP_DONE.fullmatch(plain)
    if step_done is not None:
        return await newcomers.done(ctx, Words(step_done["before"] or step_done["after"]))
    taken_back = _NOT_DONE.fullmatch(plain)
    if taken_back is not None:
        try:
            return await newcomers.undone(ctx, Words(taken_back["steps"]))
        except UsageError:
            return None
    if plain in _WHO_IS_MY_BUDDY:
        return Reply.of(Text(await _who_helps(ctx, newcomer)))
    if sure_only:
        return None
    about = _ABOUT_STEP.search(plain)
    if about is not None:
        return await _step_help(ctx, newcomer, int(about["number"]))
    if len(plain.split()) <= SHORT_CRY and _STUCK.search(plain):
        return Reply.of(
            Text(_("No worries, it happens to everyone.")),
            Text(await _who_helps(ctx, newcomer)),
            Note(_("Type onboarding to see your steps, each with what it asks.")),
        )
    return _step_named(text, newcomer, ctx)


async def _who_helps(ctx: Context, newcomer: Newcomer) -> str:
    if newcomer.mentor is None:
        return _("You have no buddy yet: a coordinator can help you, or choose one for you.")
    name = await ctx.services.people.display_name(newcomer.mentor)
    return _("Your buddy is {name}: write to them, they are there to help.").format(name=name)


async def _step_help(ctx: Context, newcomer: Newcomer, number: int) -> Reply | None:
    """ "Je comprends pas l'étape 3": that step as the checklist explains it, and who helps."""
    template = template_of(ctx.services, newcomer)
    if not 1 <= number <= template.total_steps:
        return None
    item = template.numbered()[number - 1]
    return Reply.of(
        *views.checklist(template, [item]),
        Text(await _who_helps(ctx, newcomer)),
    )


def _step_named(text: str, newcomer: Newcomer, ctx: Context) -> Reply | None:
    """ "J'ai lu la charte": the open step it names, offered to tick (a guess is not ticked)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    pairs = set(pairwise(words))
    if pairs.isdisjoint(_SAYS_DONE_START) and _SAYS_DONE.isdisjoint(words):
        return None
    content = [w for w in words if len(w) >= 3 and w not in _SAYS_DONE and w not in _LITTLE_WORDS]
    if not content:
        return None
    template = template_of(ctx.services, newcomer)
    # Any step not done yet, a later day's too: "j'ai lu la FAQ" on day 1 names day 2's step.
    steps = [
        s
        for s in template.numbered()
        if s.step.owner == "newcomer" and s.number not in newcomer.done
    ]
    named = _best_named(content, steps)
    if not named:
        return None
    if len(named) == 1:
        asked = _("Tick step {n}, «{title}»?").format(n=named[0].number, title=named[0].step.title)
        buttons = Actions((views.done_button(named[0], yes=True),))
    else:
        asked = _("Which step did you do?")
        buttons = Actions(tuple(views.done_button(item) for item in named))
    return Reply.of(Text(asked), buttons, Note(_("Or type done <number>.")))


def _best_named(content: list[str], steps: list[NumberedStep]) -> list[NumberedStep]:
    """The steps whose titles hold most of ``content``'s words (half of them at least)."""
    best, named = 0, []
    for item in steps:
        title = [
            w
            for w in re.findall(r"[a-z0-9]+", fold(item.step.title))
            if len(w) >= 3 and w not in _LITTLE_WORDS
        ]
        found = sum(any(_same_word(w, t) for t in title) for w in content)
        if found and 2 * found >= len(content):
            if found > best:
                best, named = found, [item]
            elif found == best:
                named.append(item)
    return named


def _same_word(typed: str, written: str) -> bool:
    return typed == written or (
        min(len(typed), len(written)) >= _SAME_START
        and typed[:_SAME_START] == written[:_SAME_START]
    )
