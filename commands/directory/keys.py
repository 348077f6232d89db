"""What an entry is indexed under: its keys, each a few folded words with a weight.

- its name and aliases (:data:`NAME`), each covering only the words a query should type: not
  the place ("CAF de la Haute-Garonne" is *the CAF* for ``caf toulouse``) nor its own number;
- what the thesaurus adds: other names of what a name holds (:data:`SYNONYM`, weaker as the
  matched term covers less of the name: "Ligne partenaires CAF" is not *the* CAF), needs it
  answers (:data:`NEED`), the same for its theme (:data:`THEME`, :data:`THEME_EXTRA`);
- its town (:data:`TOWN_KEY`) and its notes (:data:`NOTES`, never enough alone).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from chatbot.directory import Entry
from commands.directory.normalize import words
from commands.directory.places import (
    AREA,
    TOWN,
    Gazetteer,
    Term,
    address_places,
    put_area,
)
from commands.directory.thesaurus import Thesaurus, term

NAME, SYNONYM, NEED = 1.0, 0.95, 0.85
THEME, THEME_EXTRA = 0.75, 0.7
TOWN_KEY, NOTES = 0.8, 0.55
NEED_DECAY, NEED_FLOOR = 0.04, 0.8
"""A need's find terms weigh less down its list, to four fifths at most."""
SYNONYM_FLOOR = 0.6
"""Share of its weight a thesaurus term keeps when it covers none of the rest of the name."""
MAX_TERM_WORDS = 6
MAX_GAP = 2
ARRONDISSEMENT = re.compile(r"^\d{1,2}(?:e|er|eme|ieme)?$")
PLACE_PREFIXES = frozenset(
    "ville commune city stad gemeente region province departement metropole agglomeration "
    "canton arrondissement".split()
)
MAX_NOTE_WORDS = 40
_SEGMENT = re.compile(r"\s[–—-]\s|[()\[\]:/|]|,\s")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.?){2,6}\b")
_SHORT_TERM = 4
"""Single-word thesaurus terms this short are acronyms (``msa``, ``mdph``): no typo-fixing."""

Key = tuple[tuple[str, ...], int, float, bool]
"""(words, how many of them a query should cover, weight, whether only a query holding all of
them matches: a thesaurus phrase means something whole, "mot de passe" is not "passe")"""


@dataclass(frozen=True)
class EntryKeys:
    keys: list[Key]
    places: dict[Term, float]
    town: str
    named_local: bool

    def place_strength(self, place: Term) -> float:
        return self.places.get(place, 0.0)


