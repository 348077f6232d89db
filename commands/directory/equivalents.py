"""Single words volunteers type for the words entry names use (``words.yaml``): English,
Dutch and everyday French to the French of the directory — ``sickness`` -> ``maladie``,
``werkloosheid`` -> ``chômage``, ``boulot`` -> ``emploi``.

Unlike the thesaurus, which says what a *body* is also called, these work word by word, so
``sickness insurance`` finds "Assurance maladie" and ``family allowance brussels`` finds
"Famiris – allocations familiales Bruxelles" without anyone listing those phrases."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

from commands.directory.normalize import words
from commands.directory.yaml_data import load_yaml

Equivalents = Mapping[str, tuple[str, ...]]
"""Folded word -> the folded words it stands for, best first; none when it stands for filler
words only (``hotline`` -> ``numéro``): then it is filler too."""


class EquivalentsError(ValueError):
    """A words file that cannot be used; the message names the faulty words."""


def parse_equivalents(text: str) -> dict[str, tuple[str, ...]]:
    data = load_yaml(text) or {}
    table = data.get("words") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise EquivalentsError("the file holds one section, words: {word: [words]}")
    found: dict[str, tuple[str, ...]] = {}
    problems = []
    for typed, meant in table.items():
        key = words(str(typed))
        if len(key) != 1 or not isinstance(meant, list) or not all(str(m).strip() for m in meant):
            problems.append(str(typed))
            continue
        targets = [w for item in meant for w in words(str(item))]
        others = tuple(w for w in targets if w != key[0])
        if others or not targets:
            found[key[0]] = tuple(dict.fromkeys((*found.get(key[0], ()), *others)))
    if problems:
        raise EquivalentsError("not one word for one to four words: " + ", ".join(problems))
    return found


@cache
def shipped_equivalents() -> Equivalents:
    path = resources.files("commands.directory").joinpath("words.yaml")
    return parse_equivalents(path.read_text("utf-8"))
