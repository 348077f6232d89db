"""What an entry is indexed under: its own keys, and the thesaurus *concepts* it belongs to.

An entry's own keys are a few folded words each with a weight: its name, the parts of its name
and its aliases (:data:`NAME`), each covering only the words a query should type — not the place
("CAF de la Haute-Garonne" is *the CAF* for ``caf toulouse``) nor its own number —, its theme
(:data:`THEME`), its town (:data:`TOWN_KEY`), its notes (:data:`NOTES`, never enough alone) and
its public referents' names (:data:`REFERENT_KEY`).

The thesaurus is shared, not copied into every entry: each synonym group and each need's
``find`` term is a concept whose terms are keys of their own; an entry whose name holds a term
belongs to the concept, weaker as the term covers less of its name ("Ligne partenaires CAF" is
not *the* CAF). A need's find terms weigh less down its list: "aah" finds the MDPH before the CAF.
"""

from __future__ import annotations

import sys
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import cached_property

from chatbot.directory import Entry
from commands.directory.country import country_of, place_countries
from commands.directory.name_parts import ACRONYM, name_initials, segments
from commands.directory.normalize import words
from commands.directory.places import (
    AREA,
    ARRONDISSEMENT,
    MAX_PLACE_WORDS,
    REGION,
    TOWN,
    TOWN_PARTS,
    Area,
    Gazetteer,
    Term,
    address_agrees,
    address_places,
    area_strengths,
)
from commands.directory.thesaurus import Thesaurus, term

NAME, SYNONYM, NEED = 1.0, 0.95, 0.85
INITIALS = 0.9
"""The initials of a long name: "Centre public d'action sociale" is also "cpas"."""
THEME, THEME_EXTRA = 0.75, 0.7
TOWN_KEY, NOTES = 0.8, 0.55
REFERENT_KEY = 0.8
"""A public referent's name: ``lookup dupont`` finds the entry Jean Dupont works at, one word
of the name enough, yet the entry called Dupont comes first."""
NEED_DECAY, NEED_FLOOR = 0.04, 0.8
"""A need's find terms weigh less down its list, to four fifths at most."""
SYNONYM_FLOOR = 0.6
"""Share of its weight a thesaurus term keeps when it covers none of the rest of the name."""
MAX_GAP = 2
PLACE_PREFIXES = frozenset(
    words(
        "ville commune city stad gemeente region province departement metropole agglomeration "
        "canton arrondissement"
    )
)
"""Words naming what a place is ("CPAS de la *Ville* de Bruxelles"), as the keys hold them."""
HEAD_OFFICE = frozenset(words("national nationaux général central siège fédéral"))
"""Words by which a name says it is no local office but the body's head office."""
MAX_NOTE_WORDS = 40
_SHORT_TERM = 4
"""Single-word thesaurus terms this short are acronyms (``msa``, ``mdph``): no typo-fixing."""

Key = tuple[tuple[str, ...], int, float]
"""(words, how many of them a query should cover, weight)"""
Strengths = tuple[tuple[Area, float], ...]


@dataclass(frozen=True)
class EntryKeys:
    keys: list[Key]
    concepts: list[tuple[int, float]]
    """(concept, weight) for every thesaurus concept the entry belongs to."""
    places: dict[Term, float]
    """Its own town, postcode and the places its name holds."""
    areas: Strengths
    """The areas it lies in (département, province, region...), with their strength."""
    town: str
    named_local: bool
    named_country: bool = False
    country: str = ""
    """The country it is in (``"fr"``, ``"be"``) when its address, site or phones tell."""
    head_office: bool = False
    """Its name says it is the body's national or head office ("numéro général", "siège
    central"): the town of its seat is not a place it serves more than others."""
    region: Area | None = None
    """The Belgian region it serves when its name says so ("VDAB", "Vlaamse ..."): no local
    office, yet the answer in that region only."""
    """The only places its names name are countries: "Centre de prévention du suicide
    (Belgique)" is Belgium's, not a local office."""

    @property
    def local_office(self) -> bool:
        """Its names name a town or an area, not only its country."""
        return self.named_local and not self.named_country

    def place_strength(self, place: Term) -> float:
        found = self.places.get(place, 0.0)
        for area, strength in self.areas:
            if strength > found and place in area.term_set:
                found = strength
        return found


@dataclass(frozen=True)
class Concept:
    """A synonym group or a need's find term: the terms that lead to its entries."""

    terms: tuple[tuple[Term, float], ...]


