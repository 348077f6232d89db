"""Who owns a web address or e-mail: ``lookup ameli.fr``, ``lookup mdph31.fr``,
``lookup accueil@caf.fr``, ``lookup impots.gouv``: what a volunteer reads on a letter or a
screen. Only addresses some entry has count as one; "st.gilles" stays two words to search."""

from __future__ import annotations

import re
from collections import defaultdict

from chatbot.directory import Entry

EXACT, WITHIN, SITE, UNDER = 100.0, 95.0, 90.0, 85.0
"""The entry's own address; a page of its site; its site, for a page or a bare host asked;
a sub-site of the host asked (``caf.fr`` for ``caf.fr/allocataires/caf-du-rhone``)."""

_ADDRESS = re.compile(
    r"(?<![\w@.-])(?:[a-z][a-z0-9+.-]*://)?(?:[\w.+-]+@)?"
    r"((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9])"  # host: a dot at least
    r"(/[^\s?#]*)?[^\s]*",
    re.IGNORECASE,
)


def _key(host: str, path: str = "") -> str:
    host = host.lower().rstrip(".").removeprefix("www.")
    return host + path.rstrip("/").lower()


def _keys_of(entry: Entry) -> set[str]:
    keys = set()
    if entry.url:
        match = _ADDRESS.search(entry.url.strip())
        if match is not None:
            keys.add(_key(match.group(1), match.group(2) or ""))
    if "@" in entry.email:
        keys.add(_key(entry.email.rpartition("@")[2].strip()))
    return keys


class WebIndex:
    def __init__(self) -> None:
        self._owners: defaultdict[str, list[int]] = defaultdict(list)  # key -> entries
        self._by_host: defaultdict[str, set[str]] = defaultdict(set)  # host -> its keys
        self._hosts_under: defaultdict[str, set[str]] = defaultdict(set)  # parent -> hosts
        self._hosts_of_stem: defaultdict[str, set[str]] = defaultdict(set)  # no top level

    def add(self, position: int, entry: Entry) -> None:
        for key in _keys_of(entry):
            self._owners[key].append(position)
            host = key.partition("/")[0]
            self._by_host[host].add(key)
            labels = host.split(".")
            for start in range(1, len(labels) - 1):
                self._hosts_under[".".join(labels[start:])].add(host)
            if len(labels) > 2:  # "impots.gouv" for "impots.gouv.fr"
                self._hosts_of_stem[".".join(labels[:-1])].add(host)

    def find(self, query: str) -> tuple[dict[int, float], str]:
        """Entry position -> score for the addresses in ``query`` some entry has, and the
        query without them (the words left to search)."""
        scores: dict[int, float] = {}
        rest = query
        for match in _ADDRESS.finditer(query):
            found = self._scores(_key(match.group(1)), _key(match.group(1), match.group(2) or ""))
            if found:
                rest = rest.replace(match.group(0), " ")
                for position, score in found.items():
                    scores[position] = max(score, scores.get(position, 0.0))
        return scores, rest

    def _scores(self, host: str, asked: str) -> dict[int, float]:
        scores: dict[int, float] = {}

        def give(keys: set[str] | list[str], score: float) -> None:
            for key in keys:
                for position in self._owners.get(key, ()):
                    scores.setdefault(position, score)

        give([asked], EXACT)
        # The deepest of the entries' pages the address asked lies in.
        within = [k for k in self._by_host.get(host, ()) if asked.startswith(k + "/")]
        if within:
            give([max(within, key=len)], WITHIN)
        give([host], SITE)
        if asked == host:
            give(self._by_host.get(host, set()), SITE)
            for full in self._hosts_of_stem.get(host, ()):
                give([full], SITE)
        for under in self._hosts_under.get(host, ()):
            give(self._by_host[under], UNDER)
        return scores
