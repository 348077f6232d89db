"""Fuzzy, in-memory search over the directory: what ``lookup caf`` runs.

Each entry is indexed under *keys*, each a few folded words (:mod:`.normalize`) with a weight:
its name and aliases (1.0); what the thesaurus (:mod:`.thesaurus`) says they are also called
(``allocs``, ``family benefits office``) or what need they answer (``loyer impayé``); its theme;
its town; its notes (low). A query word is matched against the vocabulary of all key words —
exactly, as a prefix (``fra`` -> ``france``), then allowing a typo or two (``prefekture``; an
acronym only with its own letters: ``cfa`` -> ``caf``, never ``cpas`` -> ``cpam``), or as it
sounds (``chaumage``); an English, Dutch or everyday word also stands for the French words it
means (:mod:`.equivalents`: ``sickness`` -> ``maladie``). The keys holding the query's rarest
words are the candidates (:mod:`.postings`); only they are scored. That inverted index keeps a
lookup in 100,000 entries within milliseconds.

An entry scores (0..100, :mod:`.weights`) for the share of the query its keys explain and for
how much of its best key the query covers: ``caf`` prefers "CAF" to "Ligne partenaires CAF".

Places (:mod:`.places`) are set apart: in ``caf toulouse`` "toulouse" is not a word to find but
where to look, so the CAF whose address or name is in Toulouse comes first, a CAF elsewhere
after the national entry, and without a place the national entry before local offices. The
local offices of other towns are not even scored (:mod:`.whereabouts`) unless nothing sure is
found in the town named.

The index is honest: when the query's known words are not half explained, or the best score is
under :data:`MIN_SCORE`, it answers ``[]`` rather than its least bad guess.
"""

from __future__ import annotations

import heapq
import logging
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from chatbot.directory import Entry
from commands.directory.dutch import dutch_words
from commands.directory.equivalents import Equivalents, shipped_equivalents
from commands.directory.keys import EntryKeys, KeyMaker
from commands.directory.links import no_garbage_collection
from commands.directory.normalize import (
    WEAK_WORDS,
    fold_query,
    only_filler,
    phone_digits,
    words,
)
from commands.directory.phones import PhoneIndex
from commands.directory.place_ranking import (
    ELSEWHERE_PENALTY,
    FOREIGN_PENALTY,
    LOCAL_BONUS,
    UNQUALIFIED_PENALTY,
    PlaceRanking,
    home_country,
)
from commands.directory.places import Gazetteer, Term, shipped_gazetteer
from commands.directory.postings import Postings
from commands.directory.reach import Reach
from commands.directory.thesaurus import Thesaurus, shipped_thesaurus
from commands.directory.vocabulary import Vocabulary
from commands.directory.web_addresses import WebIndex
from commands.directory.weights import (
    EXPLAINED_ENOUGH,
    QUERY_WEIGHT,
    UNKNOWN_WORD_WEIGHT,
    WEAK_WORD_WEIGHT,
    ceiling,
    refined,
)
from commands.directory.whereabouts import Elsewhere, Whereabouts

__all__ = ["MIN_SCORE", "Hit", "SearchIndex", "fold_query"]

log = logging.getLogger(__name__)

