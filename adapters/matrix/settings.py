"""Matrix settings, read from the environment and ``.env``.

Secrets are :class:`~pydantic.SecretStr` so that no repr, log line or traceback shows them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from chatbot.secret_files import SecretFileSettings
from chatbot.settings import comma_list


class MatrixSettings(SecretFileSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    matrix_homeserver: str = ""
    """Client-server API base URL, e.g. ``https://matrix.example.org``."""
    matrix_user_id: str = ""
    """The bot's account, e.g. ``@annuaire:example.org``."""
    matrix_password: SecretStr = SecretStr("")
    """Used for the first login only; the session is then kept in the data directory."""
    matrix_access_token: SecretStr = SecretStr("")
    """An existing access token, instead of a password."""
    matrix_device_name: str = "volunteer-chatbot"
    matrix_command_prefix: str = "!"
    matrix_allowed_inviters: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Users (``@ana:example.org``) or servers (``example.org``) whose invites the bot accepts;
    empty accepts every invite."""
    matrix_e2ee: bool = False
    """Join and answer in encrypted rooms (needs ``matrix-nio[e2e]``)."""
    matrix_sync_timeout_ms: int = 30_000
    matrix_max_backoff_seconds: float = 60.0
    """Longest wait between two attempts while the homeserver is unreachable."""

    @field_validator("matrix_allowed_inviters", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return comma_list(value)

    @property
    def configured(self) -> bool:
        """A homeserver, a user id, and a password or an access token."""
        has_secret = bool(
            self.matrix_password.get_secret_value() or self.matrix_access_token.get_secret_value()
        )
        return bool(self.matrix_homeserver and self.matrix_user_id and has_secret)

    def invite_allowed(self, inviter: str) -> bool:
        """Whether to accept an invite sent by ``inviter`` (a full Matrix user id)."""
        if not self.matrix_allowed_inviters:
            return True
        server = inviter.partition(":")[2]
        return any(
            inviter == allowed or server == allowed.lstrip(":")
            for allowed in self.matrix_allowed_inviters
        )
