"""What a newcomer reads matches what the code does: every setting in .env.example, every
command in the README."""

import re
from pathlib import Path

from pydantic_settings import BaseSettings

from app.wiring import ALL_COMMAND_SETS
from chatbot.commands import Registry
from chatbot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def documented_keys() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def settings_classes() -> list[type[BaseSettings]]:
    classes: list[type[BaseSettings]] = [Settings]
    for module in ("adapters.slack.settings", "adapters.matrix.settings"):
        try:
            imported = __import__(module, fromlist=["*"])
        except ImportError:
            continue
        classes += [
            value
            for value in vars(imported).values()
            if isinstance(value, type)
            and issubclass(value, BaseSettings)
            and value is not BaseSettings
        ]
    return classes


def test_every_setting_is_in_env_example() -> None:
    keys = documented_keys()
    missing = []
    for settings_class in settings_classes():
        prefix = str(settings_class.model_config.get("env_prefix", "") or "")
        for name in settings_class.model_fields:
            key = (prefix + name).upper()
            if key not in keys:
                missing.append(f"{settings_class.__name__}.{name} ({key})")
    assert not missing, "add to .env.example: " + ", ".join(missing)


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command |") :]
    missing = [c.name for c in Registry(ALL_COMMAND_SETS).visible() if f"`{c.name}" not in table]
    assert not missing, f"commands missing from the README table: {missing}"
