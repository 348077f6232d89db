"""Slack settings, read from the environment and ``.env``.

Tokens are :class:`~pydantic.SecretStr` so that no repr, log line or traceback shows them.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from chatbot.secret_files import SecretFileSettings

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"


class SlackSettings(SecretFileSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr = SecretStr("")
    """Bot User OAuth token (``xoxb-…``); required."""
    slack_app_token: SecretStr = SecretStr("")
    """App-level token (``xapp-…``, scope ``connections:write``): selects Socket Mode."""
    slack_signing_secret: SecretStr = SecretStr("")
    """Signs HTTP-mode requests; required when no app token is set."""
    slack_host: str = "127.0.0.1"
    slack_port: int = 3000
    slack_api_url: str = DEFAULT_API_URL
    """Web API base URL: another one for GovSlack, a local fake in tests."""

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token.get_secret_value())

    @property
    def configured(self) -> bool:
        """A bot token, plus either an app token (Socket Mode) or a signing secret (HTTP)."""
        if not self.slack_bot_token.get_secret_value():
            return False
        return self.socket_mode or bool(self.slack_signing_secret.get_secret_value())

    @property
    def api_url(self) -> str:
        """The base URL with the trailing slash slack_sdk expects."""
        return self.slack_api_url.rstrip("/") + "/"
