"""Short exchanges: a command missing an argument asks for it, and the next message answers.

``report`` alone answers "What did you see?"; the user's next message in that conversation
completes the command. ``cancel`` (``annuler``) stops; an unanswered question expires.

Open questions live in the database (:class:`chatbot.ports.OpenQuestionRepository`): the answer
may reach another bot process on the same database, or this one after a restart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from chatbot.commands import Words
from chatbot.forms import quote
from chatbot.parsing import fold
from chatbot.ports import OpenQuestion

EXPIRY = timedelta(minutes=15)
CANCEL_WORDS = frozenset({"cancel", "annuler", "stop", "abandon"})

CONFIRM_WORDS = frozenset({"yes", "oui", "confirm", "confirmer", "anyway", "quand-meme"})


def is_confirmed(word: str) -> bool:
    """Whether ``word`` confirms what a button asked ("remove #3 yes", "approve 2 anyway")."""
    return fold(word).strip(" !/.") in CONFIRM_WORDS


def question(*, line: str, kind: type, at: datetime) -> OpenQuestion:
    """The question asked at ``at`` for the argument of type ``kind`` that ``line`` lacks."""
    return OpenQuestion(
        command_line=line, rest_of_line=kind is Words, asked_at=at, expires_at=at + EXPIRY
    )


def is_cancel(text: str) -> bool:
    return fold(text).strip(" !/.") in CANCEL_WORDS


def answered(question: OpenQuestion, answer: str) -> str:
    """The command line with the answer in place of the missing argument."""
    text = answer.strip()
    return f"{question.command_line} {text if question.rest_of_line else quote(text)}"
