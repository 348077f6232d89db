"""Speed and memory of the directory search at 1k, 10k and 100k entries.

    .venv/bin/python -m bench.search [--quick] [--sizes 1000,10000,100000]

Directories are generated (kind of body x town, with acronym aliases and phones), queries are a
seeded mix of what volunteers type: exact names, acronym + town, typos, filler words, phone
numbers and nonsense. Each size compares our index with a FLOOR: one
``rapidfuzz.process.extract(folded_query, choices, limit=5)`` pass (WRatio, no processor) over
the pre-folded names and aliases of every entry — the least a fuzzy search must do without an
index. Both answer the same queries; ratios are ours / floor (lower is better).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process

from chatbot.directory import Entry, Phone
from commands.directory.search import SearchIndex, fold_query

BODIES: tuple[tuple[str, str, str], ...] = (
    # (name pattern, acronym alias pattern, theme)
    ("Caisse d'allocations familiales de {town}", "CAF {town}", "Famille"),
    ("Caisse primaire d'assurance maladie de {town}", "CPAM {town}", "Santé"),
    ("Centre communal d'action sociale de {town}", "CCAS {town}", "Social"),
    ("Centre public d'action sociale de {town}", "CPAS {town}", "Belgique – Social"),
    ("Agence France Travail {town}", "Pôle emploi {town}", "Emploi"),
    ("Mission locale de {town}", "ML {town}", "Emploi"),
    ("France Services {town}", "Maison France Services {town}", "Accès aux droits"),
    ("Service des impôts des particuliers de {town}", "SIP {town}", "Impôts"),
    ("Mairie de {town}", "Hôtel de ville de {town}", "Mairies"),
    ("Maison de la justice et du droit de {town}", "MJD {town}", "Droits"),
    ("Centre médico-psychologique de {town}", "CMP {town}", "Santé"),
    ("Protection maternelle et infantile de {town}", "PMI {town}", "Famille"),
    ("Point d'accès au droit de {town}", "PAD {town}", "Droits"),
    ("Espace public numérique de {town}", "EPN {town}", "Numérique"),
    ("Restos du cœur de {town}", "Restaurants du cœur {town}", "Aide alimentaire"),
    ("Secours populaire de {town}", "Secours pop {town}", "Aide alimentaire"),
    ("Secours catholique de {town}", "Caritas {town}", "Aide alimentaire"),
    ("Croix-Rouge de {town}", "Croix Rouge {town}", "Urgences"),
    ("Épicerie solidaire de {town}", "Épicerie sociale {town}", "Aide alimentaire"),
    ("Agence départementale d'information sur le logement de {town}", "ADIL {town}", "Logement"),
    ("Carsat {town}", "Assurance retraite {town}", "Retraite"),
    ("Urssaf {town}", "Union de recouvrement {town}", "Emploi"),
    ("Sous-préfecture de {town}", "Préfecture {town}", "Titres et papiers"),
    ("Centre hospitalier de {town}", "Hôpital {town}", "Santé"),
    ("Le Forem {town}", "Forem {town}", "Belgique – Emploi"),
    ("Centre social de {town}", "Maison de quartier {town}", "Social"),
)
_ROOTS = (
    "Lyon Lille Nantes Rennes Brest Metz Nancy Reims Tours Angers Dijon Caen Rouen Amiens Limoges "
    "Poitiers Pau Bayonne Nîmes Arles Toulon Nice Cannes Grasse Valence Vienne Annecy Chambéry "
    "Grenoble Troyes Sedan Laon Arras Lens Douai Roubaix Tourcoing Calais Dunkerque Liège Namur "
    "Mons Charleroi Tournai Wavre Arlon Ixelles Uccle Schaerbeek Anderlecht Forest Etterbeek "
    "Verviers Seraing Huy Dinant Nivelles Marche Bastogne Spa Eupen Ath Binche Waterloo"
).split()
_SYLLABLES = (
    "ber vil mont roc val fon lan gar mar sel tor ven cha bri dor lou mer pin sau bel".split()
)
_SUFFIXES = ("", "", "", "-sur-Mer", "-les-Bains", "-la-Forêt", "-le-Château", " Nord", " Sud")
_PREFIXES = ("", "", "", "Saint-", "Sainte-", "La ", "Le ")
NONSENSE = (
    "pizza margherita",
    "météo demain",
    "xyzzy",
    "football ce soir",
    "recette crêpes",
    "asdfgh",
    "licorne magique",
    "qsdfqsdf",
    "prix du pain",
    "what time is it",
)


def towns(count: int, rng: random.Random) -> list[str]:
    names: list[str] = list(_ROOTS)
    seen = set(names)
    while len(names) < count:
        root = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = rng.choice(_PREFIXES) + root + rng.choice(_SUFFIXES)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names[:count]


def directory(size: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    places = towns(size // len(BODIES) + 1, rng)
    entries = []
    for i in range(size):
        name_pattern, alias_pattern, theme = BODIES[i % len(BODIES)]
        town = places[i // len(BODIES)]
        department = f"{rng.randint(1, 95):02d}"
        phones = [
            Phone(
                f"0{rng.randint(1, 9)} " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
            )
        ]
        if rng.random() < 0.2:
            phones.append(
                Phone(f"01 {rng.randint(10, 99)} 00 00 {rng.randint(10, 99)}", internal=True)
            )
        entries.append(
            Entry(
                id=i + 1,
                name=name_pattern.format(town=town),
                aliases=(
                    alias_pattern.format(town=town),
                    alias_pattern.split()[0] + " " + department,
                ),
                theme=theme,
                phones=tuple(phones),
            )
        )
    return entries


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 5:
        return text
    i = rng.choice(letters[1:-1])
    match rng.randrange(3):
        case 0:  # swap two letters
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        case 1:  # drop one
            return text[:i] + text[i + 1 :]
        case _:  # double one
            return text[:i] + text[i] + text[i:]


def queries(entries: list[Entry], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        entry = rng.choice(entries)
        town = entry.aliases[0].split(" ", 1)[1] if " " in entry.aliases[0] else entry.name
        kind = rng.random()
        if kind < 0.2:
            out.append(entry.name.lower())
        elif kind < 0.4:
            out.append(entry.aliases[0])
        elif kind < 0.6:
            out.append(_typo(rng.choice((entry.name, entry.aliases[0])), rng))
        elif kind < 0.7:
            out.append(f"numéro de la {entry.aliases[0].lower()}")
        elif kind < 0.8:
            out.append(entry.phones[0].number)
        elif kind < 0.9:
            out.append(entry.aliases[0].split()[0].lower() + " " + town.split()[0][:5])
        else:
            out.append(rng.choice(NONSENSE))
    return out


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p99_ms: float


def timed(run: Callable[[str], object], batch: list[str]) -> Timing:
    for query in batch[:20]:
        run(query)  # warm up caches
    samples = []
    for query in batch:
        start = time.perf_counter_ns()
        run(query)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return Timing(statistics.median(samples), cuts[98])


def bench_size(size: int, query_count: int) -> dict[str, float]:
    entries = directory(size)
    gc.collect()
    start = time.perf_counter()
    index = SearchIndex(entries)
    build_s = time.perf_counter() - start
    choices = [fold_query(text) for e in entries for text in (e.name, *e.aliases)]

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = SearchIndex(entries)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept

    batch = queries(entries, query_count)
    ours = timed(lambda q: index.search(q, limit=5), batch)
    floor = timed(lambda q: process.extract(fold_query(q), choices, limit=5), batch)
    found = sum(bool(index.search(q, limit=5)) for q in batch)
    return {
        "entries": size,
        "queries": len(batch),
        "build_s": build_s,
        "index_mb": (retained - before) / 2**20,
        "peak_mb": (peak - before) / 2**20,
        "ours_p50": ours.p50_ms,
        "ours_p99": ours.p99_ms,
        "floor_p50": floor.p50_ms,
        "floor_p99": floor.p99_ms,
        "ratio_p50": ours.p50_ms / floor.p50_ms,
        "ratio_p99": ours.p99_ms / floor.p99_ms,
        "answered": found / len(batch),
    }


COLUMNS = (
    ("entries", "{:>8}", "{:>8,.0f}"),
    ("queries", "{:>7}", "{:>7,.0f}"),
    ("build_s", "{:>8}", "{:>8.2f}"),
    ("index_mb", "{:>8}", "{:>8.1f}"),
    ("peak_mb", "{:>7}", "{:>7.1f}"),
    ("ours_p50", "{:>8}", "{:>8.3f}"),
    ("ours_p99", "{:>8}", "{:>8.3f}"),
    ("floor_p50", "{:>9}", "{:>9.3f}"),
    ("floor_p99", "{:>9}", "{:>9.3f}"),
    ("ratio_p50", "{:>9}", "{:>9.3f}"),
    ("ratio_p99", "{:>9}", "{:>9.3f}"),
    ("answered", "{:>8}", "{:>8.0%}"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries, for a smoke run")
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    # The floor scans every name at 100k entries: fewer queries there keep the run short.
    counts = {1000: 3000, 10000: 3000, 100000: 1000} if not args.quick else {}
    print("times in ms unless noted; build in s; memory = tracemalloc of one index build")
    print(" ".join(head.format(name) for name, head, _ in COLUMNS))
    for size in sizes:
        row = bench_size(size, counts.get(size, 300 if args.quick else 2000))
        print(" ".join(cell.format(row[name]) for name, _, cell in COLUMNS), flush=True)
    print("ratio = ours / floor; floor = rapidfuzz.process.extract(WRatio) over names+aliases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
