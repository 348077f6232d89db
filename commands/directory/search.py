"""Fuzzy, in-memory search over the directory: what ``lookup caf`` runs.

Each entry is indexed under its name and each of its aliases (its *keys*), reduced to words by
:mod:`commands.directory.normalize`. A query word is matched against the vocabulary of all key
words — exactly, as a prefix (``fra`` -> ``france``), then allowing a typo or two
(``cpma`` -> ``cpam``). The keys holding the query's rarest words are the candidates (at most
about :data:`CANDIDATE_BUDGET`); only they are scored. That inverted index is what keeps a lookup
in a 100,000-entry directory within a few milliseconds.

An entry scores (0..100) :data:`QUERY_WEIGHT` for the share of the query its keys explain
(``onem chomage``: the name explains "onem", an alias "chomage") and the rest for how much of
its best key the query covers, so ``caf`` prefers the entry known as "CAF" over
"Ligne partenaires CAF". Close calls are settled by rapidfuzz's WRatio of the whole strings.
A query made of digits is also looked up among phone numbers.

The index is honest: when less than half of the query is explained, or the best score is under
:data:`MIN_SCORE`, it answers ``[]`` rather than its least bad guess.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from chatbot.directory import Entry
from commands.directory.normalize import fold_query, phone_digits, words

__all__ = ["MIN_SCORE", "Hit", "SearchIndex", "fold_query"]

log = logging.getLogger(__name__)

MIN_SCORE = 60.0
"""Hits scoring less are not shown at all."""
RELATIVE_CUT = 25.0
"""Hits this far below the best one are noise next to it."""
QUERY_WEIGHT = 0.7
MIN_QUERY_SHARE = 0.5
"""Share of the query an entry must explain to be a hit."""
WRATIO_WEIGHT = 0.15
CANDIDATE_BUDGET = 1000
"""Keys scored at most, about; a very common word alone ("saint") is cut to its shortest keys."""
PHONE_EXACT, PHONE_PARTIAL = 100.0, 90.0
_MIN_PHONE_DIGITS = 3
_PHONE_TAIL = 6  # digits a partial phone query must have; also the tail index's key length
_MAX_PREFIX_MATCHES = 64
_ZEROS = (0.0,) * 64  # defaults for map(dict.get, key_words, _ZEROS)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    """0..100, higher is better."""


class SearchIndex:
    """An immutable index of entries; build a new one when the directory changes."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries: list[Entry] = list(entries)
        key_entry: list[int] = []  # key -> position of its entry in _entries
        key_size: list[int] = []  # key -> number of its words a query should cover
        self._key_words: list[tuple[str, ...]] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)  # word -> keys
        self._phones: defaultdict[str, list[int]] = defaultdict(list)  # digits -> entries
        self._phone_tails: defaultdict[str, list[str]] = defaultdict(list)  # tail -> digits
        cache: dict[str, tuple[str, ...]] = {}  # the same alias is often on many entries
        for position, entry in enumerate(self._entries):
            numbers = self._add_phones(position, entry)
            seen: set[tuple[str, ...]] = set()
            for text in (entry.name, *entry.aliases):
                key_words = cache.get(text) or cache.setdefault(text, _key_words(text))
                if not key_words or key_words in seen:
                    continue
                seen.add(key_words)
                key = len(key_entry)
                key_entry.append(position)
                # The entry's own number in its name ("Samu social (115)") needs no covering.
                key_size.append(sum(w not in numbers for w in key_words) or len(key_words))
                self._key_words.append(key_words)
                for word in key_words:
                    postings[word].append(key)
        self._key_entry = array("I", key_entry)
        self._key_size = array("B", key_size)
        # Shortest keys first, so a word cut short keeps the keys it covers best.
        self._postings = {
            word: tuple(sorted(keys, key=key_size.__getitem__)) for word, keys in postings.items()
        }
        self._vocabulary = sorted(self._postings)
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in self._vocabulary:
            self._by_length[len(word)].append(word)
        log.debug("indexed %d entries under %d keys", len(self._entries), len(key_entry))

    @property
    def entries(self) -> list[Entry]:
        """Every indexed entry, in the order given (the repository's: by name)."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, *, limit: int = 5) -> list[Hit]:
        """The entries matching ``query`` best first; ``[]`` when nothing matches well."""
        query_words = words(query)
        if not query_words or limit <= 0:
            return []
        scored: dict[int, float] = {}  # entry position -> score
        if all(w.isdigit() for w in query_words):
            scored.update(self._phone_scores(phone_digits("".join(query_words))))
            if len(query_words) > 1:
                query_words = []  # a phone number in groups, not numbers in names
        if query_words:
            for position, score in self._text_scores(query_words, shortlist=max(4 * limit, 20)):
                scored[position] = max(score, scored.get(position, 0.0))
        if not scored:
            return []
        floor = max(MIN_SCORE, max(scored.values()) - RELATIVE_CUT)
        ranked = sorted(
            ((score, position) for position, score in scored.items() if score >= floor),
            key=lambda item: (-item[0], item[1]),
        )
        return [Hit(self._entries[p], round(s, 1)) for s, p in ranked[:limit]]

    # -- phones -----------------------------------------------------------------------------

    def _add_phones(self, position: int, entry: Entry) -> set[str]:
        numbers = set()
        for phone in entry.phones:
            digits = phone_digits(phone.number)
            numbers.add(digits)
            if len(digits) >= _MIN_PHONE_DIGITS:
                self._phones[digits].append(position)
                self._phone_tails[digits[-_PHONE_TAIL:]].append(digits)
        return numbers

    def _phone_scores(self, digits: str) -> dict[int, float]:
        if len(digits) < _MIN_PHONE_DIGITS:
            return {}
        scores = dict.fromkeys(self._phones.get(digits, ()), PHONE_EXACT)
        if len(digits) >= _PHONE_TAIL:
            # "505 14 11" for "02 505 14 11", or a number written with a prefix we don't strip.
            for number in self._phone_tails.get(digits[-_PHONE_TAIL:], ()):
                if number != digits and (number.endswith(digits) or digits.endswith(number)):
                    for position in self._phones[number]:
                        scores.setdefault(position, PHONE_PARTIAL)
        return scores

    # -- words ------------------------------------------------------------------------------

    def _text_scores(self, query_words: list[str], *, shortlist: int) -> list[tuple[int, float]]:
        """(entry position, score) of the best entries, at most ``shortlist`` of them."""
        query_words = self._rejoin(query_words)
        matches = [dict(self._word_matches(word)) for word in query_words]
        candidates = self._candidates(matches)
        per_word = [self._similarities(found, candidates) for found in matches]
        best_match: dict[str, float] = {}  # vocabulary word -> its best similarity
        for found in matches:
            for word, similarity in found.items():
                best_match[word] = max(similarity, best_match.get(word, 0.0))

        explained: dict[int, list[float]] = {}  # entry position -> best similarity per word
        covered: dict[int, tuple[float, int]] = {}  # entry position -> (coverage, key)
        key_entry, key_words, key_size = self._key_entry, self._key_words, self._key_size
        matched = best_match.get
        for key in candidates:
            position = key_entry[key]
            similarities = [best.get(key, 0.0) for best in per_word]
            coverage = sum(map(matched, key_words[key], _ZEROS)) / key_size[key]
            known = explained.get(position)
            if known is None:
                explained[position] = similarities
                covered[position] = (coverage, key)
                continue
            explained[position] = list(map(max, known, similarities))
            if coverage > covered[position][0]:
                covered[position] = (coverage, key)

        scores = []
        for position, similarities in explained.items():
            share = sum(similarities) / len(similarities)
            if share >= MIN_QUERY_SHARE:
                coverage, key = covered[position]
                mix = QUERY_WEIGHT * share + (1 - QUERY_WEIGHT) * min(1.0, coverage)
                scores.append((100 * mix, key, position))
        text = " ".join(query_words)
        return [
            (position, self._refine(score, text, key))
            for score, key, position in heapq.nlargest(shortlist, scores)
            if score >= MIN_SCORE
        ]

    def _candidates(self, matches: list[dict[str, float]]) -> set[int]:
        """The keys worth scoring, about :data:`CANDIDATE_BUDGET` of them at most.

        Every key holding one of the query's rarer words; when even the rarest word is too
        common ("saint", "centre"), the keys holding two query words, then its shortest keys.
        """

        def cost(found: dict[str, float]) -> int:
            return sum(len(self._postings[word]) for word in found)

        rest = sorted(matches, key=cost)
        keys: set[int] = set()
        while rest and len(keys) + cost(rest[0]) <= CANDIDATE_BUDGET:
            keys.update(*(self._postings[word] for word in rest.pop(0)))
        if keys or not rest:
            return keys
        # Postings are sorted shortest key first, and so stay once filtered.
        rarest = [self._postings[word] for word in sorted(rest[0], key=rest[0].__getitem__)]
        holding_rarest = set().union(*rarest)
        for found in rest[1:]:
            for word in found:
                both = filter(holding_rarest.__contains__, self._postings[word])
                keys.update(islice(both, max(0, CANDIDATE_BUDGET - len(keys))))
        for postings in reversed(rarest):
            keys.update(postings[: max(0, CANDIDATE_BUDGET - len(keys))])
        return keys

    def _similarities(self, found: dict[str, float], candidates: set[int]) -> dict[int, float]:
        """Candidate key -> how well it matches one query word (the best of its matches)."""
        best: dict[int, float] = {}
        for word, similarity in sorted(found.items(), key=lambda item: item[1]):
            best.update(dict.fromkeys(candidates.intersection(self._postings[word]), similarity))
        return best

    def _refine(self, score: float, text: str, key: int) -> float:
        """Blend in string similarity to order near names ("caf paris" vs "caf nord")."""
        similarity = fuzz.WRatio(text, " ".join(self._key_words[key]))
        return (1 - WRATIO_WEIGHT) * score + WRATIO_WEIGHT * similarity

    def _rejoin(self, query_words: list[str]) -> list[str]:
        """Mend words split or glued differently from the directory's.

        ``cyber malveillance`` -> ``cybermalveillance``, ``backoffice`` -> ``back office``.
        """
        out: list[str] = []
        for word in query_words:
            if out and out[-1] + word in self._postings and word not in self._postings:
                out[-1] += word
            elif word in self._postings or word.isdigit() or len(word) < 6:
                out.append(word)
            else:
                out.extend(self._unglue(word))
        return out

    def _unglue(self, word: str) -> list[str]:
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self._postings and tail in self._postings:
                return [head, tail]
        return [word]

    def _word_matches(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words ``word`` may stand for, with a similarity in 0..1."""
        exact = word in self._postings
        matches = [(word, 1.0)] if exact else []
        if word.isdigit():
            return matches  # a typo in a number is another number
        if len(word) >= 3:
            start = bisect.bisect_right(self._vocabulary, word)
            prefixed: list[str] = []
            for candidate in self._vocabulary[start : start + 4 * _MAX_PREFIX_MATCHES]:
                if not candidate.startswith(word):
                    break
                prefixed.append(candidate)
            prefixed.sort(key=len)
            matches += [
                (p, 0.75 + 0.2 * len(word) / len(p)) for p in prefixed[:_MAX_PREFIX_MATCHES]
            ]
        if not exact:
            matches += self._typo_matches(word)
        return matches

    def _typo_matches(self, word: str) -> list[tuple[str, float]]:
        typos = _allowed_typos(len(word))
        if not typos:
            return []
        matches: list[tuple[str, float]] = []
        for length in range(len(word) - typos, len(word) + typos + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            found = process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=typos, limit=None
            )
            for candidate, distance, _ in found:
                if len(word) == 3 and sorted(candidate) != sorted(word):
                    continue  # three letters: only a swap ("cfa" -> "caf"), not another acronym
                matches.append((candidate, 0.95 * (1 - distance / len(word))))
        return matches


def _key_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(map(sys.intern, words(text))))


def _allowed_typos(length: int) -> int:
    if length < 3 or length > 40:
        return 0
    if length <= 5:
        return 1
    return 2
