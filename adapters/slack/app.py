"""Bolt wiring: every listener acknowledges at once and hands the work to a background task.

The bolt app runs with ``process_before_response=True``: the HTTP response (or the Socket Mode
ack) leaves as soon as the listener returns, and the listener only calls ``ack()`` and
schedules the real work, so nothing slow ever delays Slack's 3-second deadline. That work
reaches the bot and the repositories only through :class:`~chatbot.offloop.OffLoop`: a slow
database call holds a worker thread, never the loop that acks and opens forms.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import ClientSession
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack import convert
from adapters.slack.forms import (
    CALLBACK_ID,
    Origin,
    form_errors,
    modal,
    submitted_files,
    submitted_values,
)
from adapters.slack.membership import MEMBERSHIP_EVENTS, membership_change, message_posted
from adapters.slack.messenger import SlackMessenger
from adapters.slack.render import RUN_ACTION, SHARE_ACTION, render
from chatbot.bot import Bot
from chatbot.i18n import _
from chatbot.ids import local_part
from chatbot.messages import Incoming
from chatbot.offloop import OffLoop
from chatbot.ports import EventLog, SharedAnswers
from chatbot.reply import Reply, reply_from_json

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]

SHARE_FOR = timedelta(minutes=30)
"""How long an answer can be shared: as long as Slack lets its ``response_url`` post."""


def retry_handlers() -> list[AsyncRetryHandler]:
    """Retry dropped connections, and wait out every 429 as long as Slack's Retry-After says."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=20),
    ]


def web_client(token: str, api_url: str, session: ClientSession | None = None) -> AsyncWebClient:
    return AsyncWebClient(
        token=token, base_url=api_url, session=session, retry_handlers=retry_handlers()
    )


