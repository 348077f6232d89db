"""Settings from the environment and ``.env``; every key is documented in ``.env.example``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from chatbot.ids import UserId

APP_NAME = "volunteer-chatbot"

IdList = Annotated[list[UserId], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_language: str = "fr"
    bot_timezone: str = "Europe/Paris"
    bot_data_dir: Path = Field(default_factory=lambda: Path(user_data_dir(APP_NAME)))
    database_url: str = ""
    """Empty means a SQLite file in ``bot_data_dir``."""
    bot_admins: IdList = Field(default_factory=list)
    bot_coordinators: IdList = Field(default_factory=list)
    bot_demo_data: bool = True
    log_level: str = "INFO"

    directory_stale_days: int = 180
    directory_lookup_alternatives: int = 3

    @field_validator("bot_admins", "bot_coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [UserId(part.strip()) for part in value.split(",") if part.strip()]
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.bot_data_dir / 'chatbot.sqlite3'}"
