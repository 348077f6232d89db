"""Which words of the directory a query word may stand for: exactly, as the start of a longer
word (``fra`` -> ``france``), or with a typo or two (``prefekture``) — an acronym only with its
own letters (``cfa`` -> ``caf``), never another acronym (``cpas`` is not a typo of ``cpam``)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

Match = tuple[str, float]
"""(word of the directory, similarity in 0..1)"""

MAX_PREFIX_MATCHES = 64
MIN_SOUND_LENGTH = 5
"""Shorter words, or words sounding shorter, are compared letter by letter only: too many
short words sound alike ("vilse" and "ville")."""
PREFIX = 0.75
"""What a word typed is worth as the start of a longer one ("fra" of "france"), at least."""
PREFIX_OF_KNOWN = 0.6
"""The same for a word the directory knows as it is: "sécu" is the sécu, hardly a start of
"sécurisés"."""
SOUNDS_ALIKE = 0.9
EQUIVALENT = 0.9
"""How close a word is to one it stands for (``sickness`` -> ``maladie``): a sure match,
a little below the directory's own word."""
EQUIVALENT_OF_KNOWN = 0.8
"""The same for a word the directory holds too: its own meaning comes first."""
CACHE_SIZE = 20_000
GLUED_TYPO_LENGTH, GLUED_TYPO_SIMILARITY = 7, 0.8
"""Two words typed apart are read as one misspelt word of the directory from this length
and this similarity on (one letter wrong in seven)."""


class Vocabulary:
    def __init__(
        self,
        known: Iterable[str],
        *,
        acronyms: set[str],
        equivalents: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """``equivalents``: word -> the words it stands for (:mod:`.equivalents`)."""
        self._words = frozenset(known)
        self._equivalents = equivalents or {}
        self._sorted = sorted(self._words)
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in self._sorted:
            self._by_length[len(word)].append(word)
        self._acronyms = acronyms
        self._by_sound: defaultdict[str, list[str]] = defaultdict(list)
        for word in self._sorted:
            if len(word) < MIN_SOUND_LENGTH or word in acronyms or word.isdigit():
                continue
            if len(spoken := sound(word)) >= MIN_SOUND_LENGTH:
                self._by_sound[spoken].append(word)
        self._cache: dict[str, list[Match]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def matches(self, word: str) -> list[Match]:
        """The words ``word`` may stand for, each once with its best similarity (remembered:
        the same words come back all day)."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            best: dict[str, float] = {}
            for meant, similarity in self._find(word):
                best[meant] = max(similarity, best.get(meant, 0.0))
            found = self._cache[word] = list(best.items())
        return found

    def rejoin(self, query_words: list[str]) -> list[str]:
        """Mend words split or glued differently from the directory's.

        ``cyber malveillance`` -> ``cybermalveillance``, ``backoffice`` -> ``back office``.
        """
        out: list[str] = []
        for word in query_words:
            if out and word not in self._words and (glued := self._glued(out[-1], word)):
                out[-1] = glued
            elif word in self._words or word.isdigit() or len(word) < 6:
                out.append(word)
            elif self.matches(word):
                out.append(word)  # "retraitte" is a typo of one word, not two glued
            else:
                out.extend(self._unglue(word))
        return out

    def _glued(self, head: str, tail: str) -> str | None:
        """``head`` and ``tail`` typed apart for one word of the directory, maybe misspelt
        after ``head``: ``gaz elek`` for ``gazelec``. Only a close typo of one word counts."""
        glued = head + tail
        if glued in self._words:
            return glued
        if head.isdigit() or tail.isdigit() or len(glued) < GLUED_TYPO_LENGTH:
            return None
        start = bisect.bisect_right(self._sorted, head)
        close = []
        for candidate in self._sorted[start : start + MAX_PREFIX_MATCHES]:
            if not candidate.startswith(head):
                break
            distance = OSA.distance(glued, candidate)
            if 0.95 * (1 - distance / len(glued)) >= GLUED_TYPO_SIMILARITY:
                close.append(candidate)
        return close[0] if len(close) == 1 else None

    def _unglue(self, word: str) -> list[str]:
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if head in self._words and tail in self._words:
                return [head, tail]
        return [word]

    def _find(self, word: str) -> list[Match]:
        known = word in self._words
        similarity = EQUIVALENT_OF_KNOWN if known else EQUIVALENT
        meant = [(w, similarity) for w in self._equivalents.get(word, ()) if w in self._words]
        return self._own(word, exact=known or bool(meant)) + meant

    def _own(self, word: str, *, exact: bool) -> list[Match]:
        """Matches among the directory's words; ``exact``: ``word`` is known as it is."""
        matches = [(word, 1.0)] if word in self._words else []
        if word.isdigit():
            return matches  # a typo in a number is another number
        if len(word) >= (4 if exact else 3):  # "caf" is the CAF, not a start of "cafard"
            start = bisect.bisect_right(self._sorted, word)
            prefixed: list[str] = []
            for candidate in self._sorted[start : start + 4 * MAX_PREFIX_MATCHES]:
                if not candidate.startswith(word):
                    break
                prefixed.append(candidate)
            prefixed.sort(key=len)
            base = PREFIX_OF_KNOWN if exact else PREFIX
            matches += [(p, base + 0.2 * len(word) / len(p)) for p in prefixed[:MAX_PREFIX_MATCHES]]
        if not exact:
            matches += self._typos(word)
            if len(word) >= 5 and word[-1] == "e":
                # Short words keep the "e" longer ones lose ("office" -> "offic"): "ofice"
                # is a typo of "offic" once it goes.
                matches += self._typos(word[:-1])
        return matches

    def _typos(self, word: str) -> list[Match]:
        typos = _allowed_typos(len(word))
        if not typos:
            return []
        matches: list[Match] = []
        letters = sorted(set(word))
        for length in range(len(word) - typos, len(word) + typos + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            found = process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=typos, limit=None
            )
            for candidate, distance, _ in found:
                if (len(word) == 3 or candidate in self._acronyms) and sorted(
                    set(candidate)
                ) != letters:
                    continue  # an acronym only with its own letters
                matches.append((candidate, 0.95 * (1 - distance / len(word))))
        if len(word) >= MIN_SOUND_LENGTH and len(spoken := sound(word)) >= MIN_SOUND_LENGTH:
            matches += [(alike, SOUNDS_ALIKE) for alike in self._by_sound.get(spoken, ())]
        return matches


_SOUNDS = (
    *(("eau", "o"), ("au", "o"), ("ph", "f"), ("qu", "k"), ("ck", "k")),
    *(("ch", "\x01"), ("h", ""), ("\x01", "ch"), ("y", "i"), ("ai", "e"), ("ei", "e")),
    *(("w", "v"), ("ain", "in"), ("ein", "in"), ("en", "an"), ("z", "s")),
    *(("ca", "ka"), ("co", "ko"), ("cu", "ku"), ("ce", "se"), ("ci", "si")),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_SILENT_END = re.compile(r"(?:e|s|t|x|d|z)+$")


def sound(word: str) -> str:
    """How a folded French word sounds, roughly: ``chaumag`` and ``chomag`` alike,
    ``famiriss`` and ``famiri``, ``farmaci`` and ``pharmaci``."""
    for written, said in _SOUNDS:
        if written in word:
            word = word.replace(written, said)
    return _SILENT_END.sub("", _DOUBLE.sub(r"\1", word)) or word


def _allowed_typos(length: int) -> int:
    if length < 3 or length > 40:
        return 0
    if length <= 5:
        return 1
    return 2
