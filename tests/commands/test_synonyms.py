"""Coordinators teach the search their programme's words; every change is a version."""

from __future__ import annotations

import io
from pathlib import Path

from app.directory_cli import export_synonyms, import_synonyms
from chatbot.ids import UserId
from tests.harness import COORDINATOR, Chat

CAF = "== Caisse d'allocations familiales (CAF) =="


def test_a_coordinator_adds_a_word_and_every_process_finds_with_it(chat: Chat) -> None:
    assert chat.say("lookup les zinzins").startswith("No entry found")
    assert chat.say("synonym add les zinzins = caf", user=COORDINATOR).startswith(
        "Done: «les zinzins» now finds what «caf» finds (version 1)."
    )
    assert chat.say("lookup les zinzins").startswith(CAF)
    chat.restart()
    assert chat.say("lookup zinzins").startswith(CAF)
    listing = chat.say("synonyms", user=COORDINATOR)
    assert "caf = les zinzins" in listing


def test_removing_a_word_even_a_shipped_one(chat: Chat) -> None:
    impots = "== Impôts – Finances publiques (DGFiP) =="
    assert chat.say("lookup perception").startswith(impots)
    removed = chat.say("synonym remove perception", user=COORDINATOR)
    assert "no longer a synonym (version 1)" in removed
    assert not chat.say("lookup perception").startswith(impots)
    assert "(removed) perception" in chat.say("synonyms", user=COORDINATOR)
    history = chat.say("synonyms history", user=COORDINATOR)
    assert "v1 · " in history and "console:coline · - perception" in history


def test_volunteers_cannot_change_synonyms_and_mistakes_show_usage(chat: Chat) -> None:
    assert "is for coordinators only" in chat.say("synonym add x = caf")
    assert chat.say("synonym add zinzins caf", user=COORDINATOR) == (
        "Usage: synonym add <new words> = <known words>."
    )
    chat.say("synonym add zinzins = caf", user=COORDINATOR)
    assert "already a synonym here" in chat.say("synonym add zinzins = cpam", user=COORDINATOR)
    assert chat.say("synonym remove pizza", user=COORDINATOR) == "«pizza» is not a synonym."


def test_a_synonyms_file_is_imported_whole_or_not_at_all(chat: Chat, tmp_path: Path) -> None:
    good, bad, out = tmp_path / "ok.yaml", tmp_path / "bad.yaml", tmp_path / "out.yaml"
    good.write_text("synonyms:\n  - [caf, les zinzins]\n", encoding="utf-8")
    bad.write_text("synonyms:\n  - [caf]\n  - [cpam, '']\n", encoding="utf-8")
    repo, now = chat.app.storage.thesaurus, chat.clock.now()

    printed = io.StringIO()
    assert import_synonyms(repo, bad, actor=UserId("cli"), now=now, out=printed) == 1
    assert "synonyms #1: a group needs at least two terms" in printed.getvalue()
    assert "synonyms #2: empty term" in printed.getvalue()
    assert repo.current() is None
    assert import_synonyms(repo, good, actor=UserId("cli"), now=now, out=printed) == 0
    assert chat.say("lookup zinzins").startswith(CAF)
    assert export_synonyms(repo, out, out=printed) == 0
    assert "les zinzins" in out.read_text(encoding="utf-8")
