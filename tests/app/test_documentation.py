"""What a newcomer reads matches what the code does: every setting in .env.example, every
command in the README."""

import re
from pathlib import Path

from pydantic_settings import BaseSettings

from app.health import HealthSettings
from app.platforms import PLATFORMS
from chatbot.commands import Registry
from chatbot.settings import Settings
from commands import all_command_sets
from tests.harness import no_env

ROOT = Path(__file__).resolve().parents[2]


def documented_keys() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def settings_classes() -> list[type[BaseSettings]]:
    return [Settings, HealthSettings, *(kind for spec in PLATFORMS for kind in spec.settings)]


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
    missing = [
        c.name
        for c in Registry(all_command_sets(no_env(Settings))).visible()
        if f"`{c.name}" not in table
    ]
    assert not missing, f"commands missing from the README table: {missing}"


def test_the_architecture_names_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture") : readme.index("## Benchmarks")]
    paths = set(re.findall(r"`([\w.-]+/[\w./-]*)`", section))  # a path has a slash
    assert "app/platforms.py" in paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"the README's Architecture names files that do not exist: {missing}"
