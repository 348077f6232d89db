"""What a newcomer says plainly about their steps: "c'est fait", "pas fait 3", "j'ai lu la
charte". Asked before the directory takes the words for a search, and only of someone whose
checklist is in progress: for anyone else the words mean what they always did."""

from __future__ import annotations

import re

from chatbot.commands import UsageError, Words
from chatbot.context import Context
from chatbot.i18n import _
from chatbot.onboarding import Newcomer, NumberedStep
from chatbot.parsing import fold
from chatbot.reply import Note, Reply, Text
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

_SAYS_DONE = frozenset(
    {"fait", "faite", "fini", "finie", "termine", "terminee", "done", "finished", "did", "lu"}
    | {"lue", "rempli", "remplie", "signe", "signee", "envoye", "envoyee", "read", "completed"}
)
"""Words that say something is done ("charte lue"); a message may also start with "j'ai"."""

_SAYS_DONE_START = (("j", "ai"), ("je", "me"), ("je", "suis"), ("i", "ve"), ("i", "have"))

_LITTLE_WORDS = frozenset(
    "les des une mes vos nos ses aux est pas qui que sur par pour avec dans mon ton son the and "
    "for with your you are was has had".split()
)
"""Short words that name no step (a word of three letters may: "FAQ")."""

_SAME_START = 5
"""Letters two words must begin with alike to be one ("vérifié", "vérifier")."""


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


@onboarding_commands.understands_first
async def said_plainly(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """A newcomer's "c'est fait", "pas fait 3" or "j'ai lu la charte"."""
    newcomer = ctx.services.onboarding.get(ctx.user_id)
    if newcomer is None or not newcomer.in_progress:
        return None
    plain = _plain(text)
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
    if sure_only:
        return None
    return _step_named(text, newcomer, ctx)


def _step_named(text: str, newcomer: Newcomer, ctx: Context) -> Reply | None:
    """ "J'ai lu la charte": the open step it names, offered to tick (a guess is not ticked)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    if not (tuple(words[:2]) in _SAYS_DONE_START or not _SAYS_DONE.isdisjoint(words)):
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
    buttons = views.done_buttons(named)
    if buttons is None:
        return None
    if len(named) == 1:
        asked = _("Tick step {n}, «{title}»?").format(n=named[0].number, title=named[0].step.title)
    else:
        asked = _("Which step did you do?")
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
