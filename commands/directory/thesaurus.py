"""The words volunteers use for what the directory names otherwise.

Two kinds of groups, in ``thesaurus.yaml`` (shipped) and in each programme's additions:

- ``synonyms``: terms naming the same body or thing (``caf``, ``allocs``, ``family benefits
  office``). An entry whose name, aliases or theme holds one term is found by all of them.
- ``needs``: words naming a situation (``loyer impayé``, ``expulsion``) and the terms of what
  answers it (``find: [adil, logement]``). Entries holding a ``find`` term are found by the words.

Terms are compared as folded words (:func:`commands.directory.normalize.words`), so accents,
case, plurals and filler words do not matter. A term belongs to one group only: a word that
could point two ways (``chômage``) is a need with several ``find`` terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from commands.directory.normalize import words
from commands.directory.yaml_data import load_yaml

Term = tuple[str, ...]


class ThesaurusError(ValueError):
    """A thesaurus file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Need:
    words: tuple[str, ...]
    find: tuple[str, ...]


@dataclass(frozen=True)
class Thesaurus:
    synonyms: tuple[tuple[str, ...], ...] = ()
    needs: tuple[Need, ...] = ()
    removed: tuple[str, ...] = ()
    """Terms a programme takes out of the shipped groups (``remove:`` in its file)."""

    def __len__(self) -> int:
        return len(self.synonyms) + len(self.needs)

    def terms(self) -> set[Term]:
        found = {term(t) for group in self.synonyms for t in group}
        return found | {term(w) for need in self.needs for w in need.words}

    def extended(self, own: Thesaurus) -> Thesaurus:
        """This thesaurus with a programme's ``own`` groups: a group sharing a term with
        another joins it (``sécu = cpam`` adds "sécu" to the CPAM group), needs add up, and
        the programme's removed terms go."""
        gone = {term(t) for t in own.removed}
        groups: list[list[str]] = []
        where: dict[Term, int] = {}
        for group in (*self.synonyms, *own.synonyms):
            kept = [t for t in group if term(t) not in gone]
            joined = sorted({where[term(t)] for t in kept if term(t) in where})
            target = joined[0] if joined else len(groups)
            if not joined:
                groups.append([])
            for other in joined[1:]:
                groups[target] += groups[other]
                groups[other] = []
            for t in kept:
                if term(t) not in where or where[term(t)] != target:
                    groups[target].append(t)
            for t in groups[target]:
                where[term(t)] = target
        synonyms = tuple(tuple(dict.fromkeys(g)) for g in groups if len(g) >= 2)
        needs = tuple(
            Need(still, need.find)
            for need in (*self.needs, *own.needs)
            if (still := tuple(w for w in need.words if term(w) not in gone))
        )
        return Thesaurus(synonyms, needs)

    def to_yaml(self) -> str:
        data: dict[str, Any] = {
            "synonyms": [list(group) for group in self.synonyms],
            "needs": [{"words": list(n.words), "find": list(n.find)} for n in self.needs],
        }
        if self.removed:
            data["remove"] = list(self.removed)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@lru_cache(maxsize=65_536)
def term(text: str) -> Term:
    """The folded words of a term (remembered: a thesaurus is read at every index build)."""
    return tuple(words(text))


def parse_thesaurus(text: str) -> Thesaurus:
    """Read a thesaurus file; raises :class:`ThesaurusError` naming every problem."""
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ThesaurusError([f"{where}not valid YAML"]) from None
    if not isinstance(data, dict) or set(data) - {"synonyms", "needs", "remove"}:
        raise ThesaurusError(["the file's sections are synonyms, needs and remove"])
    problems: list[str] = []
    synonyms = [
        _strings(group, f"synonyms #{n}", problems)
        for n, group in enumerate(data.get("synonyms") or (), 1)
    ]
    needs = [
        _need(item, f"needs #{n}", problems) for n, item in enumerate(data.get("needs") or (), 1)
    ]
    for n, group in enumerate(synonyms, 1):
        if len(group) < 2:
            problems.append(f"synonyms #{n}: a group needs at least two terms")
    for n, need in enumerate(needs, 1):
        if not need.words or not need.find:
            problems.append(f"needs #{n}: give words and what they find")
    problems += _duplicates(
        [(f"synonyms #{n}", group) for n, group in enumerate(synonyms, 1)]
        + [(f"needs #{n}", need.words) for n, need in enumerate(needs, 1)]
    )
    removed = _strings(data.get("remove") or [], "remove", problems)
    if problems:
        raise ThesaurusError(problems)
    return Thesaurus(tuple(synonyms), tuple(needs), removed)


def _strings(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list of terms")
        return ()
    found = []
    for item in value:
        text = str(item).strip() if isinstance(item, str | int | float) else ""
        if not text or not term(text):
            problems.append(f"{where}: empty term")
            continue
        found.append(text)
    return tuple(found)


def _need(value: object, where: str, problems: list[str]) -> Need:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected words and find")
        return Need((), ())
    return Need(
        _strings(value.get("words"), f"{where} words", problems),
        _strings(value.get("find"), f"{where} find", problems),
    )


def _duplicates(groups: Iterable[tuple[str, Sequence[str]]]) -> list[str]:
    """A term may stand in one group only, once."""
    seen: dict[Term, str] = {}
    problems = []
    for where, terms in groups:
        for text in terms:
            key = term(text)
            if seen.get(key) == where:
                continue  # the same words twice in one group: harmless ("consulat", "consulate")
            if key in seen:
                problems.append(f"{where}: «{text}» is already in {seen[key]}")
            else:
                seen[key] = where
    return problems


@cache
def shipped_thesaurus() -> Thesaurus:
    text = resources.files("commands.directory").joinpath("thesaurus.yaml").read_text("utf-8")
    return parse_thesaurus(text)
