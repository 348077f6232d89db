"""How well ``lookup`` answers what volunteers really type, on five directories.

    .venv/bin/python -m bench.search_quality [--set demo|a|b|c|d|e|f|g|h|qa|qb|qc] [--failures]

Each set is a directory (CSV, as ``chatbot directory import`` reads it) and queries with the
``expected`` entry name (alternatives separated by `` | ``; empty: nonsense, must find nothing)
and, optionally, their ``kind`` (place, english, question, slang, need, typo, acronym, phone,
nonsense). The sets:

- ``demo``: the shipped demo directory and the queries written with it;
- ``a``: an independent directory of 170+ French and Belgian bodies and 300+ queries, written
  without looking at the search code (the development set);
- ``b``: a second independent programme, kept out of tuning until 2026-12-01 (held out sets'
  failures are not printed unless asked, so that nobody tunes on them);
- ``c``: a third (Lyon, Lille, Liège, Namur, Brussels), written late by someone who saw neither
  the search's vocabulary nor the other sets, and held out like ``b``;
- ``d``: a fourth (Lyon, Paris, Marseille, Lille, Rennes, Bordeaux, 14 CPAS), written on
  2026-12-01 by someone who read neither the search code, its vocabulary nor the other sets'
  queries, before the search work of that day; held out like ``b``;
- ``e`` (Toulouse, Nantes, Strasbourg, Montpellier, Nice; Ixelles, Schaerbeek, Molenbeek,
  Charleroi, Liège, Gent) and ``f`` (Grenoble, Rouen, Dijon, Clermont-Ferrand, Le Havre,
  Saint-Denis, Créteil; Etterbeek, Forest, Uccle, Mons, Namur, Antwerpen, Tournai): two more,
  written the same way on 2026-12-01 evening while ``b`` and ``c`` became development sets;
  never tuned on;
- ``h`` (Metz, Nancy, Reims, Tours, Angers, Limoges, Perpignan, Brest, Besançon, Amiens;
  Verviers, Seraing, La Louvière, Mouscron, Arlon, Wavre, Ottignies, Hasselt, Leuven, Brugge):
  225 entries and 380 queries written on 2026-12-04 by someone who read neither the code, its
  vocabulary nor any other set; never tuned on;
- ``qa``, ``qb``, ``qc``: 60 plain questions each on the directories of ``a``, ``b`` and ``c``,
  written on 2026-12-01 by someone who read those directories only (development sets).

Prints top-1 and top-3 accuracy per set and per kind, and how many nonsense queries came back
empty. Exits 1 when a target is missed on a set.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from chatbot.formats.directory_csv import read_entries
from commands.directory.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "bench" / "eval"
SETS = {
    "demo": (ROOT / "commands/directory/demo_directory.csv", ROOT / "bench/queries.csv"),
    "a": (EVAL / "directory_a.csv", EVAL / "queries_a.csv"),
    "b": (EVAL / "directory_b.csv", EVAL / "queries_b.csv"),
    "c": (EVAL / "directory_c.csv", EVAL / "queries_c.csv"),
    "d": (EVAL / "directory_d.csv", EVAL / "queries_d.csv"),
    "qa": (EVAL / "directory_a.csv", EVAL / "questions_a.csv"),
    "qb": (EVAL / "directory_b.csv", EVAL / "questions_b.csv"),
    "qc": (EVAL / "directory_c.csv", EVAL / "questions_c.csv"),
    "e": (EVAL / "directory_e.csv", EVAL / "queries_e.csv"),
    "f": (EVAL / "directory_f.csv", EVAL / "queries_f.csv"),
    "g": (EVAL / "directory_g.csv", EVAL / "queries_g.csv"),
    "h": (EVAL / "directory_h.csv", EVAL / "queries_h.csv"),
}
HELD_OUT = {"d", "e", "f", "g", "h"}
TARGET_TOP1, TARGET_TOP3 = 0.97, 0.99


@dataclass(frozen=True)
class Outcome:
    query: str
    expected: tuple[str, ...]
    kind: str
    found: tuple[str, ...]

    @property
    def nonsense(self) -> bool:
        return not self.expected

    @property
    def rank(self) -> int | None:
        ranks = [self.found.index(e) + 1 for e in self.expected if e in self.found]
        return min(ranks) if ranks else None


def run(directory: Path, queries: Path) -> list[Outcome]:
    entries = read_entries(directory)
    names = {e.name for e in entries}
    index = SearchIndex(entries)
    outcomes = []
    with queries.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            expected = tuple(e.strip() for e in (row["expected"] or "").split(" | ") if e.strip())
            for name in expected:
                if name not in names:
                    raise SystemExit(f"{queries}: {name!r} is not an entry of {directory}")
            kind = (row.get("kind") or "").strip() or ("nonsense" if not expected else "other")
            hits = index.search(row["query"], limit=5)
            outcomes.append(
                Outcome(row["query"], expected, kind, tuple(h.entry.name for h in hits))
            )
    return outcomes


def _rates(outcomes: list[Outcome]) -> tuple[float, float]:
    real = [o for o in outcomes if not o.nonsense]
    if not real:
        return 1.0, 1.0
    top1 = sum(o.rank == 1 for o in real) / len(real)
    top3 = sum(o.rank is not None and o.rank <= 3 for o in real) / len(real)
    return top1, top3


def report(name: str, outcomes: list[Outcome], *, failures: bool) -> bool:
    real = [o for o in outcomes if not o.nonsense]
    nonsense = [o for o in outcomes if o.nonsense]
    top1, top3 = _rates(outcomes)
    empty = sum(not o.found for o in nonsense)
    held = " (held out)" if name in HELD_OUT else ""
    print(f"\n== set {name}{held}: {len(real)} real queries, {len(nonsense)} nonsense")
    print(
        f"top-1 {top1:6.1%}   top-3 {top3:6.1%}   (targets {TARGET_TOP1:.0%} / {TARGET_TOP3:.0%})"
    )
    print(f"nonsense answered with nothing: {empty}/{len(nonsense)}")
    by_kind: defaultdict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    for kind, group in sorted(by_kind.items()):
        if kind == "nonsense":
            continue
        k1, k3 = _rates(group)
        print(f"  {kind:<10} {len(group):>4}   top-1 {k1:6.1%}   top-3 {k3:6.1%}")
    missed = [o for o in real if o.rank != 1] + [o for o in nonsense if o.found]
    if missed and failures:
        print("failures (query -> expected [rank] | found):")
        for o in missed:
            where = f"rank {o.rank}" if o.rank else "missing"
            expected = " | ".join(o.expected) or "(nothing)"
            found = " ; ".join(o.found[:3]) or "(nothing)"
            print(f"  [{o.kind}] {o.query!r} -> {expected} [{where}] | {found}")
    elif missed:
        print(f"({len(missed)} failures not printed: --failures shows them)")
    return top1 >= TARGET_TOP1 and top3 >= TARGET_TOP3 and empty == len(nonsense)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append")
    parser.add_argument("--failures", action="store_true", help="print every failure")
    parser.add_argument("--directory", type=Path, help="another directory CSV (with --queries)")
    parser.add_argument("--queries", type=Path)
    args = parser.parse_args(argv)
    if args.directory or args.queries:
        if not (args.directory and args.queries):
            parser.error("--directory and --queries go together")
        chosen = {"custom": (args.directory, args.queries)}
    else:
        chosen = {name: SETS[name] for name in args.set or SETS}
    ok = True
    for name, (directory, queries) in chosen.items():
        show = args.failures or name not in HELD_OUT
        ok &= report(name, run(directory, queries), failures=show)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
