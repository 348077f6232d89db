"""Who owns a phone number: ``lookup 3919``, ``lookup 02 505 14 11``, ``lookup 505 14 11``."""

from __future__ import annotations

from collections import defaultdict

from chatbot.directory import Entry
from commands.directory.normalize import phone_digits

EXACT, PARTIAL = 100.0, 90.0
MIN_DIGITS = 2
"""Service numbers are short: 15, 17, 112, 115, 3919."""
TAIL = 6
"""Digits a partial query must have; also the tail index's key length."""


class PhoneIndex:
    def __init__(self) -> None:
        self._owners: defaultdict[str, list[int]] = defaultdict(list)  # digits -> entries
        self._tails: defaultdict[str, list[str]] = defaultdict(list)  # tail -> digits

    def add(self, position: int, entry: Entry) -> set[str]:
        """Index ``entry``'s numbers; returns their digits (its name needs no covering them:
        "Samu social (115)")."""
        numbers = set()
        for phone in entry.phones:
            digits = phone_digits(phone.number)
            numbers.add(digits)
            if len(digits) >= MIN_DIGITS:
                self._owners[digits].append(position)
                self._tails[digits[-TAIL:]].append(digits)
        return numbers

    def scores(self, digits: str) -> dict[int, float]:
        """Entry position -> score, for the owners of ``digits`` (or of a longer number ending
        with them)."""
        if len(digits) < MIN_DIGITS:
            return {}
        scores = dict.fromkeys(self._owners.get(digits, ()), EXACT)
        if len(digits) >= TAIL:
            # "505 14 11" for "02 505 14 11", or a number written with a prefix we don't strip.
            for number in self._tails.get(digits[-TAIL:], ()):
                if number != digits and (number.endswith(digits) or digits.endswith(number)):
                    for position in self._owners[number]:
                        scores.setdefault(position, PARTIAL)
        return scores
