"""A tiny command set for adapter tests: what the directory commands look like to Slack
(a card with buttons, a hidden verify command, a suggest command that needs a form), without
depending on them."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from chatbot.bot import Bot
from chatbot.commands import CommandSet, Registry, Words
from chatbot.context import Context
from chatbot.ids import ConversationId, UserId
from chatbot.outbox import OutboxMessenger
from chatbot.ports import (
    AnomalyRepository,
    DirectoryRepository,
    MissedSearchRepository,
    OnboardingRepository,
    OpenQuestion,
    OutboxRepository,
    SuggestionRepository,
    ThesaurusRepository,
)
from chatbot.reply import (
    Actions,
    BulletList,
    Button,
    Fields,
    Heading,
    Note,
    Reply,
    Text,
)
from chatbot.roles import Role, RolePolicy
from chatbot.services import Services, SystemClock
from chatbot.settings import Settings
from tests.harness import no_env

INTERNAL_NOTE = "Internal: back door code 4711"


@dataclass
class Gate:
    """Holds the ``wait`` command until a test opens it (a thread's event: the adapter runs
    commands on a worker thread's own loop)."""

    opened: threading.Event = field(default_factory=threading.Event)


class NoRoles:
    def get(self, user_id: UserId) -> Role | None:
        return None

    def set(self, user_id: UserId, role: Role, *, actor: UserId, at: object) -> None:
        raise NotImplementedError

    def all(self) -> dict[UserId, Role]:
        return {}


@dataclass
class MemoryQuestions:
    """Open questions of the one toy bot process (the real ones live in the database)."""

    open: dict[tuple[UserId, ConversationId], OpenQuestion] = field(default_factory=dict)

    def ask(self, user_id: UserId, conversation_id: ConversationId, question: OpenQuestion) -> None:
        self.open[(user_id, conversation_id)] = question

    def take(
        self, user_id: UserId, conversation_id: ConversationId, *, now: datetime
    ) -> OpenQuestion | None:
        question = self.open.pop((user_id, conversation_id), None)
        return question if question is not None and now <= question.expires_at else None

    def cancel(self, user_id: UserId, conversation_id: ConversationId, *, now: datetime) -> bool:
        return self.take(user_id, conversation_id, now=now) is not None


def toy_command_set(gate: Gate) -> CommandSet:
    toys = CommandSet()

    @toys.command(
        "lookup", aliases=("annuaire",), usage="<words>", help="Find an entry.", read_only=True
    )
    async def lookup(ctx: Context, query: Words) -> Reply:
        return Reply.of(
            Heading(f"CAF for {query}"),
            Fields((("Phone", "3230"), ("Address", "1 rue des Lilas"))),
            Note(INTERNAL_NOTE) if ctx.may_see_internal else None,
            Actions(
                (
                    Button("Other result", "lookup", "caf 2"),
                    Button("Still correct", "verify", "12"),
                    Button("Suggest an edit", "suggest", "12"),
                )
            ),
        )

    @toys.command("verify", usage="<number>", help="Mark an entry as checked.", hidden=True)
    async def verify(ctx: Context, number: int) -> Reply:
        return Reply.text(f"#{number} marked as still correct by {ctx.user_id}.")

    @toys.command(
        "suggest",
        usage="<number> <field> <value>",
        help="Suggest an edit to a directory entry.",
        labels={"number": "Entry", "field": "Field", "value": "New value"},
        choices={"field": (("phone", "Phone"), ("email", "E-mail"))},
    )
    async def suggest(ctx: Context, number: int, field: str, value: Words) -> Reply:
        where = "DM" if ctx.incoming.private else "channel"
        return Reply.text(f"Suggestion for #{number}: {field} = {value} ({ctx.user_id}, {where})")

    @toys.command("say", usage="<text>", help="Repeat what you typed.")
    async def say(ctx: Context, text: Words) -> Reply:
        return Reply.of(Text(text), Fields((("You said", text),)), BulletList((text,)))

    @toys.command("long", help="An answer too long for one Slack message.")
    async def long(ctx: Context) -> Reply:
        return Reply.of(*(Text(f"Line {i} " + "x" * 3500) for i in range(60)))

    @toys.command("wait", help="Answer once the test says so.")
    async def wait(ctx: Context) -> Reply:
        await asyncio.to_thread(gate.opened.wait)
        return Reply.text("done waiting")

    return toys


def toy_bot(gate: Gate) -> Bot:
    settings = no_env(Settings, bot_language="en")
    services = Services(
        settings=settings,
        clock=SystemClock(),
        # The toy commands read no directory and send nothing through the outbox.
        messenger=cast(OutboxMessenger, None),
        directory=cast(DirectoryRepository, None),
        suggestions=cast(SuggestionRepository, None),
        missed_searches=cast(MissedSearchRepository, None),
        thesaurus=cast(ThesaurusRepository, None),
        roles=RolePolicy(NoRoles(), settings),
        outbox=cast(OutboxRepository, None),
        open_questions=MemoryQuestions(),
        anomalies=cast(AnomalyRepository, None),
        onboarding=cast(OnboardingRepository, None),
    )
    return Bot(registry=Registry([toy_command_set(gate)]), services=services)