class Background:
    """Fire-and-forget tasks that are still awaited (or cancelled) at shutdown."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Awaitable[None], what: str) -> None:
        task = asyncio.ensure_future(self._guard(work, what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guard(work: Awaitable[None], what: str) -> None:
        try:
            await work
        except convert.MalformedPayload as error:
            log.error("slack %s: malformed payload (%s), ignored", what, error)
        except (KeyError, TypeError, ValueError) as error:
            log.error("slack %s: unexpected payload (%r), ignored", what, error)
        except Exception:
            log.exception("slack %s failed", what)

    async def drain(self, timeout: float = 5.0) -> None:
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()


class SlackHandlers:
    """What to do with each kind of payload, once acknowledged."""

    def __init__(
        self,
        *,
        bot: Bot,
        client: AsyncWebClient,
        messenger: SlackMessenger,
        events: EventLog,
        answers: SharedAnswers,
        bot_user_id: str,
        core: OffLoop,
    ) -> None:
        self.bot = bot
        self.client = client
        self.messenger = messenger
        self.events = events
        self.answers = answers
        self.bot_user_id = bot_user_id
        self.background = Background()
        self.core = core
        """Every call into the bot or a repository goes through it, off the loop."""

    # -- listeners: acknowledge, then work in the background ---------------------------------

    async def on_command(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        self.background.spawn(self.slash_command(body), "slash command")

    async def on_event(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        self.background.spawn(self.event(body), "event")

    async def on_membership(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        self.background.spawn(self.membership(body), "membership")

    async def on_click(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        self.background.spawn(self.click(body), "button click")

    async def on_share(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        self.background.spawn(self.share(body), "share")

    async def on_submission(self, ack: Ack, body: dict[str, Any]) -> None:
        errors = await self.core.call(self.submission_errors, body)
        if errors:  # the modal stays open, with what was typed and a word under each field
            await ack(response_action="errors", errors=errors)
            return
        await ack()  # closes the modal
        self.background.spawn(self.submission(body), "form submission")

    def submission_errors(self, body: Mapping[str, Any]) -> dict[str, str]:
        """Block id -> what is wrong, checked quickly enough to answer the submission itself."""
        try:
            view = body["view"]
            origin = Origin.from_metadata(view["private_metadata"])
            user_id, _name = convert.clicker(body)
        except (KeyError, TypeError, ValueError):
            return {}  # the background work logs what is malformed
        form = self.bot.form_for(origin.line, user_id=user_id)
        return form_errors(form, view) if form else {}

    # -- the work ------------------------------------------------------------------------------

    async def slash_command(self, body: Mapping[str, Any]) -> None:
        incoming = convert.from_slash_command(body)
        # The form first: it files nothing (a retry's trigger_id no longer opens one), and its
        # trigger_id expires in 3 s, so no write (waiting for a lock) comes before it.
        if await self.open_form(incoming, body):
            return
        if not await self.core.call(self._first_command, body):
            return
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        share_id = await self.core.call(self._keep_for_sharing, reply)
        await self.respond(body, render(reply, share_id=share_id))

    def _first_command(self, body: Mapping[str, Any]) -> bool:
        """False for a slash command delivered again (a Slack retry carries the same
        ``trigger_id``), even to another process: what it files is filed once."""
        trigger_id = body.get("trigger_id")
        if trigger_id and not self.events.first_time(
            f"slack:command:{trigger_id}", at=datetime.now(UTC)
        ):
            log.info("slack command %s already handled: a retry, skipped", trigger_id)
            return False
        return True

    def _keep_for_sharing(self, reply: Reply) -> str | None:
        """Keep a shareable answer as computed; the id its Share button carries."""
        if not reply.shareable:
            return None
        now = datetime.now(UTC)
        return self.answers.keep(reply.to_json(), now=now, until=now + SHARE_FOR)

    async def event(self, body: Mapping[str, Any]) -> None:
        event = body.get("event")
        if not isinstance(event, Mapping):
            raise convert.MalformedPayload("no event")
        incoming = convert.from_event(event, bot_user_id=self.bot_user_id)
        posted = message_posted(body, bot_user_id=self.bot_user_id)
        if posted is not None:  # onboarding may tick a step; a retry ticks nothing more
            await self.core.run(lambda: self.bot.observe(posted))
        if incoming is None or not await self.core.call(self._first_time, body):
            return
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        if not reply.blocks:  # a file in a thread that was not for the bot
            return
        thread = {"thread_ts": event["thread_ts"]} if event.get("thread_ts") else {}
        await self.messenger.post(str(event["channel"]), reply, **thread)

    async def membership(self, body: Mapping[str, Any]) -> None:
        """Someone joined or left a channel or the workspace: onboarding may enrol them."""
        change = membership_change(body, bot_user_id=self.bot_user_id)
        if change is None or not await self.core.call(self._first_time, body):
            return
        await self.core.run(lambda: self.bot.observe(change))

    def _first_time(self, body: Mapping[str, Any]) -> bool:
        """False for a retried delivery of an event already handled (even before a restart)."""
        event_id = body.get("event_id")
        if event_id and not self.events.first_time(f"slack:{event_id}", at=datetime.now(UTC)):
            log.info("slack event %s already handled: a retry, skipped", event_id)
            return False
        return True

    async def click(self, body: Mapping[str, Any]) -> None:
        incoming = convert.from_click(body, _action_value(body))
        if await self.open_form(incoming, body):
            return
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        if incoming.private and not body.get("container", {}).get("is_ephemeral"):
            await self.messenger.post(local_part(incoming.conversation_id), reply)
        else:
            await self.respond(body, render(reply))

    async def share(self, body: Mapping[str, Any]) -> None:
        """Post for everyone the answer kept when it was computed: nothing runs again."""
        user_id, _name = convert.clicker(body)
        kept = await self.core.call(self.answers.take, _action_value(body), now=datetime.now(UTC))
        if kept is None:
            gone = _("This answer can no longer be shared: ask again to share the new answer.")
            await self.respond(body, render(Reply.text(gone)))
            return
        shared = render(reply_from_json(kept), shared_by=local_part(user_id))
        await self.respond(body, shared, response_type="in_channel")
        await self.respond(body, {"delete_original": True}, response_type=None)

    async def submission(self, body: Mapping[str, Any]) -> None:
        view = body["view"]
        origin = Origin.from_metadata(view["private_metadata"])
        user_id, _name = convert.clicker(body)
        form = await self.core.call(self.bot.form_for, origin.line, user_id=user_id)
        line = form.command_line(submitted_values(view)) if form else origin.line
        incoming = convert.from_submission(
            body,
            line,
            channel=origin.channel,
            private=origin.private,
            files=submitted_files(view),
        )
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        payload = render(reply)
        if origin.response_url:
            await self.respond({"response_url": origin.response_url}, payload)
        else:
            await self.client.chat_postEphemeral(
                channel=origin.channel, user=local_part(user_id), **payload
            )

    async def open_form(self, incoming: Incoming, body: Mapping[str, Any]) -> bool:
        """Open a modal when the command lacks arguments; False if there is none to open."""
        trigger_id = body.get("trigger_id")
        if not trigger_id:
            return False
        form = await self.core.call(self.bot.form_for, incoming.text, user_id=incoming.sender_id)
        if form is None:
            return False
        origin = Origin(
            line=incoming.text,
            channel=local_part(incoming.conversation_id),
            private=incoming.private,
            response_url=str(body.get("response_url") or ""),
        )
        try:
            max_mb = self.bot.services.settings.anomaly_attachment_max_mb
            view = modal(form, origin, max_file_mb=max_mb)
            await self.client.views_open(trigger_id=trigger_id, view=view)
        except (SlackApiError, ValueError) as error:
            log.warning("slack: could not open the form for %s: %s", form.command, error)
            return False
        return True

    async def respond(
        self,
        body: Mapping[str, Any],
        payload: dict[str, Any],
        *,
        response_type: str | None = "ephemeral",
    ) -> None:
        """Answer through the payload's ``response_url`` (ephemeral unless told otherwise)."""
        message = dict(payload)
        if response_type:
            message |= {"response_type": response_type, "replace_original": False}
        url = body.get("response_url")
        if not url:
            raise convert.MalformedPayload("no response_url")
        webhook = AsyncWebhookClient(
            str(url), session=self.client.session, retry_handlers=retry_handlers()
        )
        response = await webhook.send_dict(message)
        if response.status_code != 200:
            log.warning("slack response_url answered %s: %s", response.status_code, response.body)


