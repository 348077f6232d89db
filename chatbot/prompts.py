"""Short exchanges: a command missing an argument asks for it, and the next message answers.

``report`` alone answers "What did you see?"; the user's next message in that conversation
completes the command. ``cancel`` (``annuler``) stops; an unanswered question expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chatbot.commands import Words
from chatbot.forms import quote
from chatbot.ids import ConversationId, UserId
from chatbot.parsing import fold

EXPIRY = timedelta(minutes=15)
CANCEL_WORDS = frozenset({"cancel", "annuler", "stop", "abandon"})


@dataclass(frozen=True)
class Question:
    command_line: str
    """What the user typed so far; the answer is appended to it."""
    rest_of_line: bool
    """The answer is the raw rest of the line (a description) rather than one argument."""
    asked_at: datetime


class OpenQuestions:
    """Questions waiting for an answer, one per person and conversation."""

    def __init__(self) -> None:
        self._open: dict[tuple[UserId, ConversationId], Question] = {}

    def ask(
        self, user: UserId, conversation: ConversationId, *, line: str, kind: type, at: datetime
    ) -> None:
        self._open[(user, conversation)] = Question(line, kind is Words, at)

    def take(self, user: UserId, conversation: ConversationId, now: datetime) -> Question | None:
        question = self._open.pop((user, conversation), None)
        if question is None or now - question.asked_at > EXPIRY:
            return None
        return question


def is_cancel(text: str) -> bool:
    return fold(text).strip(" !/.") in CANCEL_WORDS


def answered(question: Question, answer: str) -> str:
    """The command line with the answer in place of the missing argument."""
    text = answer.strip()
    return f"{question.command_line} {text if question.rest_of_line else quote(text)}"
