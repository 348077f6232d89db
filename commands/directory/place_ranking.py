"""Where a lookup looks: the places a query names, and what they do to each entry's rank.

:class:`PlaceRanking` is the part of :class:`~commands.directory.search.SearchIndex` that reads
places: ``caf toulouse`` is the word "caf" looked for in Toulouse; the CAF there comes first, a
CAF elsewhere after the national entry, and without a place the national entry before local
offices (and, in a directory mostly of one country, that country's bodies first).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from commands.directory.keys import EntryKeys, KeyMaker
from commands.directory.normalize import words
from commands.directory.places import ARRONDISSEMENT, MAX_PLACE_WORDS, REGION, Term
from commands.directory.postings import Postings
from commands.directory.vocabulary import Vocabulary, sound
from commands.directory.whereabouts import Elsewhere, Whereabouts

LOCAL_BONUS = 25.0
"""Added, times the place's strength, to an entry in the place the query names."""
ADDRESS_ONLY = 0.8
"""Share of the bonus for an entry in the place by its address only, not by its name: the
national body seated in Brussels gives way to the CPAS of Brussels."""
ELSEWHERE_PENALTY = 20.0
"""Taken from a local office elsewhere than the place named: the national entry comes first,
even one found by a word's other-language name ("ocmw brugge": the SPP IS says CPAS)."""
ABROAD_PENALTY = 15.0
"""Taken from a body of another country than every place named."""
UNQUALIFIED_PENALTY = 15.0
"""Taken from a local office when the query names no place."""
FOREIGN_PENALTY = 6.0
"""Taken from an entry of another country than the directory's own when the query names no
place: in a directory of French bodies, "chômage" is France Travail before the Belgian CAPAC."""
SHORT_LOOKUP = 5
"""Words of a lookup short enough that its last word may be a misspelt town."""
KNOWN_WORD = 0.8
"""Similarity from which a word is taken for the directory word it is closest to, not for a
town it merely sounds like."""
HOME_SHARE = 0.6
"""Share of the entries (of a known country) one country must hold to be the directory's own."""


