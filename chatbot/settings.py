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

    onboarding_welcome_channels: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Qualified conversation ids (``slack:C0123``, ``matrix:!room:example.org``): joining one
    enrols the newcomer."""
    onboarding_on_team_join: bool = False
    """Also enrol whoever joins the whole workspace (Slack ``team_join``)."""
    onboarding_default_template: str = "volunteer"
    onboarding_nudge_time: str = "09:00"
    """Local time (the newcomer's, else ``bot_timezone``) after which the day's steps are sent."""
    onboarding_weekends: bool = False
    """Send nudges on Saturdays and Sundays too."""
    onboarding_stuck_days: int = 2
    onboarding_check_cron: str = "*/15 * * * *"

    digest_cron: str = "30 8 * * mon-fri"
    """When the coordinators' digest goes out (crontab, in ``bot_timezone``)."""
    digest_targets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Qualified conversation ids receiving digests and urgent reports (``slack:C0123``,
    ``matrix:!abc:example.org``); empty: each coordinator and admin by direct message."""
    anomaly_categories: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["site", "info-erronee", "materiel", "securite", "autre"]
    )
    """Report categories, typed as tags (``#site``); the last one is the default."""

    @field_validator(
        "bot_admins",
        "bot_coordinators",
        "onboarding_welcome_channels",
        "digest_targets",
        "anomaly_categories",
        mode="before",
    )
    @classmethod
    def _split_list(cls, value: object) -> object:
        """Lists are written comma-separated in the environment: ``slack:U1, matrix:@a:hs``."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("onboarding_nudge_time")
    @classmethod
    def _check_time(cls, value: str) -> str:
        hours, _sep, minutes = value.strip().partition(":")
        if not (hours.isdecimal() and minutes.isdecimal()) or int(hours) > 23 or int(minutes) > 59:
            raise ValueError("expected HH:MM, e.g. 09:00")
        return f"{int(hours):02d}:{int(minutes):02d}"

    @field_validator("digest_targets", "anomaly_categories")
    @classmethod
    def _bare_tags(cls, value: list[str]) -> list[str]:
        """``#site`` and ``site`` name the same category."""
        return [part.lstrip("#") for part in value]

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.bot_data_dir / 'chatbot.sqlite3'}"