def _action_value(body: Mapping[str, Any]) -> str:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or "value" not in actions[0]:
        raise convert.MalformedPayload("no action value")
    return str(actions[0]["value"])


def build_bolt_app(
    handlers: SlackHandlers, *, client: AsyncWebClient, signing_secret: str | None
) -> AsyncApp:
    """The bolt app; ``signing_secret`` None in Socket Mode (no HTTP requests to verify)."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        process_before_response=True,
    )
    app.command(re.compile(r"^/"))(handlers.on_command)
    app.event("app_mention")(handlers.on_event)
    app.event("message")(handlers.on_event)
    for kind in MEMBERSHIP_EVENTS:
        app.event(kind)(handlers.on_membership)
    app.action(re.compile(rf"^{RUN_ACTION}:"))(handlers.on_click)
    app.action(SHARE_ACTION)(handlers.on_share)
    app.view(CALLBACK_ID)(handlers.on_submission)
    app.error(_bad_payload)
    return app


async def _bad_payload(error: Exception) -> BoltResponse:
    """A signed payload bolt cannot process: log it, answer 400 (a 500 makes Slack retry)."""
    log.error("slack: payload could not be processed (%r)", error)
    return BoltResponse(status=400, body="bad request")


__all__ = ["Background", "SlackHandlers", "build_bolt_app", "web_client"]
