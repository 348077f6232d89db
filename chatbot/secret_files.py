"""Secrets from files: every secret setting ``NAME`` may instead be given as ``NAME_FILE``, the
path of a file holding it (systemd credentials, Docker secrets).

A settings class inherits :class:`SecretFileSettings`; its :class:`~pydantic.SecretStr` fields
(and those it names in ``secret_fields``) are read from ``<NAME>_FILE``, in the environment or
``.env``, when set. The file's content is the value, less one trailing newline. Both ``NAME`` and
``NAME_FILE`` set, or a file that cannot be read, is a :class:`~pydantic.ValidationError` on
``NAME_FILE`` naming the file, never its content.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from chatbot.files import file_error
from chatbot.i18n import _

SUFFIX = "_file"


def read_secret(path: str) -> str:
    """The secret in the file at ``path``, less one trailing newline (``echo`` adds it)."""
    text = Path(path).read_text(encoding="utf-8")
    return text.removesuffix("\n").removesuffix("\r")


class SecretFilesSource(PydanticBaseSettingsSource):
    """The secret fields whose ``<NAME>_FILE`` is set, each read from its file."""

    def __init__(
        self, settings_cls: type[BaseSettings], *sources: PydanticBaseSettingsSource
    ) -> None:
        super().__init__(settings_cls)
        self.variables: list[Mapping[str, str | None]] = [
            getattr(source, "env_vars", {}) for source in sources
        ]

    def _lookup(self, name: str) -> str:
        for variables in self.variables:
            value = variables.get(name) or variables.get(name.upper())
            if value:
                return value
        return ""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # everything is done in __call__

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        errors: list[tuple[str, str, str]] = []
        secret_fields: frozenset[str] = getattr(self.settings_cls, "secret_fields", frozenset())
        for name, field in self.settings_cls.model_fields.items():
            if field.annotation is not SecretStr and name not in secret_fields:
                continue
            path = self._lookup(name + SUFFIX)
            if not path:
                continue
            if self._lookup(name):
                message = _("set either {name} or {name}_FILE, not both")
                errors.append((name, path, message.format(name=name.upper())))
                continue
            try:
                values[name] = read_secret(path)
            except UnicodeDecodeError:
                errors.append((name, path, _("{path}: not UTF-8 text").format(path=path)))
            except OSError as error:
                reason = file_error(error)
                message = _("cannot read {path}: {reason}").format(path=path, reason=reason)
                errors.append((name, path, message))
        if errors:
            raise ValidationError.from_exception_data(
                self.settings_cls.__name__,
                [
                    {
                        "type": "value_error",
                        "loc": (name + SUFFIX,),
                        "input": path,
                        "ctx": {"error": ValueError(message)},
                    }
                    for name, path, message in errors
                ],
            )
        return values


class SecretFileSettings(BaseSettings):
    """Settings whose secrets may come from files (see the module)."""

    secret_fields: ClassVar[frozenset[str]] = frozenset()
    """Secret fields that are no :class:`~pydantic.SecretStr` (a URL with a password)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = SecretFilesSource(settings_cls, env_settings, dotenv_settings)
        return (init_settings, files, env_settings, dotenv_settings, file_secret_settings)