DUTCH = dutch_words()
MIN_SCORE = 60.0
"""Hits scoring less are not shown at all."""
MIN_SENTENCE_SCORE = 55.0
"""The same for a query of :data:`LONG_QUERY` words or more."""
RELATIVE_CUT = 25.0
"""Hits this far below the best one are noise next to it."""
MIN_QUERY_SHARE = 0.5
"""Share of the query an entry must explain to be a hit."""
MIN_SENTENCE_SHARE = 0.3
"""The same for a query of :data:`LONG_QUERY` words or more: a sentence says more than it asks."""
LONG_QUERY = 4
"""From this many words a query is a sentence: its unknown words count half as much again."""
SENTENCE_TOKENS = 6
"""A query typed in this many words or more is a sentence too, however few of them count."""
SENTENCE_DILUTION = 0.4
"""In a sentence, what the known words an entry lacks weigh: "il boit et devient violent"
tells two things, the entry answering one is not half wrong."""
UNSURE_COVERAGE = 0.8
"""How much of its key an entry must cover when the query holds a word nobody knows."""
EXPLAINED_FLOOR = 0.7
"""In a sentence, a word counts as much as some entry explains it, at least this much."""
TYPO_TRUST = 0.7
"""A query word matching nothing closer counts as an unknown word."""
THESAURUS_MIN_SIMILARITY = 0.8
"""A thesaurus term is found only when each of its words is, typed whole (a typo allowed in a
long word): "test" is not the start of "testament", "passe" is not "mot de passe"."""
THESAURUS_SAME_START = 0.75
"""A typo in a shorter word counts when it keeps the first letter: "frape" is "frappe",
"etape" is not "tape"."""
PART_OF_PHRASE = 0.3
"""What a query word is worth in a thesaurus phrase whose other words it lacks, at least."""
HALF_PHRASE_REACH = 500
"""A phrase typed in part leads to at most this many entries, or is not followed."""
_ZEROS = (0.0,) * 64  # defaults for map(dict.get, key_words, _ZEROS)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    """0..100, higher is better."""
    town: str = ""
    """Where the entry is, when it is a local office (its name names a place)."""
    in_place: bool = False
    """It is in the place the query named."""