class KeyMaker:
    """Builds every entry's keys; knows the directory's places and the thesaurus.

    It remembers what it worked out (words of a name, its places, its concepts), so the index
    rebuilt after an edit reuses it: see :meth:`serves`."""

    def __init__(
        self, entries: Sequence[Entry], *, thesaurus: Thesaurus, gazetteer: Gazetteer
    ) -> None:
        self.thesaurus = thesaurus
        self._gazetteer = gazetteer
        self.country_terms = {t for area in gazetteer.countries.values() for t in area.terms}
        self._country_words = {w for t in self.country_terms for w in t} | {
            w for area in gazetteer.countries.values() for w in words(area.label)
        }
        """What a part of a name only qualifying it holds: "(France)" is no name of its own."""
        self.region_of = gazetteer.region_of
        self._words: dict[str, tuple[str, ...]] = {}
        self._addresses: dict[str, tuple[dict[Term, float], list[tuple[Area, float]], str]] = {}
        self.place_terms: set[Term] = set(gazetteer.terms())
        for entry in entries:
            if entry.address:
                self.place_terms.update(self._address(entry.address)[0])
        self._bodies_by_first: dict[str, list[Term]] = {}
        for body in gazetteer.bodies:
            self._bodies_by_first.setdefault(body[0], []).append(body)
        self._place_firsts = frozenset(t[0] for t in self.place_terms if t)
        """The first words of the places: where in a name a place may start."""
        self.place_countries = place_countries(
            gazetteer, (self._address(e.address)[:2] for e in entries if e.address)
        )
        """Place term -> the countries it is in: "caf bruxelles" is not the French CAF."""
        self.concepts: list[Concept] = []
        self._concept_of: dict[Term, list[tuple[int, float]]] = {}  # term -> concepts it leads to
        group_of: dict[Term, int] = {}
        self._by_number: dict[str, list[tuple[int, float]]] = {}
        """A phone number -> the concepts it stands for: the entry answering 3114 is "3114"."""
        for group in thesaurus.synonyms:
            terms = tuple(dict.fromkeys(t for t in map(term, group) if t and not _is_number(t)))
            concept = self._concept(tuple((t, 1.0) for t in terms))
            for one in terms:
                group_of[one] = concept
                self._concept_of.setdefault(one, []).append((concept, SYNONYM))
            for number in {t[0] for t in map(term, group) if len(t) == 1 and _is_number(t)}:
                self._by_number.setdefault(number, []).append((concept, SYNONYM))
        finds: dict[Term, list[tuple[Term, float]]] = {}
        for need in thesaurus.needs:
            need_words = [t for t in map(term, need.words) if t]
            for rank, find in enumerate(need.find):
                weight = max(NEED_FLOOR, 1 - NEED_DECAY * rank)
                finds.setdefault(term(find), []).extend((w, weight) for w in need_words)
        group_terms: dict[Term, tuple[Term, ...]] = {}
        for group in thesaurus.synonyms:
            terms = tuple(dict.fromkeys(t for t in map(term, group) if t and not _is_number(t)))
            group_terms.update((one, terms) for one in terms)
        for find_term, need_terms in finds.items():
            best: dict[Term, float] = {}
            for need_term, weight in need_terms:
                best[need_term] = max(weight, best.get(need_term, 0.0))
            concept = self._concept(tuple(best.items()))
            self._concept_of.setdefault(find_term, []).append((concept, NEED))
            # A find term stands for its synonyms: "cpam" finds the entry named "ameli".
            for other in group_terms.get(find_term, ()):
                if other != find_term and other not in finds:
                    self._concept_of.setdefault(other, []).append((concept, NEED * SYNONYM))
            if len(find_term) == 1 and _is_number(find_term):
                self._by_number.setdefault(find_term[0], []).append((concept, NEED))
        self.place_aliases: dict[Term, Term] = {}
        for concept in group_of.values():
            names = [t for t, _weight in self.concepts[concept].terms]
            place = next((t for t in names if t in self.place_terms), None)
            if place is not None:
                self.place_aliases.update((t, place) for t in names if t not in self.place_terms)
        for known, leads_to in list(self._concept_of.items()):
            # "Samusocial" holds "samu social", also when the thesaurus spells it both ways.
            glued = ("".join(known),)
            if len(known) == 2 and min(map(len, known)) >= 3:
                had = self._concept_of.get(glued, [])
                self._concept_of[glued] = had + [one for one in leads_to if one not in had]
        self._terms_by_first: dict[str, list[Term]] = {}
        for known in self._concept_of:
            self._terms_by_first.setdefault(known[0], []).append(known)
        self.acronyms: set[str] = {
            t[0] for t in group_of if len(t) == 1 and len(t[0]) <= _SHORT_TERM
        }
        self._found: dict[tuple[str, ...], list[tuple[int, float]]] = {}
        self._cores: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[Term, ...]]] = {}
        self._entry_keys: dict[Entry, EntryKeys] = {}
        # Only the gazetteer's: town words from addresses are rarely in thesaurus terms.
        place_words = {w for place in gazetteer.terms() for w in place if not w.isdigit()}
        self._place_terms_by_first: dict[str, list[Term]] = {}
        for known in self._concept_of:
            if not place_words.isdisjoint(known):  # "samusocial bruxelles"
                self._place_terms_by_first.setdefault(known[0], []).append(known)
        self._areas: dict[
            tuple[str, tuple[tuple[Term, float], ...]], tuple[dict[Term, float], Strengths]
        ] = {}

    @cached_property
    def field_words(self) -> frozenset[str]:
        """Every word of the thesaurus's terms, whether or not an entry answers them: the
        words of the field ("violence", "carte"), which are no typos of commands."""
        named = (w for concept in self.concepts for term, _weight in concept.terms for w in term)
        return frozenset((*named, *(w for term in self._concept_of for w in term)))

    def settle(self, entries: Sequence[Entry], keys: Sequence[EntryKeys]) -> None:
        """After indexing ``entries`` under ``keys`` (what :meth:`keys` gave each): keep what
        the next rebuild reuses (each entry's keys, the thesaurus lookups), forget the rest
        (the memory of a large directory)."""
        self._entry_keys = dict(zip(entries, keys, strict=True))
        for cache in (self._words, self._cores, self._areas):
            cache.clear()

    def serves(self, entries: Sequence[Entry], thesaurus: Thesaurus, gazetteer: Gazetteer) -> bool:
        """Whether this maker can index ``entries`` too: same thesaurus and gazetteer, and no
        town it does not know yet (a new town changes what counts as a place in names)."""
        if thesaurus != self.thesaurus or gazetteer is not self._gazetteer:
            return False
        return all(
            self.place_terms.issuperset(self._address(e.address)[0]) for e in entries if e.address
        )

    def _concept(self, terms: tuple[tuple[Term, float], ...]) -> int:
        self.concepts.append(Concept(terms))
        return len(self.concepts) - 1

    def keys(self, entry: Entry, numbers: set[str]) -> EntryKeys:
        """What ``entry`` is indexed under (``numbers``: the digits of its phones); what an
        earlier build worked out when it indexed the same entry (hashing an entry is not free:
        a first build does not look)."""
        found = self._entry_keys.get(entry) if self._entry_keys else None
        return self._keys(entry, numbers) if found is None else found

    def _keys(self, entry: Entry, numbers: set[str]) -> EntryKeys:
        keys: dict[tuple[str, ...], tuple[int, float]] = {}
        found: list[list[tuple[int, float]]] = []  # concepts, per name and for the theme
        named: dict[Term, float] = {}  # places the name or an alias names
        bodies: set[Term] = set()  # names of bodies serving one region: "VDAB"
        parts = segments(entry.name)
        for text in (entry.name, *parts, *entry.aliases):
            self.acronyms.update(m.replace(".", "").lower() for m in ACRONYM.findall(text))
            key_words = self._words_of(text)
            if not key_words:
                continue
            core = self._core(key_words, numbers, named)
            if text is entry.name or not self._country_words.issuperset(key_words):
                _put(keys, key_words, len(core) or len(key_words), NAME)
            found.append(self._concepts_in(key_words, core))
            bodies.update(_terms_in(key_words, self._bodies_by_first))
            # A name in parts has the initials of each part, not of the whole: "Solidaris –
            # Mutualité socialiste" is no "SMS".
            whole = text is entry.name and bool(parts)
            initials = "" if whole else name_initials(text, skip={w for p in named for w in p})
            if initials and initials not in key_words:
                _put(keys, (initials,), 1, INITIALS)
                self.acronyms.add(initials)
        found += [self._by_number[n] for n in numbers if n in self._by_number]
        if entry.theme:
            theme_words = self._words_of(entry.theme)
            _put(keys, theme_words, len(theme_words), THEME)
            found.append(self._theme_concepts(theme_words))
        concepts = self._merged(found)
        region = None
        if named and self._gazetteer.region_terms.issuperset(named):
            # "Vlaamse Sociale Bescherming": a regional body, not a local office
            region = self._gazetteer.region_of.get(min(named))
            named = {}
        elif bodies:
            # "VDAB" names Flanders as "CAF de Lyon" names Lyon, and so does "Sibelga
            # (Bruxelles)" the Brussels region; "VDAB Gent" names Gent.
            serves = self._gazetteer.bodies[min(bodies)]
            if serves.term_set.issuperset(named):
                region, named = serves, {}
        served = named if region is None else self._gazetteer.serving(region)
        places, areas, town = self._places(entry.address, served)
        areas = self._with_country(entry, areas)
        if town and (town_words := self._words_of(town)):
            _put(keys, town_words, len(town_words), TOWN_KEY)
        if entry.notes:
            note_words = self._words_of(entry.notes)[:MAX_NOTE_WORDS]
            _put(keys, note_words, max(len(note_words), 4), NOTES)
        for referent in entry.referents:
            # Public ones only: this index serves every room (internal ones: referent_search).
            if referent.public and (referent_words := self._words_of(referent.name)):
                _put(keys, referent_words, 1, REFERENT_KEY)
        return EntryKeys(
            [(k, size, weight) for k, (size, weight) in keys.items()],
            concepts,
            places,
            areas,
            town,
            bool(named),
            bool(named) and self.country_terms.issuperset(named),
            next(
                (c for c, a in self._gazetteer.countries.items() for b, _s in areas if a is b), ""
            ),
            region=region,
            head_office=not HEAD_OFFICE.isdisjoint(self._words_of(entry.name)),
        )

    def _places(
        self, address: str, named: dict[Term, float]
    ) -> tuple[dict[Term, float], Strengths, str]:
        """(own places, areas with their strength, town as written), shared between entries
        alike: one département holds thousands of entries."""
        places, address_areas, town = self._address(address) if address else ({}, [], "")
        key = (address, tuple(sorted(named.items())))
        found = self._areas.get(key)
        if found is None:
            # A name saying where the entry serves wins over an address elsewhere: the
            # Flemish agency (VAPH) seated in Brussels is no Brussels office.
            agrees = not address or address_agrees(named, places, address_areas, self.country_terms)
            own = dict(places) if agrees else {}
            areas: dict[Area, float] = {}
            if agrees and (not named or any(t in self._gazetteer.areas_named for t in named)):
                # "CPAS de Charleroi" serves Charleroi, not the rest of its province.
                for area, strength in address_areas:
                    areas[area] = max(strength, areas.get(area, 0.0))
            for place, named_strength in named.items():
                own[place] = named_strength
                for area in self._gazetteer.areas_named.get(place, ()):
                    wide = min(AREA, named_strength)
                    for wider, strength in area_strengths(area, self._gazetteer, wide):
                        areas[wider] = max(strength, areas.get(wider, 0.0))
            found = self._areas[key] = (own, tuple(areas.items()))
        return found[0], found[1], town

    def _with_country(self, entry: Entry, areas: Strengths) -> Strengths:
        """``areas`` and, when no address placed it, the country its site or phones name."""
        country = self._gazetteer.countries.get(country_of(entry) or "")
        if country is None or any(area is country for area, _strength in areas):
            return areas
        return (*areas, (country, REGION))

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

    def _address(self, address: str) -> tuple[dict[Term, float], list[tuple[Area, float]], str]:
        found = self._addresses.get(address)
        if found is None:
            found = self._addresses[address] = address_places(address, self._gazetteer)
        return found

    def _core(
        self, key_words: tuple[str, ...], numbers: set[str], named: dict[Term, float]
    ) -> tuple[str, ...]:
        """The words of a name a query should type: not its places, nor its own number.

        The places found go to ``named``."""
        own_number = not numbers.isdisjoint(key_words)
        cached = None if own_number else self._cores.get(key_words)
        if cached is None:
            cached = self._find_core(key_words, numbers)
            if not own_number:
                self._cores[key_words] = cached
        core, places = cached
        for place in places:
            # "Police (Belgique)": a country in a name is as wide as a region.
            named[place] = REGION if place in self.country_terms else TOWN
        return core

    def _find_core(
        self, key_words: tuple[str, ...], numbers: set[str]
    ) -> tuple[tuple[str, ...], tuple[Term, ...]]:
        dropped: set[int] = set()
        places: list[Term] = []
        for start, size in _spans(key_words, self.place_terms, MAX_PLACE_WORDS, self._place_firsts):
            place = key_words[start : start + size]
            if size == 1 and place[0] in numbers:
                continue  # "Police secours (17)": the number, not the Charente-Maritime
            if size == 1 and place[0].isdigit() and _in_digit_run(key_words, start):
                continue  # "0800 30 030": a phone number, not the Gard
            dropped.update(range(start, start + size))
            if start and key_words[start - 1] in PLACE_PREFIXES:
                dropped.add(start - 1)  # "CPAS de la *Ville* de Bruxelles"
            after = start + size
            if after < len(key_words) and (
                ARRONDISSEMENT.match(key_words[after]) or key_words[after] in TOWN_PARTS
            ):
                dropped.add(after)  # "Paris *18e*", "SIP Lille *Centre*"
            places.append(place)
        core = tuple(w for i, w in enumerate(key_words) if i not in dropped and w not in numbers)
        return core, tuple(places)

    def _concepts_in(
        self, key_words: tuple[str, ...], core: tuple[str, ...]
    ) -> list[tuple[int, float]]:
        """The concepts a name belongs to, with their weight: less as the term found covers
        less of the name. Looked for in the name without its places ("CAF de Lyon" is "CAF",
        like every CAF: computed once), and for the few terms naming a place, in the whole."""
        found = self._found.get(core)
        if found is None:
            found = self._found[core] = self._weighed(_terms_in(core, self._terms_by_first), core)
        if len(core) < len(key_words) and not self._place_terms_by_first.keys().isdisjoint(
            key_words
        ):
            with_place = _terms_in(key_words, self._place_terms_by_first)
            if with_place:
                found = found + self._weighed(with_place, core)
        return found

    def _theme_concepts(self, theme_words: tuple[str, ...]) -> list[tuple[int, float]]:
        found = self._found.get(("|theme|", *theme_words))
        if found is None:
            scale = THEME_EXTRA / SYNONYM
            found = [(c, w * scale) for c, w in self._concepts_in(theme_words, theme_words)]
            self._found[("|theme|", *theme_words)] = found
        return found

    @staticmethod
    def _merged(found: list[list[tuple[int, float]]]) -> list[tuple[int, float]]:
        """The concepts of all of an entry's names and its theme, the best weight of each."""
        best: dict[int, float] = {}
        for concepts in found:
            for concept, weight in concepts:
                if weight > best.get(concept, 0.0):
                    best[concept] = weight
        return list(best.items())

    def _weighed(self, terms: list[Term], core: tuple[str, ...]) -> list[tuple[int, float]]:
        core_size = max(1, len(core))
        found: list[tuple[int, float]] = []
        for known in terms:
            covered = sum(w in core for w in known) / core_size
            strength = SYNONYM_FLOOR + (1 - SYNONYM_FLOOR) * min(1.0, covered)
            found += [(concept, weight * strength) for concept, weight in self._concept_of[known]]
        return found


def _in_digit_run(key_words: tuple[str, ...], at: int) -> bool:
    """Whether the number at ``at`` has a number beside it: groups of a phone number."""
    before = at > 0 and key_words[at - 1].isdigit()
    return before or (at + 1 < len(key_words) and key_words[at + 1].isdigit())


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


def _spans(
    key_words: tuple[str, ...], known: Container[Term], longest: int, firsts: Container[str]
) -> list[tuple[int, int]]:
    """(start, size) of the longest known terms in ``key_words``, left to right; ``firsts``:
    the first words of the known terms (elsewhere none starts)."""
    found = []
    start, count = 0, len(key_words)
    while start < count:
        if key_words[start] not in firsts:
            start += 1
            continue
        for size in range(min(longest, count - start), 0, -1):
            if key_words[start : start + size] in known:
                found.append((start, size))
                start += size
                break
        else:
            start += 1
    return found


def _put(
    keys: dict[tuple[str, ...], tuple[int, float]], key: tuple[str, ...], size: int, weight: float
) -> None:
    if key and weight > keys.get(key, (0, 0.0))[1]:
        keys[key] = (max(1, size), weight)