class PlaceRanking:
    """The place methods of the search index (a mixin: the index sets these attributes)."""

    maker: KeyMaker
    _located: list[EntryKeys]
    _vocabulary: Vocabulary
    _postings: Postings
    _place_terms: set[Term]
    _place_aliases: dict[Term, Term]
    _place_of_postcode: Callable[[str], Term | None]
    _whereabouts: Whereabouts

    def places_in(self, query: str) -> list[str]:
        """The places ``query`` names, as typed (``["Toulouse"]`` for ``caf Toulouse``,
        ``["haute garonne"]`` for ``caf haute garonne``)."""
        query_words = words(query)
        if not query_words or all(w.isdigit() for w in query_words):
            return []
        _content, places = self._split_places(self._vocabulary.rejoin(query_words))
        place_words = {word for place in places for word in place}
        mended = {w for w in query_words if self._misspelt_place(w, query_words)}
        named: list[list[str]] = []
        follows = False  # the token before was part of a place
        for token in query.split():
            folded = words(token)
            if folded and all(w in place_words or w in mended for w in folded):
                if follows:
                    named[-1].append(token)
                else:
                    named.append([token])
                follows = True
            elif folded:  # a filler word ("de") leaves no folded word and joins nothing
                follows = False
        return [" ".join(tokens) for tokens in named]

    def _split_places(self, query_words: list[str]) -> tuple[list[str], list[Term]]:
        """The words to find, and the places to look in; all words when only places remain."""
        content: list[str] = []
        places: list[Term] = []
        start, count = 0, len(query_words)
        while start < count:
            for size in range(min(MAX_PLACE_WORDS, count - start), 0, -1):
                term = tuple(query_words[start : start + size])
                term = self._place_aliases.get(term, term)
                if size == 1 and term not in self._place_terms:
                    term = self._place_of_postcode(term[0]) or term
                if term in self._place_terms:
                    places.append(term)
                    start += size
                    if start < count and ARRONDISSEMENT.match(query_words[start]):
                        start += 1  # "paris 15", "lyon 3e": a part of the town
                    break
            else:
                content.append(query_words[start])
                start += 1
        for word in list(content):
            if len(content) > 1 and (mended := self._misspelt_place(word, query_words)):
                content.remove(word)
                places.append(mended)
        if not content:
            return query_words, []
        return content, places

    def _misspelt_place(self, word: str, query_words: list[str]) -> Term | None:
        """``toulouze`` for Toulouse, when that is the closest word the directory knows.

        A short lookup ends with its town ("caf toulouze"): there the word may be as close
        to other words ("riems": Reims or "rien"), four letters long, or only sound like the
        town ("bordo")."""
        last = word == query_words[-1] and len(query_words) <= SHORT_LOOKUP
        if len(word) < (4 if last else 5) or word.isdigit() or word in self._postings.keys_of:
            return None
        matches = self._vocabulary.matches(word)
        if matches:
            best = max(similarity for _word, similarity in matches)
            closest = {(w,) for w, similarity in matches if similarity == best}
            places = closest & self._place_terms
            if len(places) == 1 and (len(closest) == 1 or last):
                return places.pop()
            if best >= KNOWN_WORD:
                return None  # a word the directory knows, with a typo
        if not last:
            return None
        alike = self._places_by_sound.get(sound(word), ())
        return alike[0] if len(alike) == 1 else None

    @cached_property
    def _places_by_sound(self) -> dict[str, tuple[Term, ...]]:
        """The one-word places by how they sound ("bordo": Bordeaux)."""
        by_sound: dict[str, tuple[Term, ...]] = {}
        for term in self._place_terms:
            if len(term) == 1 and len(term[0]) >= 4:
                spoken = sound(term[0])
                by_sound[spoken] = (*by_sound.get(spoken, ()), term)
        return by_sound

    def _local_town(self, position: int) -> str:
        """Where a local office is ("" for a national body, even one naming its country)."""
        located = self._located[position]
        return located.town if located.local_office else ""

    def _place_shift(
        self, position: int, places: list[Term], countries_only: bool | None = None
    ) -> tuple[float, float]:
        """(what the places do to an entry's score, how strongly it is in them).

        ``countries_only``: whether every place is a country, when the caller knows (it is
        the same for every entry of a lookup)."""
        located = self._located[position]
        if not places:
            return (-UNQUALIFIED_PENALTY if located.named_local else 0.0), 0.0
        if len(places) == 1:
            strength = located.place_strength(places[0])
        else:
            strength = max(located.place_strength(place) for place in places)
        if countries_only is None:
            countries_only = self._countries_only(places)
        if strength and countries_only:
            # "chômage belgique": the country's national body before its local offices
            penalty = UNQUALIFIED_PENALTY if located.local_office else 0.0
            return LOCAL_BONUS * strength - penalty, strength
        if not strength and located.region is not None:
            # "gaz ixelles": Sibelga serves every Brussels commune, ORES none of them.
            regions = {self.maker.region_of.get(place) for place in places}
            if located.region in regions:
                strength = REGION
            elif regions != {None}:
                return -ELSEWHERE_PENALTY, 0.0
        if strength:
            named = located.named_local or located.region is not None
            if not named and located.head_office:
                return 0.0, 0.0  # "Solidaris – numéro général", seated in Brussels
            bonus = LOCAL_BONUS if named else LOCAL_BONUS * ADDRESS_ONLY
            return bonus * strength, strength
        if located.local_office:
            return -ELSEWHERE_PENALTY, 0.0
        if self._abroad(located, places):
            # A body of another country; not "Écoute violences conjugales (Belgique)" for
            # Charleroi.
            return -ABROAD_PENALTY, 0.0
        return 0.0, 0.0

    def _elsewhere(self, places: list[Term]) -> Elsewhere | None:
        """The local offices outside every place named, not worth scoring ("CCAS de Lyon"
        for "ccas dijon"); ``None`` when no town is named, a country is, or a place too wide
        to tell them apart."""
        if not places or any(place in self.maker.country_terms for place in places):
            return None
        return self._whereabouts.elsewhere(places)

    def _countries_only(self, places: list[Term]) -> bool:
        return all(place in self.maker.country_terms for place in places)

    def _abroad(self, located: EntryKeys, places: list[Term]) -> bool:
        """Whether the entry is in another country than every place named: the French
        national entry is not an answer to "emploi bruxelles"."""
        if not located.country:
            return False
        countries = self.maker.place_countries
        country = located.country
        return all(country not in countries.get(place, (country,)) for place in places)


def home_country(located: list[EntryKeys]) -> str:
    """The country most of the entries are in ("" when none holds :data:`HOME_SHARE`)."""
    counts: dict[str, int] = {}
    for one in located:
        if one.country:
            counts[one.country] = counts.get(one.country, 0) + 1
    if not counts:
        return ""
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= HOME_SHARE * sum(counts.values()) else ""
