"""Speaking to the test bot from any platform, and running its scheduled jobs."""

from __future__ import annotations

from adapters.console.render import render
from chatbot.ids import ConversationId, UserId, local_part, platform_of
from chatbot.messages import Incoming
from chatbot.reply import Reply
from tests.harness import Chat

ANA_SLACK = "slack:U0ANA"
BOB_MATRIX = "matrix:@bob:example.org"
VICTOR = "console:victor"
COORDINATORS = ["console:ada", "console:coline"]


def say_as(
    chat: Chat,
    user: str,
    text: str,
    *,
    conversation: str | None = None,
    permalink: str | None = None,
    is_action: bool = False,
) -> str:
    """What ``user`` (a qualified id such as ``slack:U0ANA``) reads after typing ``text`` on
    their own platform; the outbox then delivers what the bot owes people."""
    return render(
        reply_to(
            chat,
            user,
            text,
            conversation=conversation,
            permalink=permalink,
            is_action=is_action,
        )
    )


def reply_to(
    chat: Chat,
    user: str,
    text: str,
    *,
    conversation: str | None = None,
    permalink: str | None = None,
    is_action: bool = False,
) -> Reply:
    platform = platform_of(user)
    incoming = Incoming(
        text=text,
        sender_id=UserId(user),
        sender_name=local_part(user),
        conversation_id=ConversationId(conversation or f"{platform}:dm-{local_part(user)}"),
        platform=platform,
        private=conversation is None,
        is_action=is_action,
        permalink=permalink,
    )
    reply = chat._loop.run_until_complete(chat.app.bot.handle(incoming))
    chat.deliver()
    return reply


def run_job(chat: Chat, name: str) -> None:
    """Run a scheduled job as the scheduler would (at its time, or at start-up)."""
    [job] = [j for j in chat.app.bot.registry.jobs if j.name == name]
    chat._loop.run_until_complete(job.run(chat.app.services))


def sent_to(chat: Chat, recipient: str) -> list[str]:
    """The texts the bot sent ``recipient`` on its own, oldest first."""
    return [text for who, text in chat.outbox.sent if who == recipient]