class SearchIndex(PlaceRanking):
    """An immutable index of entries; build a new one when the directory changes."""

    def __init__(
        self,
        entries: Iterable[Entry],
        *,
        thesaurus: Thesaurus | None = None,
        gazetteer: Gazetteer | None = None,
        equivalents: Equivalents | None = None,
        previous: SearchIndex | None = None,
    ) -> None:
        """``previous``: the index this one replaces, whose work is reused where it can be."""
        self._equivalents = shipped_equivalents() if equivalents is None else equivalents
        with no_garbage_collection():
            self._build(list(entries), thesaurus, gazetteer, previous)

    def _build(
        self,
        entries: list[Entry],
        thesaurus: Thesaurus | None,
        gazetteer: Gazetteer | None,
        previous: SearchIndex | None,
    ) -> None:
        self._entries = entries
        thesaurus = shipped_thesaurus() if thesaurus is None else thesaurus
        gazetteer = shipped_gazetteer() if gazetteer is None else gazetteer
        maker: KeyMaker | None = previous.maker if previous is not None else None
        if maker is None or not maker.serves(self._entries, thesaurus, gazetteer):
            maker = KeyMaker(self._entries, thesaurus=thesaurus, gazetteer=gazetteer)
        self.maker: KeyMaker = maker
        self._named_local = bytearray()
        self._whereabouts = Whereabouts()
        self._phones = PhoneIndex()
        self._web = WebIndex()
        self._located: list[EntryKeys] = []
        # A key is a few words, shared by every entry (or concept) indexed under them.
        key_ids: dict[tuple[tuple[str, ...], int], int] = {}
        self._key_words: list[tuple[str, ...]] = []
        key_size: list[int] = []
        links: list[list[tuple[int, float]]] = []  # key -> (entry, or concept + N, weight)
        members: list[list[tuple[int, float]]] = [[] for _ in maker.concepts]

        def key_of(key_words: tuple[str, ...], size: int) -> int:
            found = key_ids.get((key_words, size))
            if found is None:
                found = key_ids[(key_words, size)] = len(key_size)
                self._key_words.append(key_words)
                key_size.append(size)
                links.append([])
            return found

        for position, entry in enumerate(self._entries):
            located = maker.keys(entry, self._phones.add(position, entry))
            self._web.add(position, entry)
            self._located.append(located)
            self._named_local.append(located.named_local)
            self._whereabouts.add(position, located)
            for key_words, size, weight in located.keys:
                links[key_of(key_words, size)].append((position, weight))
            for concept, weight in located.concepts:
                members[concept].append((position, weight))
        count = len(self._entries)
        first_concept_key = len(key_size)
        for concept, found in enumerate(members):
            if found:  # a concept no entry belongs to adds no words to the vocabulary
                for key_words, weight in maker.concepts[concept].terms:
                    links[key_of(key_words, len(key_words))].append((count + concept, weight))
        self._whole_from = first_concept_key
        """Keys from here on are thesaurus terms: a query must hold all of their words."""
        self._key_size = array("H", key_size)
        self._reach = Reach(links, members, count)
        self._fanout = self._reach.fanout
        self._postings = Postings(self._key_words, key_size, self._fanout)
        self._vocabulary = Vocabulary(
            self._postings.words(), acronyms=maker.acronyms, equivalents=self._equivalents
        )
        self._place_terms = maker.place_terms
        belgium = gazetteer.countries.get("be")
        self._dutch_place: Term | None = belgium.terms[0] if belgium and belgium.terms else None
        self._place_aliases = maker.place_aliases
        self._place_of_postcode = maker.place_of_postcode
        maker.settle(self._entries, self._located)
        self._home = home_country(self._located)
        log.debug("indexed %d entries under %d keys", count, len(key_size))

    @property
    def entries(self) -> list[Entry]:
        """Every indexed entry, in the order given (the repository's: by name)."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, *, limit: int = 5) -> list[Hit]:
        """The entries matching ``query`` best first; ``[]`` when nothing matches well."""
        if limit <= 0:
            return []
        scored: dict[int, float] = {}  # entry position -> score
        if "." in query or "@" in query:
            scored, rest = self._web.find(query)
            if scored and only_filler(rest):
                return self._owners_of_address(scored, query, limit)
        query_words = [w for w in words(query) if self._equivalents.get(w) != ()]
        if not query_words:
            return []
        # A sentence says more than it asks, even when most of its words are filler.
        sentence = len(query_words) >= LONG_QUERY or len(query.split()) >= SENTENCE_TOKENS
        lowest = MIN_SENTENCE_SCORE if sentence else MIN_SCORE
        shifts: dict[int, tuple[float, float]] = {}  # entry position -> what places do to it
        places: list[Term] = []
        if all(w.isdigit() for w in query_words):
            scored.update(self._phones.scores(phone_digits("".join(query_words))))
            if len(query_words) > 1:
                query_words = []  # a phone number in groups, not numbers in names
        if query_words:
            content, places = self._split_places(self._vocabulary.rejoin(query_words))
            if not places and self._dutch_place and not DUTCH.isdisjoint(content):
                places = [self._dutch_place]  # "werkloosheid" is asked in Belgium
            shortlist = 2 * limit + (15 if places else 5)
            elsewhere = self._elsewhere(places)
            found, ceiling = self._text_scores(
                content,
                places,
                shifts,
                shortlist=shortlist,
                lowest=lowest,
                sentence=sentence,
                skip=elsewhere,
            )
            if (
                elsewhere is not None
                and max((score + shifts[position][0] for position, score in found), default=0.0)
                < ceiling - ELSEWHERE_PENALTY + RELATIVE_CUT
            ):
                shifts.clear()  # nothing sure in the place: the offices elsewhere may answer
                found, _ceiling = self._text_scores(
                    content, places, shifts, shortlist=shortlist, lowest=lowest, sentence=sentence
                )
            for position, score in found:
                scored[position] = max(score, scored.get(position, 0.0))
        if not scored:
            return []
        ranked = self._rank(scored, places, shifts, lowest)
        if not ranked:
            return []
        # A local office elsewhere than the place named may fall under the honest floor.
        floor = max(lowest, ranked[0][0] - RELATIVE_CUT)
        return [
            Hit(
                self._entries[position],
                round(min(100.0, score), 1),
                self._local_town(position),
                in_place,
            )
            for score, position, in_place in ranked[:limit]
            if score >= floor
        ]

    def _owners_of_address(self, scored: dict[int, float], query: str, limit: int) -> list[Hit]:
        """The entries an address alone names, wherever they are; owners of one site are
        ordered as the address read as words orders them ("impots.gouv": the national line)."""
        as_words = {
            id(hit.entry): hit.score
            for hit in self.search(query.replace(".", " ").replace("@", " "), limit=limit)
        }
        ranked = sorted(
            scored.items(),
            key=lambda item: (-item[1], -as_words.get(id(self._entries[item[0]]), 0.0), item[0]),
        )
        return [
            Hit(self._entries[position], score, self._local_town(position))
            for position, score in ranked[:limit]
            if score >= ranked[0][1] - RELATIVE_CUT
        ]

    def knows(self, word: str) -> bool:
        """Whether the directory holds ``word`` (or a word it is likely a typo or prefix of:
        "resolv" is not "renov")."""
        folded = words(word)
        return bool(folded) and all(
            max((similarity for _w, similarity in self._vocabulary.matches(w)), default=0.0)
            >= TYPO_TRUST
            for w in folded
        )

    def field_knows(self, word: str) -> bool:
        """Whether ``word`` is a word of the field the thesaurus knows, though no entry may
        answer it ("violence" in a directory without a violence line)."""
        folded = words(word)
        return bool(folded) and all(w in self.maker.field_words for w in folded)

    def _rank(
        self,
        scored: dict[int, float],
        places: list[Term],
        shifts: dict[int, tuple[float, float]],
        lowest: float,
    ) -> list[tuple[float, int, bool]]:
        """(score, position, in the place asked) best first, places settling the order."""
        floor = max(lowest, max(scored.values()) - RELATIVE_CUT)
        ranked = []
        home = "" if places else self._home
        for position, score in scored.items():
            if score >= floor:
                shift, strength = shifts.get(position) or self._place_shift(position, places)
                if home and self._located[position].country not in ("", home):
                    # Unqualified, in a directory mostly of one country: its bodies first.
                    # Reordered, never dropped: a foreign entry stays above the honest floor.
                    shift -= min(FOREIGN_PENALTY, max(0.0, score + shift - lowest))
                ranked.append((score + shift, position, strength > 0))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        return ranked

    # -- words ------------------------------------------------------------------------------

    def _text_scores(
        self,
        query_words: list[str],
        places: list[Term],
        shifts: dict[int, tuple[float, float]],
        *,
        shortlist: int,
        lowest: float,
        sentence: bool = False,
        skip: Elsewhere | None = None,
    ) -> tuple[list[tuple[int, float]], float]:
        """(entry position, score) of the best entries, at most ``shortlist`` of them, and the
        most any entry could score (when ``skip`` left some out): a hit in the place named
        scoring that, less ``ELSEWHERE_PENALTY`` and plus ``RELATIVE_CUT``, leaves no office
        elsewhere within the cut, so those ``skip`` leaves out need not be scored after all.

        The places' words only help choose the candidates (the keys naming the town); the
        score is for the other words. Entries ``skip`` says are not scored."""
        all_matches = [dict(self._vocabulary.matches(word)) for word in query_words]
        matches = [found for found in all_matches if found]
        if not matches:
            return [], 0.0
        unknown = len(all_matches) - len(matches)
        # A bare number ("1" of "1% logement") answers no word the directory lacks.
        numbers_only = all(
            word.isdigit() for word, found in zip(query_words, all_matches, strict=True) if found
        )
        if unknown and numbers_only:
            return [], 0.0
        # A country is too wide to choose candidates by (and "french" is a word of names).
        place_matches = [
            {w: 1.0}
            for place in places
            if place not in self.maker.country_terms
            for w in place
            if w in self._postings.keys_of
        ]
        # Words only far from the directory's ("reçoit" ~ "écoute") choose no candidates, and
        # a request's words ("demander un logement social") choose after the others.
        asked = [
            (word, found) for word, found in zip(query_words, all_matches, strict=True) if found
        ]
        trusted = [pair for pair in asked if max(pair[1].values()) >= TYPO_TRUST] or asked
        strong = [found for word, found in trusted if word not in WEAK_WORDS]
        weak = [found for word, found in trusted if word in WEAK_WORDS] if strong else []
        candidates = self._postings.candidates(
            strong or [f for _w, f in trusted], place_matches, weak
        )
        if skip is not None:
            candidates = self._reach.without(candidates, skip)
        per_word = [self._postings.similarities(found, candidates) for found in matches]
        best_match: dict[str, float] = {}  # vocabulary word -> its best similarity
        whole_words: set[str] = set()  # vocabulary words typed whole, maybe with a typo
        for query_word, found in zip(query_words, all_matches, strict=True):
            for word, similarity in found.items():
                best_match[word] = max(similarity, best_match.get(word, 0.0))
                typed_whole = similarity >= THESAURUS_MIN_SIMILARITY or (
                    similarity >= THESAURUS_SAME_START and word[0] == query_word[0]
                )
                if typed_whole and (word == query_word or not word.startswith(query_word)):
                    whole_words.add(word)
        partly_typed = set(best_match) - whole_words

        # query word -> entry position -> the best similarity some key of the entry gives it
        explained: list[dict[int, float]] = [{} for _ in per_word]
        covered: dict[int, tuple[float, int]] = {}  # entry position -> (coverage, key)
        single = len(per_word) == 1  # the usual lookup: one word to find, kept as a float
        used = [False] * len(per_word)  # which query words some key could use
        key_words, key_size = self._key_words, self._key_size
        matched = best_match.get
        by_key: dict[int, tuple[tuple[int, float], ...]] = {}  # key -> (query word, similarity)
        if not single:
            for i, of_word in enumerate(per_word):
                for key, got in of_word.items():
                    if got:
                        by_key[key] = (*by_key.get(key, ()), (i, got))
        for key in candidates:
            part = 1.0
            if key >= self._whole_from:
                # A thesaurus phrase's words are typed whole ("test" is not "testament"), and
                # half of it says less: "loyer" is only maybe "loyer impayé".
                if not partly_typed.isdisjoint(key_words[key]):
                    continue
                typed = sum(w in whole_words for w in key_words[key])
                if typed > 1:
                    # One query word is one word of the phrase: "carte" is not "carte vitale"
                    # because it also stands for "vitale".
                    typed = min(typed, sum(key in of_word for of_word in per_word))
                if typed < len(key_words[key]):
                    if self._fanout[key] > HALF_PHRASE_REACH:
                        continue  # too vague to score thousands of entries for
                    part = PART_OF_PHRASE + (1 - PART_OF_PHRASE) * typed / len(key_words[key])
            if single:
                first = per_word[0].get(key, 0.0) * part
                if not first:
                    continue  # a key naming the place only: its entries are scored by other keys
                nonzero: tuple[tuple[int, float], ...] = ((0, first),)
                used[0] = True
            else:
                pairs = by_key.get(key)
                if pairs is None:
                    continue
                nonzero = pairs if part == 1.0 else tuple((i, got * part) for i, got in pairs)
                for i, _similarity in nonzero:
                    used[i] = True
            coverage = min(sum(map(matched, key_words[key], _ZEROS)), len(nonzero))
            coverage /= key_size[key]  # each query word covers one word of the key
            self._reach.spread(key, nonzero, coverage, explained, covered, skip)

        scores = []
        # A word no key could use ("dossier" only in "dossier médical partagé") is as good
        # as unknown: the volunteer's phrasing, not the name of what they want.
        matched_nothing = unknown
        unknown += used.count(False)
        sentence = sentence or len(query_words) >= LONG_QUERY
        unknown_weight = UNKNOWN_WORD_WEIGHT * (0.5 if sentence else 1.0)
        weights = [
            # A word only far from every word of the directory ("reçoit" for "écoute") is
            # as good as unknown.
            # In a sentence, so is one that only begins a word ("sors" of "sortie"): whole
            # words are typed there.
            unknown_weight
            if max(found.values()) < TYPO_TRUST or (sentence and whole_words.isdisjoint(found))
            else WEAK_WORD_WEIGHT
            if word in WEAK_WORDS
            else 1.0
            for word, found in zip(query_words, all_matches, strict=True)
            if found
        ]
        if sentence:
            # A word no entry explains well ("lettre" only in some entry's notes) says less
            # about what is looked for than one some entry is named by.
            weights = [
                weight * max(EXPLAINED_FLOOR, max(of_word.values(), default=0.0))
                for weight, of_word in zip(weights, explained, strict=True)
            ]
        words_count = sum(w for w, u in zip(weights, used, strict=True) if u)
        known_count = sum(w for w, u in zip(weights, used, strict=True) if u and w > unknown_weight)
        words_count += unknown_weight * unknown
        min_share = MIN_SENTENCE_SHARE if sentence else MIN_QUERY_SHARE
        shares: dict[int, float] = {}  # entry position -> the query weight it explains
        enough: dict[int, float] = {}  # the same, a word explained well enough counted whole
        touched: dict[int, float] = {}  # entry position -> the weight of the known words it has
        for weight, of_word in zip(weights, explained, strict=True):
            known = weight > unknown_weight
            for position, similarity in of_word.items():
                shares[position] = shares.get(position, 0.0) + weight * similarity
                enough[position] = enough.get(position, 0.0) + weight * min(
                    1.0, similarity / EXPLAINED_ENOUGH
                )
                if known:
                    touched[position] = touched.get(position, 0.0) + weight
        threshold = min_share * words_count
        # A short query with a word the directory does not know ("carte pokemon") is answered
        # only by an entry the rest of it names whole: "caf cahors" is the CAF.
        unsure = not sentence and unknown > 0
        for position, explained_weight in shares.items():
            if enough[position] >= threshold:
                share = explained_weight / words_count
                if sentence and SENTENCE_DILUTION < 1:
                    # A sentence may tell two things ("il boit et devient violent"): what it
                    # says besides what an entry answers counts less.
                    has = touched.get(position, 0.0)
                    other = max(0.0, known_count - has)  # known words it lacks
                    share = explained_weight / (words_count - (1 - SENTENCE_DILUTION) * other)
                coverage, key = covered[position]
                if unsure and coverage < UNSURE_COVERAGE:
                    continue
                mix = QUERY_WEIGHT * share + (1 - QUERY_WEIGHT) * min(1.0, coverage)
                scores.append((100 * mix, key, position))
        text = " ".join(query_words)
        if not scores:
            return [], 0.0
        # Many entries tie on the words ("restos du cœur" in every town): the place decides
        # which few are worth refining. No place moves a score by more than LOCAL_BONUS.
        top = max(scores)[0]
        floor = max(lowest, top - RELATIVE_CUT - LOCAL_BONUS - UNQUALIFIED_PENALTY)
        good = [item for item in scores if item[0] >= floor]
        if places:
            countries_only = self._countries_only(places)
            for _score, _key, position in good:
                shifts[position] = self._place_shift(position, places, countries_only)
            best = heapq.nlargest(shortlist, good, key=lambda item: item[0] + shifts[item[2]][0])
        else:
            named_local = self._named_local
            penalty = UNQUALIFIED_PENALTY
            best = heapq.nlargest(
                shortlist, good, key=lambda item: item[0] - penalty * named_local[item[2]]
            )
        shortlisted = [(position, self._refine(score, text, key)) for score, key, position in best]
        if skip is None:
            return shortlisted, 100.0  # nothing was left out: no bound needed
        return shortlisted, ceiling(matches, weights, matched_nothing, sentence)

    def _refine(self, score: float, text: str, key: int) -> float:
        """Blend in string similarity to order near names ("caf paris" vs "caf nord")."""
        return refined(score, fuzz.WRatio(text, " ".join(self._key_words[key])))
