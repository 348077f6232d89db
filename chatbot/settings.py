"""Settings from the environment and ``.env``; every key is documented in ``.env.example``."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from chatbot import cron
from chatbot.i18n import _, available_languages
from chatbot.ids import UserId
from chatbot.preferences import QuietHours
from chatbot.secret_files import SecretFileSettings

APP_NAME = "volunteer-chatbot"

IdList = Annotated[list[UserId], NoDecode]


def comma_list(value: object) -> object:
    """A list setting as written in the environment, comma-separated (``slack:U1, matrix:@a:hs``),
    as a list of its non-empty parts; any other value as it is (a ``mode="before"`` validator)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(SecretFileSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")
    secret_fields = frozenset({"database_url"})  # its password: DATABASE_URL_FILE

    bot_language: str = "fr"
    bot_timezone: str = "Europe/Paris"
    bot_data_dir: Path = Field(default_factory=lambda: Path(user_data_dir(APP_NAME)))
    database_url: str = ""
    """Empty means a SQLite file in ``bot_data_dir``."""
    bot_admins: IdList = Field(default_factory=list)
    bot_coordinators: IdList = Field(default_factory=list)
    bot_demo_data: bool = True
    log_level: str = "INFO"
    log_format: Literal["plain", "json"] = "plain"
    """``json``: one JSON object a line (for a log collector)."""

    directory_stale_days: int = 180
    directory_lookup_alternatives: int = 3
    directory_stale_days_by_theme: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)
    """Per-theme verification intervals (``Urgences=30,Santé=90``) over ``directory_stale_days``."""
    directory_round_cron: str = "0 9 * * mon"
    """When each verifier and coordinator gets their verification round (crontab)."""
    directory_round_size: int = Field(default=5, ge=1)
    """How many stale entries a verification round hands each person."""

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
    onboarding_reminder_grace_days: int = Field(default=2, ge=1)
    """Days between the reminders of an overdue step: its owner, then the buddy, then the
    coordinators."""
    onboarding_retention_days: int = Field(default=365, ge=1)
    """Days after a journey is completed or left before it is anonymised (figures kept)."""
    onboarding_buddies: IdList = Field(default_factory=list)
    """The buddy pool (``slack:U0123,matrix:@ana:example.org``): each newcomer gets the one with
    the fewest newcomers in progress."""
    onboarding_check_cron: str = "*/15 * * * *"

    digest_cron: str = "30 8 * * mon-fri"
    """When the coordinators' digest goes out (crontab, in ``bot_timezone``)."""
    digest_targets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Qualified conversation ids receiving digests and urgent reports (``slack:C0123``,
    ``matrix:!abc:example.org``); empty: each coordinator and admin by direct message."""
    digest_when_empty: Literal["say", "silent"] = "say"
    """A period with nothing to tell: ``say`` sends one "nothing new" line, ``silent`` nothing."""
    anomaly_categories: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["site", "info-erronee", "materiel", "securite", "autre"]
    )
    """Report categories, typed as tags (``#site``); the last one is the default."""
    anomaly_attachment_max_mb: int = Field(default=10, ge=1)
    """The largest file a report accepts (images and PDF), in megabytes."""
    anomaly_escalate_minutes: int = Field(default=30, ge=1)
    """An urgent report unacknowledged this long is sent again to coordinators, then (as long
    again) to admins."""
    anomaly_stale_days: int = Field(default=7, ge=1)
    """A normal report untouched this long is listed in the digest as waiting."""
    bot_quiet_hours: str = ""
    """Everyone's quiet hours unless they chose (``20:00-08:00``, in ``bot_timezone``); empty:
    none. Non-urgent messages to a person wait for the end of theirs."""
    notify_summary_time: str = "08:30"
    """When the daily summary goes to those who chose ``notifications daily``."""

    @field_validator(
        "bot_admins",
        "bot_coordinators",
        "onboarding_buddies",
        "onboarding_welcome_channels",
        "digest_targets",
        "anomaly_categories",
        mode="before",
    )
    @classmethod
    def _split_list(cls, value: object) -> object:
        return comma_list(value)

    @field_validator("directory_stale_days_by_theme", mode="before")
    @classmethod
    def _theme_days(cls, value: object) -> object:
        """``Urgences=30, Santé=90``: a theme (as entries spell it) and its days, each >= 1."""
        if not isinstance(value, str):
            return value
        days: dict[str, int] = {}
        for part in (p.strip() for p in value.split(",") if p.strip()):
            theme, sep, number = part.rpartition("=")
            if not sep or not theme.strip() or not number.strip().isdecimal():
                raise ValueError(f"expected Theme=days, e.g. Urgences=30, not {part!r}")
            if int(number) < 1:
                raise ValueError(f"{theme.strip()}: at least one day")
            days[theme.strip()] = int(number)
        return days

    @field_validator("onboarding_nudge_time", "notify_summary_time")
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

    # Checked at start, with a line naming the setting, rather than in a job hours later.

    @field_validator("bot_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in available_languages():
            raise ValueError(
                _("unknown language {value!r}; available: {languages}").format(
                    value=value, languages=", ".join(available_languages())
                )
            )
        return value

    @field_validator("bot_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                _("unknown time zone {value!r}, e.g. Europe/Paris").format(value=value)
            ) from None
        return value

    @field_validator("digest_cron", "onboarding_check_cron", "directory_round_cron")
    @classmethod
    def _check_cron(cls, value: str) -> str:
        try:
            return cron.check(value.strip())
        except ValueError:
            raise ValueError(
                _("not a crontab {value!r}, e.g. 30 8 * * mon-fri").format(value=value)
            ) from None

    @field_validator("bot_quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return str(QuietHours.parse(value))
        except ValueError:
            raise ValueError(
                _("not quiet hours {value!r}, e.g. 20:00-08:00").format(value=value)
            ) from None

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if not isinstance(logging.getLevelName(value.upper()), int):
            raise ValueError(_("unknown level {value!r}, e.g. INFO").format(value=value))
        return value

    @field_validator("bot_admins", "bot_coordinators", "onboarding_buddies")
    @classmethod
    def _check_user_ids(cls, value: list[UserId]) -> list[UserId]:
        return [UserId(cls.checked_id(part, user=True)) for part in value]

    @field_validator("digest_targets", "onboarding_welcome_channels")
    @classmethod
    def _check_conversation_ids(cls, value: list[str]) -> list[str]:
        return [cls.checked_id(part, user=False) for part in value]

    @classmethod
    def checked_id(cls, value: str, *, user: bool) -> str:
        """``value`` when shaped as a qualified id (``platform:local``), else a ValueError.

        The core knows no platform: which ids each one has is its adapter's to say, checked
        where the platforms are known (the app layer overrides this in a subclass)."""
        if not QUALIFIED_ID.fullmatch(value):
            raise not_an_id(value, user=user, examples=ID_EXAMPLE)
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.bot_data_dir / 'chatbot.sqlite3'}"


QUALIFIED_ID = re.compile(r"[a-z][a-z0-9_-]*:\S+")
"""The shape of every id a setting names: a platform, a colon, that platform's own id."""
ID_EXAMPLE = "platform:id"
"""What :data:`QUALIFIED_ID` looks like, where no platform is known to give a real example."""


def not_an_id(value: str, *, user: bool, examples: str) -> ValueError:
    """The error for a setting's ``value`` that is no user id (``user``) or conversation id."""
    message = (
        _("not a user id {value!r}, e.g. {examples}")
        if user
        else _("not a conversation id {value!r}, e.g. {examples}")
    )
    return ValueError(message.format(value=value, examples=examples))
