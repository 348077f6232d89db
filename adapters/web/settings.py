"""Web cockpit settings, read from the environment and ``.env``."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_web_port: int | None = None
    """Serve the web cockpit on this port (0: any free one); unset: no cockpit."""
    bot_web_host: str = "127.0.0.1"
    """Where it listens: keep 127.0.0.1 behind a reverse proxy."""
    bot_web_base_url: str = ""
    """How people reach it (``https://bot.example.org``), for the sign-in links the bot sends;
    empty: ``http://<host>:<port>``. HTTPS marks the session cookie Secure."""
    bot_web_session_hours: float = 12.0
    """A session ends this long after signing in."""

    @property
    def configured(self) -> bool:
        return self.bot_web_port is not None

    @property
    def base_url(self) -> str:
        """The configured base URL, else the address it listens on ("" when not served)."""
        if not self.configured:
            return ""
        if self.bot_web_base_url:
            return self.bot_web_base_url.rstrip("/")
        return f"http://{self.bot_web_host}:{self.bot_web_port}"
