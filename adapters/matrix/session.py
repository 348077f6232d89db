"""Logging in once and reusing the session: no new device at every restart.

After a password login the access token and device id are kept in ``matrix-session.json`` in
the data directory (mode 0600); the end-to-end key store sits beside it in ``matrix-store/``, a
folder only the bot's user may enter (0700) whose files only it may read (0600): they hold the
private keys that read every encrypted room.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse

from adapters.matrix.retry import Backoff
from adapters.matrix.settings import MatrixSettings
from chatbot.files import write_atomically
from chatbot.private_files import lock_folder, private_dir

log = logging.getLogger(__name__)

SESSION_FILE = "matrix-session.json"
STORE_DIR = "matrix-store"
REFUSED = ("M_UNKNOWN_TOKEN", "M_FORBIDDEN", "M_MISSING_TOKEN")


class LoginFailed(RuntimeError):
    """The homeserver refused the credentials: retrying cannot help."""


@dataclass(frozen=True)
class Session:
    homeserver: str
    user_id: str
    device_id: str
    access_token: str


def load_session(data_dir: Path) -> Session | None:
    path = data_dir / SESSION_FILE
    try:
        return Session(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        log.warning("ignoring unreadable %s", path)
        return None


def save_session(data_dir: Path, session: Session) -> None:
    path = data_dir / SESSION_FILE
    private_dir(data_dir)
    write_atomically(path, lambda file: json.dump(asdict(session), file))


def new_client(settings: MatrixSettings, data_dir: Path) -> AsyncClient:
    """A client that leaves rate limits to us (``max_limit_exceeded=0``) and retries lost
    connections forever, waiting at most ``matrix_max_backoff_seconds`` between attempts."""
    store = data_dir / STORE_DIR
    private_dir(store)
    store.chmod(0o700)  # created by an older version, or under a permissive umask
    config = AsyncClientConfig(
        max_limit_exceeded=0,
        max_timeouts=None,
        backoff_factor=0.25,
        max_timeout_retry_wait_time=settings.matrix_max_backoff_seconds,
        encryption_enabled=settings.matrix_e2ee,
        store_sync_tokens=False,
    )
    return AsyncClient(
        settings.matrix_homeserver, settings.matrix_user_id, store_path=str(store), config=config
    )


async def log_in(client: AsyncClient, settings: MatrixSettings, data_dir: Path) -> Session:
    """Restore the saved session, else use the configured token, else log in with the password
    (and save the new session). Raises :class:`LoginFailed` when nothing works."""
    try:
        return await _log_in(client, settings, data_dir)
    finally:
        lock_store(data_dir / STORE_DIR)


def lock_store(store: Path) -> None:
    """Make the key store (which nio creates when it logs in) readable by the bot's user only.
    SQLite gives its journal files the mode of the database."""
    lock_folder(store)


async def _log_in(client: AsyncClient, settings: MatrixSettings, data_dir: Path) -> Session:
    saved = load_session(data_dir)
    if (
        saved
        and saved.homeserver == settings.matrix_homeserver
        and saved.user_id == settings.matrix_user_id
        and await _valid(client, saved)
    ):
        log.info("Matrix: reusing device %s of %s", saved.device_id, saved.user_id)
        return saved
    token = settings.matrix_access_token.get_secret_value()
    if token:
        client.access_token = token
        who = await client.whoami()
        if isinstance(who, WhoamiResponse) and who.device_id:
            session = Session(settings.matrix_homeserver, who.user_id, who.device_id, token)
            client.restore_login(session.user_id, session.device_id, token)
            return session
        log.warning("Matrix: MATRIX_ACCESS_TOKEN was refused: %s", who)
    password = settings.matrix_password.get_secret_value()
    if not password:
        raise LoginFailed("no valid Matrix session, token or password")
    response = await client.login(password, device_name=settings.matrix_device_name)
    if not isinstance(response, LoginResponse):
        raise LoginFailed(f"Matrix login refused: {response}")
    session = Session(
        settings.matrix_homeserver, response.user_id, response.device_id, response.access_token
    )
    save_session(data_dir, session)
    log.info("Matrix: logged in as %s, new device %s", session.user_id, session.device_id)
    return session


async def _valid(client: AsyncClient, session: Session) -> bool:
    """Whether the homeserver still accepts the saved token (waits out server errors)."""
    client.access_token = session.access_token
    backoff = Backoff(maximum=client.config.max_timeout_retry_wait_time)
    while True:
        who = await client.whoami()
        if isinstance(who, WhoamiResponse):
            client.restore_login(session.user_id, session.device_id, session.access_token)
            return True
        if who.status_code in REFUSED:
            log.warning("Matrix: saved session refused (%s); logging in again", who)
            client.access_token = ""
            return False
        delay = backoff.next()
        log.warning("Matrix: whoami failed (%s); retrying in %.1f s", who, delay)
        await asyncio.sleep(delay)
