"""Imports flow adapters -> chatbot <- commands, storage -> chatbot; only app/ sees them all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("chatbot", "commands", "storage", "adapters", "app")
ALLOWED = {
    "chatbot": {"chatbot"},
    "commands": {"chatbot", "commands"},
    "storage": {"chatbot", "storage"},
    "adapters": {"chatbot", "adapters"},
    "app": set(LAYERS),
}
FORBIDDEN_IN_CORE = {
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "slack_bolt",
    "slack_sdk",
    "nio",
    "aiohttp",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_what_it_may(layer: str) -> None:
    offences = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        modules = imported_modules(path)
        wrong = (modules & set(LAYERS)) - ALLOWED[layer]
        if layer in ("chatbot", "commands"):
            wrong |= modules & FORBIDDEN_IN_CORE
        if wrong:
            offences.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert not offences, "\n".join(offences)


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from storage.engine import make_engine\nimport slack_sdk\n")
    assert imported_modules(bad) == {"storage", "slack_sdk"}


def protocols_outside_ports(root: Path) -> list[str]:
    """Protocol classes of the core defined anywhere but ``chatbot/ports/``."""
    found = []
    for path in sorted((root / "chatbot").rglob("*.py")):
        if "ports" in path.relative_to(root / "chatbot").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "Protocol" for base in node.bases
            ):
                found.append(f"{path.relative_to(root)}: {node.name}")
    return found


def test_every_port_of_the_core_lives_in_chatbot_ports() -> None:
    assert protocols_outside_ports(ROOT) == []


def test_the_ports_check_sees_a_protocol_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "chatbot" / "ports").mkdir(parents=True)
    (tmp_path / "chatbot" / "ports" / "fine.py").write_text("class A(Protocol): ...\n")
    (tmp_path / "chatbot" / "stray.py").write_text("class B(Protocol): ...\n")
    assert protocols_outside_ports(tmp_path) == ["chatbot/stray.py: B"]
