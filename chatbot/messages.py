"""What reaches the core from any platform."""

from dataclasses import dataclass

from chatbot.attachments import Attachment
from chatbot.ids import ConversationId, UserId


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """One message, slash command or button click, already converted by an adapter.

    ``is_action`` marks a click on a button (or a numbered choice on Matrix): ``text`` then holds
    the command line the button carries, run with the clicker's identity and role.

    ``is_command`` marks a message the platform itself knows to be a command (a Slack slash
    command): it never answers a question the bot asked (see :meth:`chatbot.bot.Bot.handle`).

    ``private`` says the conversation is a direct one with the bot. ``answered_privately`` says
    that, even in a shared conversation, only the sender will see the answer (a Slack slash
    command's ephemeral reply): coordinators then see internal details there too.
    """

    text: str
    sender_id: UserId
    sender_name: str
    conversation_id: ConversationId
    platform: str
    private: bool
    is_action: bool = False
    is_command: bool = False
    answered_privately: bool = False
    permalink: str | None = None
    attachments: tuple[Attachment, ...] = ()
    """Files sent with the message (a screenshot...): references, never the content."""
