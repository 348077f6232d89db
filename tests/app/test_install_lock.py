"""The reproducible install: ``requirements.lock`` (what `make run` and `make test` install, every
file's hash checked) pins every dependency ``pyproject.toml`` names, at a version its range
allows. A dependency added to ``pyproject.toml`` without ``make lock`` fails here."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
LOCKED_EXTRAS = ("dev",)
"""The extras `make lock` pins beside the dependencies (the Makefile's ``--extra``)."""

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def declared(pyproject: str) -> list[Requirement]:
    project = tomllib.loads(pyproject)["project"]
    extras = project.get("optional-dependencies", {})
    names = [
        *project.get("dependencies", []),
        *(r for x in LOCKED_EXTRAS for r in extras.get(x, [])),
    ]
    return [Requirement(name) for name in names]


def pinned(lock: str) -> dict[str, set[Version]]:
    """Each locked package's versions (a universal lock may pin one per Python or platform)."""
    pins: dict[str, set[Version]] = {}
    for line in lock.splitlines():
        if match := PIN.match(line):
            pins.setdefault(canonicalize_name(match[1]), set()).add(Version(match[2]))
    return pins


def not_locked(pyproject: str, lock: str) -> list[str]:
    """What the lock lacks of ``pyproject``'s dependencies, one line each."""
    pins = pinned(lock)
    problems = []
    for requirement in declared(pyproject):
        versions = pins.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement.name}: not in requirements.lock")
        elif not any(requirement.specifier.contains(v, prereleases=True) for v in versions):
            locked = ", ".join(str(v) for v in sorted(versions))
            problems.append(f"{requirement.name}: locked {locked}, outside {requirement.specifier}")
    return problems


def test_the_lock_pins_every_dependency_of_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    problems = not_locked(pyproject, LOCK.read_text(encoding="utf-8"))
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_every_locked_package_has_its_hashes() -> None:
    lock = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=\S)", lock)
    unhashed = [e.split()[0] for e in entries if PIN.match(e) and "--hash=sha256:" not in e]
    assert pinned(lock) and unhashed == []


def test_the_check_sees_a_missing_dependency_and_a_pin_out_of_range() -> None:
    pyproject = """
[project]
dependencies = ["alembic>=1.13", "Py_YAML>=6", "psycopg[binary]>=3.1", "new-thing>=1"]
[project.optional-dependencies]
dev = ["pytest>=99"]
docs = ["sphinx"]
"""
    lock = (
        "alembic==1.14.0 \\\n    --hash=sha256:00\n    # via volunteer-chatbot (pyproject.toml)\n"
        "py-yaml==6.0.2 ; python_version >= '3.11' \\\n    --hash=sha256:11\n"
        "psycopg==3.2.3 \\\n    --hash=sha256:22\n"
        "pytest==8.3.4 \\\n    --hash=sha256:33\n"
    )
    assert not_locked(pyproject, lock) == [
        "new-thing: not in requirements.lock",
        "pytest: locked 8.3.4, outside >=99",
    ]


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_installs_from_the_lock_again_when_it_changes(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    planned = make("-n", f"VENV={venv}", f"{venv}/.installed").stdout
    assert "--require-hashes -r requirements.lock" in planned
    assert "--no-deps -e ." in planned

    venv.mkdir()
    (venv / ".installed").touch()  # installed after the lock and pyproject.toml were written
    assert make("-q", f"VENV={venv}", f"{venv}/.installed").returncode == 0
    for changed in ("requirements.lock", "pyproject.toml"):
        stale = make("-q", "-W", changed, f"VENV={venv}", f"{venv}/.installed")
        assert stale.returncode == 1, changed
