"""The Matrix connection: log in, sync, hand each event to the handler, keep the sync token.

The sync token is saved only after every event of a sync is handled, so a restart resumes
where the bot stopped and messages sent meanwhile are answered once. With no token yet (first
start) the history is skipped. Lost connections are retried with backoff, ``M_LIMIT_EXCEEDED``
waits as long as the homeserver asks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    MatrixRoom,
    MegolmEvent,
    MessageDirection,
    ReactionEvent,
    RoomEncryptedMedia,
    RoomMemberEvent,
    RoomMessageMedia,
    RoomMessagesResponse,
    RoomMessageText,
    SyncError,
    SyncResponse,
)

from adapters.matrix.choices import Choices
from adapters.matrix.convert import PLATFORM, after_own_join
from adapters.matrix.handler import EventHandler
from adapters.matrix.messenger import MatrixMessenger
from adapters.matrix.people import MatrixPeople
from adapters.matrix.retry import TOKEN_REFUSED, Backoff, retry_delay
from adapters.matrix.rooms import RoomKeeper
from adapters.matrix.sender import Sender
from adapters.matrix.session import SESSION_FILE, log_in, new_client
from adapters.matrix.settings import MatrixSettings
from adapters.matrix.undecrypted import Undecrypted
from adapters.spec import PlatformHealth
from chatbot.bot import Bot
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from chatbot.ports import EventLog, StateStore, UndecryptedEvents

log = logging.getLogger(__name__)

TOKEN_KEY = "matrix:sync_token"
GAP_PAGES = 10


class MatrixAdapter:
    timeline_limit = 100
    """Events per room and sync; older ones are fetched with /messages (tests lower it)."""

    def __init__(
        self,
        *,
        bot: Bot,
        router: MessengerRouter,
        settings: MatrixSettings,
        events: EventLog,
        state: StateStore,
        undecrypted: UndecryptedEvents,
        data_dir: Path,
        core: OffLoop,
        decryption_failed: Callable[[], None] = lambda: None,
    ) -> None:
        self.bot = bot
        self.decryption_failed = decryption_failed
        """Counts an encrypted message that came and could not be decrypted."""
        self.router = router
        self.settings = settings
        self.events = events
        self.state = state
        self.data_dir = data_dir
        self.client: AsyncClient = new_client(settings, data_dir)
        self.choices = Choices(state)
        self.sender = Sender(client=self.client, choices=self.choices)
        self.messenger = MatrixMessenger(
            sender=self.sender,
            state=state,
            prefix=settings.matrix_command_prefix,
            encrypt=settings.matrix_e2ee,
        )
        self.handler = EventHandler(
            bot=bot,
            sender=self.sender,
            choices=self.choices,
            events=events,
            prefix=settings.matrix_command_prefix,
            core=core,
        )
        self.rooms = RoomKeeper(client=self.client, settings=settings)
        self.undecrypted = Undecrypted(client=self.client, store=undecrypted, handle=self._on_event)
        self.ready = asyncio.Event()
        """Set once the first sync is handled: the bot is listening."""
        self._stopping = False
        self._busy = False
        self._task: asyncio.Task[None] | None = None
        self._sync: asyncio.Future[Any] | None = None
        self._synced_at: float | None = None
        """When the last sync succeeded (``time.monotonic()``)."""

    async def start(self) -> None:
        """Connect and serve until :meth:`stop` or cancellation; either way, the events being
        handled are answered first (the serving task is shielded from the cancellation)."""
        self._stopping = False
        self._task = asyncio.ensure_future(self._serve())
        try:
            await asyncio.shield(self._task)
        except asyncio.CancelledError:
            requested = self._stopping
            await self.stop()
            if not requested:
                raise
        finally:
            await self.sender.close()
            await self.client.close()

    async def stop(self) -> None:
        """Stop after the events being handled are answered (a waiting sync is cancelled)."""
        self._stopping = True
        task = self._task
        if task is None or task.done():
            return
        if not self._busy:
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _serve(self) -> None:
        await log_in(self.client, self.settings, self.data_dir)
        self.router.register_people(PLATFORM, MatrixPeople(self.client))
        token = self.state.get(TOKEN_KEY)
        first = True
        backoff = Backoff(maximum=self.settings.matrix_max_backoff_seconds)
        while not self._stopping:
            self._sync = asyncio.ensure_future(
                self.client.sync(
                    timeout=0 if first else self.settings.matrix_sync_timeout_ms,
                    since=token,
                    full_state=True if first else None,
                    sync_filter=self._filter(),
                )
            )
            try:
                response = await self._sync
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise
                continue  # only the sync was cancelled (:meth:`reconnect`): sync again
            if isinstance(response, SyncError):
                await self._sync_failed(response, backoff)
                continue
            backoff.reset()
            self._synced_at = time.monotonic()
            self._busy = True
            try:
                await self._keys()
                await self._handle(response, since=token, first=first)
                token = response.next_batch
                self.state.set(TOKEN_KEY, token)
            finally:
                self._busy = False
            if first:
                first = False
                await self.undecrypted.retry_all()
                # The outbox delivers here once the rooms are known: before, every direct
                # message would open a new room, and encrypted rooms could not be written to.
                self.router.register(PLATFORM, self.messenger)
                self.ready.set()
                log.info("Matrix: listening as %s", self.client.user_id)

    async def health(self) -> PlatformHealth:
        """Listening (the first sync handled), and the age of the last successful sync."""
        synced = self._synced_at
        return PlatformHealth(
            connected=self.ready.is_set() and not self._stopping,
            silent_for=None if synced is None else time.monotonic() - synced,
        )

    async def reconnect(self) -> None:
        """Give up the sync waiting (on a connection that may be dead) and sync again."""
        if self._sync is not None and not self._sync.done():
            self._sync.cancel()

    def _filter(self) -> dict[str, Any]:
        return {
            "room": {"timeline": {"limit": self.timeline_limit}},
            "presence": {"not_types": ["*"]},
        }

    async def _sync_failed(self, error: SyncError, backoff: Backoff) -> None:
        if error.status_code in TOKEN_REFUSED:
            log.warning("Matrix: access token refused (%s); logging in again", error)
            (self.data_dir / SESSION_FILE).unlink(missing_ok=True)
            self.client.access_token = ""
            await log_in(self.client, self.settings, self.data_dir)
            return
        delay = retry_delay(error, backoff)
        log.warning("Matrix: sync failed (%s); retrying in %.1f s", error, delay)
        await asyncio.sleep(delay)

    async def _keys(self) -> None:
        """End-to-end housekeeping that nio's sync_forever would do."""
        client = self.client
        if client.olm is None:
            return
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

    async def _handle(self, response: SyncResponse, *, since: str | None, first: bool) -> None:
        for room_id in response.rooms.invite:
            await self.rooms.on_invite(room_id)
        if since is None:
            log.info("Matrix: first start, skipping the history")
        else:
            await self.undecrypted.on_keys(response)
            for room_id, info in response.rooms.join.items():
                room = self.client.rooms.get(room_id)
                if room is None:
                    continue
                events = after_own_join(info.timeline.events, self.handler.own_id)
                if info.timeline.limited and len(events) == len(info.timeline.events):
                    events = await self._gap(room_id, info.timeline.prev_batch, since) + events
                for event in events:
                    await self._on_event(room, event)
        await self.rooms.leave_empty(response.rooms.join, everywhere=first)

    async def _on_event(self, room: MatrixRoom, event: Any) -> None:
        if isinstance(event, RoomMessageText):
            await self.handler.on_message(room, event)
        elif isinstance(event, ReactionEvent):
            await self.handler.on_reaction(room, event)
        elif isinstance(event, (RoomMessageMedia, RoomEncryptedMedia)):  # m.image, m.file
            await self.handler.on_file(room, event)
        elif isinstance(event, RoomMemberEvent):
            await self.handler.on_membership(room, event)
        elif isinstance(event, MegolmEvent) and event.sender != self.handler.own_id:
            self.decryption_failed()
            if self.client.olm is None:
                log.warning("Matrix: encrypted message in %s; set MATRIX_E2EE=true", room.room_id)
                return
            await self.undecrypted.keep(room, event)

    async def _gap(self, room_id: str, prev_batch: str | None, since: str) -> list[Any]:
        """Events between the last sync and this one's limited timeline, oldest first."""
        older: list[Any] = []
        start = prev_batch
        for _page in range(GAP_PAGES):
            response = await self.client.room_messages(
                room_id, start=start, end=since, direction=MessageDirection.back, limit=100
            )
            if not isinstance(response, RoomMessagesResponse) or not response.chunk:
                break
            older.extend(response.chunk)
            if not response.end or response.end == start:
                break
            start = response.end
        older.reverse()
        return after_own_join(older, self.handler.own_id)
