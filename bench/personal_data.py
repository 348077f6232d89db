"""Time of the personal-data check on a report of 10k and 40k characters, and their ratio.

    .venv/bin/python -m bench.personal_data [--old]

The inputs are those that made the former e-mail expression quadratic (a long run of word
characters with no address). Linear means a ratio near 4 (four times the text; timings on a
busy machine wander, the counted work of the e-mail scan does not); ``--old`` times the former
expression too (about 6 s on 40k: the reason for the change).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from chatbot.personal_data import email_scan, personal_data_in

OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
INPUTS = {"letters": "a", "digits": "1", "dotted": "a.b-", "at signs": "a@b"}


def best_of(check: Callable[[str], object], text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", action="store_true", help="time the former expression too")
    args = parser.parse_args()
    checks: list[tuple[str, Callable[[str], object], int]] = [("now", personal_data_in, 9)]
    if args.old:
        checks.append(("former e-mail regex", OLD_EMAIL.search, 1))
    header = f"{'input':<10} {'check':<20} {'10k chars':>11} {'40k chars':>11} {'ratio':>6}"
    print(f"{header} {'work ratio':>10}")
    for name, unit in INPUTS.items():
        small, large = unit * (10_000 // len(unit)), unit * (40_000 // len(unit))
        for label, check, runs in checks:
            t_small, t_large = best_of(check, small, runs), best_of(check, large, runs)
            ratio = t_large / t_small
            times = f"{t_small * 1e3:>9.2f}ms {t_large * 1e3:>9.2f}ms"
            work = email_scan(large)[1] / email_scan(small)[1] if label == "now" else None
            counted = f"{work:>10.2f}" if work else f"{'':>10}"
            print(f"{name:<10} {label:<20} {times} {ratio:>6.1f} {counted}")


if __name__ == "__main__":
    main()
