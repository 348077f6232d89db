"""Exponential backoff, the one rule every retry loop of the bot waits by."""

from __future__ import annotations


def backoff(attempts: int, *, first: float, longest: float) -> float:
    """Seconds to wait after ``attempts`` failed tries in a row: ``first``, then doubling
    (``first`` x 2, x 4...) up to ``longest``."""
    return min(first * 2 ** min(max(attempts, 0), 32), longest)
