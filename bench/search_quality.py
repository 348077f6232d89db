"""How well ``lookup`` answers what volunteers really type, on the demo directory.

    .venv/bin/python -m bench.search_quality [--queries bench/queries.csv] [--directory CSV]

``queries.csv`` has two columns: ``query`` and the ``expected`` entry name; an empty expected
name means the query is nonsense and must find nothing. Prints top-1 and top-3 accuracy, how
many nonsense queries came back empty, and every failure. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from commands.directory.csv_format import read_entries
from commands.directory.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = ROOT / "bench" / "queries.csv"
DEFAULT_DIRECTORY = ROOT / "commands" / "directory" / "demo_directory.csv"
TARGET_TOP1, TARGET_TOP3 = 0.95, 0.98


@dataclass(frozen=True)
class Outcome:
    query: str
    expected: str
    found: tuple[str, ...]

    @property
    def nonsense(self) -> bool:
        return not self.expected

    @property
    def rank(self) -> int | None:
        return self.found.index(self.expected) + 1 if self.expected in self.found else None


def run(queries: Path, directory: Path) -> list[Outcome]:
    entries = read_entries(directory)
    names = {e.name for e in entries}
    index = SearchIndex(entries)
    outcomes = []
    with queries.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            expected = row["expected"].strip()
            if expected and expected not in names:
                raise SystemExit(f"{queries}: {expected!r} is not an entry of {directory}")
            hits = index.search(row["query"], limit=5)
            outcomes.append(Outcome(row["query"], expected, tuple(h.entry.name for h in hits)))
    return outcomes


def report(outcomes: list[Outcome]) -> bool:
    real = [o for o in outcomes if not o.nonsense]
    nonsense = [o for o in outcomes if o.nonsense]
    top1 = sum(o.rank == 1 for o in real) / len(real)
    top3 = sum(o.rank is not None and o.rank <= 3 for o in real) / len(real)
    empty = sum(not o.found for o in nonsense)
    print(f"queries: {len(real)} real, {len(nonsense)} nonsense")
    print(f"top-1 accuracy: {top1:6.1%}  (target {TARGET_TOP1:.0%})")
    print(f"top-3 accuracy: {top3:6.1%}  (target {TARGET_TOP3:.0%})")
    print(f"nonsense answered with nothing: {empty}/{len(nonsense)}")
    failures = [o for o in real if o.rank != 1] + [o for o in nonsense if o.found]
    if failures:
        print("\nfailures (query -> expected | found):")
        for o in failures:
            where = f"rank {o.rank}" if o.rank else "missing"
            expected = o.expected or "(nothing)"
            found = " ; ".join(o.found) or "(nothing)"
            print(f"  {o.query!r} -> {expected} [{where}] | {found}")
    return top1 >= TARGET_TOP1 and top3 >= TARGET_TOP3 and empty == len(nonsense)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--directory", type=Path, default=DEFAULT_DIRECTORY)
    args = parser.parse_args(argv)
    return 0 if report(run(args.queries, args.directory)) else 1


if __name__ == "__main__":
    sys.exit(main())
