"""Composed checklists: the general template plus a role or site part, chosen at enrolment; the
shipped files are sound; a running journey keeps the steps it started with."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.onboarding_cli import load_template
from app.onboarding_enrol_cli import enrol_file
from chatbot.ids import UserId
from chatbot.onboarding import OWNERS, Template
from commands.onboarding.compose import compose
from commands.onboarding.template_file import (
    MAX_DAY,
    TEMPLATES_DIR,
    TemplateError,
    bundled_templates,
    parse_template,
)
from tests.harness import COORDINATOR, Chat, sent_to

PARTS = ("chat", "phone")


def _shipped() -> dict[tuple[str, str], Template]:
    return {(t.name, t.language): t for t in bundled_templates()}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("part", PARTS)
def test_each_shipped_part_composes_soundly_with_the_general_template(
    part: str, language: str
) -> None:
    shipped = _shipped()
    piece = shipped[(part, language)]
    assert piece.part_of == "volunteer"
    composed = compose(shipped[("volunteer", language)], piece)
    steps = composed.numbered()
    ids = [s.step.id for s in steps]
    assert None not in ids and len(set(ids)) == len(ids)  # every step named, once
    offsets = [composed.offset(day) for day in range(1, len(composed.days) + 1)]
    assert offsets == sorted(set(offsets)) and offsets[0] == 1 and offsets[-1] <= MAX_DAY
    assert offsets[-1] == 30  # the one-month check-in
    assert {s.step.owner for s in steps} == set(OWNERS)  # someone else's steps too
    # the same steps, in the same order, in French and in English
    other = shipped[(part, "en" if language == "fr" else "fr")]
    assert [s.step.id for s in piece.numbered()] == [s.step.id for s in other.numbered()]
    assert [s.step.owner for s in piece.numbered()] == [s.step.owner for s in other.numbered()]


def test_the_shipped_files_are_french_first() -> None:
    names = {path.name for path in TEMPLATES_DIR.glob("*.yaml")}
    for name in ("volunteer", *PARTS):
        assert {f"{name}.fr.yaml", f"{name}.en.yaml"} <= names


PART = """\
name: chat
part_of: volunteer
language: en
title: Chat desk
days:
  - title: Later
    day: 7
    steps:
      - title: First chat alone
        id: alone
  - title: Earlier
    day: 3
    steps:
      - title: Shadow a chat
        id: alone
"""


def test_a_part_with_days_going_back_or_ids_used_twice_is_refused() -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(PART)
    assert caught.value.errors == [
        "line 11: day 2: its day must come after the one before",
        "line 15: id: the id «alone» is already used on line 10",
    ]
    with pytest.raises(TemplateError) as caught:
        parse_template(PART.replace("day: 3", "day: 400").replace("day: 7", "day: 1"))
    assert caught.value.errors[0] == "line 12: day 2, day: 400 is too late: at most 366"


def _load(chat: Chat, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    repo = chat.app.services.onboarding
    code = load_template(
        repo, path, actor=UserId("console:ada"), now=chat.clock.now(), out=out, err=err
    )
    assert (code, err.getvalue()) == (0, "")
    return out.getvalue()


def test_a_running_journey_keeps_the_parts_it_started_with(chat: Chat, tmp_path: Path) -> None:
    part = (TEMPLATES_DIR / "chat.en.yaml").read_text(encoding="utf-8")
    chat.say("onboarding start victor volunteer chat", user=COORDINATOR)
    assert "4. Open their access to the chat tool" in sent_to(chat, "console:victor")[0]
    # The chat part is edited; the next newcomer gets the new step, Victor keeps his.
    edited = part.replace("Open their access to the chat tool", "Give them a chat account")
    assert "stored as version 2" in _load(chat, tmp_path / "chat.en.yaml", edited)
    chat.say("onboarding start ines chat", user=COORDINATOR)
    assert "☐ 4. Open their access to the chat tool" in chat.say("onboarding", user="victor")
    assert "☐ 4. Give them a chat account" in chat.say("onboarding", user="ines")
    templates = chat.say("onboarding templates", user=COORDINATOR)
    assert "volunteer+chat (en) v2: Getting started as a volunteer · Chat desk, 6 days" in templates
    assert "chat (en) v2: Chat desk, 4 days, 4 steps" in templates


def test_a_part_is_chosen_in_a_bulk_enrolment_or_by_name(chat: Chat, tmp_path: Path) -> None:
    source = tmp_path / "newcomers.csv"
    source.write_text("user,name,template\nconsole:victor,Victor,phone\nconsole:ines,Inès,\n")
    out, err = io.StringIO(), io.StringIO()
    assert enrol_file(chat.app.services, source, actor=UserId(COORDINATOR), out=out, err=err) == 0
    chat.deliver()
    assert "☐ 4. Add them to the phone line schedule" in chat.say("onboarding", user="victor")
    assert "4." not in chat.say("onboarding", user="ines").split("Day 2")[0]  # the general one
    assert chat.say("onboarding start paul volunteer radio", user=COORDINATOR) == (
        "There is no checklist called «volunteer+radio». Type onboarding templates to see them."
    )