class KeyMaker:
    """Builds every entry's keys; knows the directory's places and the thesaurus."""

    def __init__(
        self, entries: Sequence[Entry], *, thesaurus: Thesaurus, gazetteer: Gazetteer
    ) -> None:
        self._gazetteer = gazetteer
        self._words: dict[str, tuple[str, ...]] = {}
        self._addresses: dict[str, tuple[dict[Term, float], str]] = {}
        self.place_terms: set[Term] = set(gazetteer.terms())
        for entry in entries:
            if entry.address:
                places, _town = self._address(entry.address)
                self.place_terms.update(t for t, s in places.items() if s >= TOWN)
        self._synonyms: dict[Term, tuple[Term, ...]] = {}
        for group in thesaurus.synonyms:
            terms = tuple(dict.fromkeys(t for t in map(term, group) if t))
            for one in terms:
                self._synonyms[one] = terms
        self._needs: dict[Term, list[tuple[Term, float]]] = {}
        for need in thesaurus.needs:
            need_words = [t for t in map(term, need.words) if t]
            for rank, find in enumerate(need.find):
                # The first find terms answer best: "aah" finds the MDPH before the CAF.
                weight = NEED * max(NEED_FLOOR, 1 - NEED_DECAY * rank)
                self._needs.setdefault(term(find), []).extend((w, weight) for w in need_words)
        self.place_aliases: dict[Term, Term] = {}
        for terms in set(self._synonyms.values()):
            place = next((t for t in terms if t in self.place_terms), None)
            if place is not None:
                self.place_aliases.update((t, place) for t in terms if t not in self.place_terms)
        self._terms_by_first: dict[str, list[Term]] = {}
        for known in self._synonyms.keys() | self._needs.keys():
            self._terms_by_first.setdefault(known[0], []).append(known)
        self.acronyms: set[str] = {
            t[0] for t in self._synonyms if len(t) == 1 and len(t[0]) <= _SHORT_TERM
        }
        self._extras: dict[tuple[str, ...], list[tuple[Term, float]]] = {}

    def keys(self, entry: Entry, numbers: set[str]) -> EntryKeys:
        keys: dict[tuple[str, ...], tuple[int, float, bool]] = {}
        named: dict[Term, float] = {}  # places the name or an alias names
        for text in (entry.name, *_segments(entry.name), *entry.aliases):
            self.acronyms.update(m.replace(".", "").lower() for m in _ACRONYM.findall(text))
            key_words = self._words_of(text)
            if not key_words:
                continue
            core = self._core(key_words, numbers, named)
            _put(keys, key_words, len(core) or len(key_words), NAME)
            for extra, weight in self._thesaurus_extras(key_words, core):
                _put(keys, extra, len(extra), weight, whole=True)
        if entry.theme:
            theme_words = self._words_of(entry.theme)
            _put(keys, theme_words, len(theme_words), THEME)
            for extra, weight in self._thesaurus_extras(theme_words, theme_words):
                _put(keys, extra, len(extra), THEME_EXTRA * weight / SYNONYM, whole=True)
        places, town = self._address(entry.address) if entry.address else ({}, "")
        if named and not any(t in self._gazetteer.areas_by_term for t in named):
            # "CPAS de Charleroi" serves Charleroi, not the rest of its province.
            places = {t: s for t, s in places.items() if s >= TOWN}
        places = {**places, **{t: max(s, places.get(t, 0.0)) for t, s in named.items()}}
        if town and (town_words := self._words_of(town)):
            _put(keys, town_words, len(town_words), TOWN_KEY)
        if entry.notes:
            note_words = self._words_of(entry.notes)[:MAX_NOTE_WORDS]
            _put(keys, note_words, max(len(note_words), 4), NOTES)
        return EntryKeys(
            [(k, size, weight, whole) for k, (size, weight, whole) in keys.items()],
            places,
            town,
            bool(named),
        )

    def place_of_postcode(self, word: str) -> Term | None:
        """The département a French postcode the directory does not hold lies in."""
        if len(word) != 5 or not word.isdigit():
            return None
        area = self._gazetteer.area_of_french(word)
        return area.terms[0] if area is not None else None

    def _words_of(self, text: str) -> tuple[str, ...]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = tuple(dict.fromkeys(map(sys.intern, words(text))))
        return found

    def _address(self, address: str) -> tuple[dict[Term, float], str]:
        found = self._addresses.get(address)
        if found is None:
            found = self._addresses[address] = address_places(address, self._gazetteer)
        return found

    def _core(
        self, key_words: tuple[str, ...], numbers: set[str], named: dict[Term, float]
    ) -> list[str]:
        """The words of a name a query should type: not its places, nor its own number.

        The places found go to ``named``: a town at full strength, a département's other
        names (its number, chief town, region) weaker."""
        dropped: set[int] = set()
        for start, size in _spans(key_words, self.place_terms):
            place = key_words[start : start + size]
            if size == 1 and place[0] in numbers:
                continue  # "Police secours (17)": the number, not the Charente-Maritime
            dropped.update(range(start, start + size))
            if start and key_words[start - 1] in PLACE_PREFIXES:
                dropped.add(start - 1)  # "CPAS de la *Ville* de Bruxelles"
            after = start + size
            if after < len(key_words) and ARRONDISSEMENT.match(key_words[after]):
                dropped.add(after)  # "Paris *18e*"
            named[place] = TOWN
            for area in self._gazetteer.areas_by_term.get(place, ()):
                found: dict[Term, float] = {}
                put_area(found, area, self._gazetteer, AREA)
                for other, strength in found.items():
                    named[other] = max(strength, named.get(other, 0.0))
        return [w for i, w in enumerate(key_words) if i not in dropped and w not in numbers]

    def _thesaurus_extras(
        self, key_words: tuple[str, ...], core: Iterable[str]
    ) -> list[tuple[Term, float]]:
        """Terms the thesaurus adds for a name, with their weight: less as the term found
        covers less of the name."""
        core_words = tuple(core)
        cache_key = (*key_words, "|", *core_words)
        cached = self._extras.get(cache_key)
        if cached is not None:
            return cached
        extras: list[tuple[Term, float]] = []
        core_size = max(1, len(core_words))
        for found in _terms_in(key_words, self._terms_by_first):
            covered = sum(w in core_words for w in found) / core_size
            strength = SYNONYM_FLOOR + (1 - SYNONYM_FLOOR) * min(1.0, covered)
            extras += [
                (t, SYNONYM * strength)
                for t in self._synonyms.get(found, ())
                if t != found and not _is_number(t)  # numbers are the phone index's
            ]
            extras += [(t, weight * strength) for t, weight in self._needs.get(found, ())]
        self._extras[cache_key] = extras
        return extras


def _is_number(term: Term) -> bool:
    return all(w.isdigit() for w in term)


def _terms_in(key_words: tuple[str, ...], by_first: dict[str, list[Term]]) -> list[Term]:
    """The thesaurus terms a name holds, in order, with up to :data:`MAX_GAP` other words
    between theirs ("Maison départementale *et métropolitaine* des personnes handicapées")."""
    found: list[Term] = []
    for start, word in enumerate(key_words):
        for candidate in by_first.get(word, ()):
            at = start
            for part in candidate[1:]:
                window = key_words[at + 1 : at + 2 + MAX_GAP]
                if part not in window:
                    break
                at += 1 + window.index(part)
            else:
                found.append(candidate)
    return found


def _segments(name: str) -> list[str]:
    """The parts of a name written "CROUS – Mes services étudiant (national)": each names the
    entry as well (``crous`` is all of "CROUS"), so each is a key of its own."""
    parts = [p.strip() for p in _SEGMENT.split(name) if p.strip()]
    return parts if len(parts) > 1 else []


def _spans(key_words: tuple[str, ...], known: Container[Term]) -> list[tuple[int, int]]:
    """(start, size) of the longest known terms in ``key_words``, left to right."""
    found = []
    start, count = 0, len(key_words)
    while start < count:
        for size in range(min(MAX_TERM_WORDS, count - start), 0, -1):
            if key_words[start : start + size] in known:
                found.append((start, size))
                start += size
                break
        else:
            start += 1
    return found


def _put(
    keys: dict[tuple[str, ...], tuple[int, float, bool]],
    key: tuple[str, ...],
    size: int,
    weight: float,
    *,
    whole: bool = False,
) -> None:
    if key and weight > keys.get(key, (0, 0.0, False))[1]:
        keys[key] = (max(1, size), weight, whole)
