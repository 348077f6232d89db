"""Checklist templates in YAML: every mistake reported with its line; versions kept apart."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.onboarding_cli import load_template
from chatbot.ids import UserId
from chatbot.ports import OnboardingRepository
from commands.onboarding.template_file import (
    TEMPLATES_DIR,
    TemplateError,
    bundled_templates,
    parse_template,
)
from tests.harness import COORDINATOR, Chat, sent_to

ADMIN = UserId("console:ada")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

BROKEN = """\
name: Volunteer!
language: en
title: Test checklist
days:
  - title: Day one
    steps:
      - explanation: a step without a title
      - title: Try it
        trigger: search
        links:
          - label: Wiki
            url: wiki/home
  - title: Day two
    stepz:
      - title: typo above
"""

SMALL = """\
name: volunteer
language: en
title: Small checklist
days:
  - title: First day
    steps:
      - title: Say hello
      - title: Try a lookup
        trigger: lookup
        links:
          - https://example.org/help
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        parse_template(text)
    return caught.value.errors


def test_every_mistake_is_reported_with_its_line_and_field() -> None:
    assert errors_of(BROKEN) == [
        "line 1: name: «Volunteer!» is not valid: expected lower-case letters, digits, - or _",
        "line 7: day 1, step 1: «title» is missing",
        "line 9: day 1, step 2, trigger: unknown trigger «search» (expected one of: lookup, "
        "report, join, answer)",
        "line 12: day 1, step 2, links 1, url: «wiki/home» is not valid: expected an http(s):// "
        "address",
        "line 13: day 2: «steps» is missing",
        "line 14: day 2: unknown field «stepz» (expected title, steps, day)",
    ]


def test_yaml_syntax_errors_point_at_their_line() -> None:
    [error] = errors_of("name: volunteer\ndays:\n  - title: [unclosed\n")
    assert error.startswith("line 4: not valid YAML")
    assert errors_of("") == ["the file is empty"]
    assert errors_of("- just\n- a list\n") == [
        "line 1: expected fields (name, language, title, days, part_of)"
    ]


def test_the_bundled_checklist_exists_in_french_and_english() -> None:
    templates = {t.language: t for t in bundled_templates() if t.name == "volunteer"}
    assert sorted(templates) == ["en", "fr"]
    for template in templates.values():
        assert template.name == "volunteer"
        assert len(template.days) == 4
        assert [s.step.trigger for s in template.numbered() if s.step.trigger] == [
            "answer",
            "lookup",
            "report",
        ]
    assert templates["fr"].days[0].steps[0].title == "Lire la charte des bénévoles"


def test_loading_from_the_command_line(chat: Chat, tmp_path: Path) -> None:
    repo = chat.app.services.onboarding
    assert repo is not None
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert _load(repo, path) == (
        0,
        f"{path}: checklist «volunteer» (en) stored as version 1: 1 days, 2 steps.\n",
        "",
    )
    assert _load(repo, path) == (
        0,
        f"{path}: checklist «volunteer» (en) unchanged, still version 1.\n",
        "",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    code, out, err = _load(repo, bad)
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [
        f"{bad}: 6 problem(s), nothing was loaded:",
        f"{bad}: line 1: name: «Volunteer!» is not valid: expected lower-case letters, digits, "
        "- or _",
    ]
    assert _load(repo, tmp_path / "missing.yaml")[0] == 1
    assert "Small checklist" in chat.say("onboarding templates", user=COORDINATOR)


def test_newcomers_keep_the_version_they_started_with(chat: Chat, tmp_path: Path) -> None:
    repo = chat.app.services.onboarding
    assert repo is not None
    path = tmp_path / "volunteer.yaml"
    path.write_text(SMALL, encoding="utf-8")
    _load(repo, path)
    chat.say("onboarding start victor", user=COORDINATOR)
    path.write_text(SMALL.replace("Say hello", "Say hello to the team"), encoding="utf-8")
    assert "stored as version 2" in _load(repo, path)[1]
    chat.say("onboarding start ines", user=COORDINATOR)

    assert "1. Say hello\n" in sent_to(chat, "console:victor")[0]
    assert "1. Say hello to the team" in sent_to(chat, "console:ines")[0]
    assert "☐ 1. Say hello\n" in chat.say("onboarding", user="victor")
    templates = chat.say("onboarding templates", user=COORDINATOR)
    assert "volunteer (en) v2: Small checklist, 1 days, 2 steps" in templates


def test_the_french_bot_uses_the_french_checklist(chat_fr: Chat) -> None:
    chat_fr.say("onboarding start victor", user=COORDINATOR)
    [welcome] = sent_to(chat_fr, "console:victor")
    assert "Lire la charte des bénévoles" in welcome
    assert "☐ 1. Lire la charte des bénévoles" in chat_fr.say("accueil")


def test_the_shipped_files_load_cleanly(chat: Chat) -> None:
    repo = chat.app.services.onboarding
    assert repo is not None
    for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
        code, out, err = _load(repo, path)
        assert (code, err) == (0, "")
        assert (
            "4 days, 9 steps" if path.name.startswith("volunteer.") else "4 days, 4 steps"
        ) in out


def _load(repo: OnboardingRepository, path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = load_template(repo, path, actor=ADMIN, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()
