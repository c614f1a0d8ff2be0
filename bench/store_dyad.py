"""Benchmark: `accord dyad` and a filtered count on a DuckDB store of one million synthetic events.

    .venv/bin/python bench/store_dyad.py [--events N] [--keep PATH]

The store is built in a temp dir by the store itself (schema, indexes) and filled by one INSERT ... SELECT
over DuckDB's range(): the bulk path, since the point is the query, not ingest. Events spread over 40
countries (the United States and a few others more often, as in news), 12 sectors, 20 CAMEO roots and ten
years. Each query is timed best of 5 on a warm connection, through the Store interface. Goal: < 1 s each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accord.store import EventFilter  # noqa: E402
from accord.store.duckdb_store import DuckDBStore  # noqa: E402

COUNTRIES = ["USA"] * 6 + ["CHN"] * 3 + ["RUS"] * 3 + ["JPN"] * 2 + ["GBR", "FRA", "DEU", "IND", "ISR", "UKR"] * 2 + [
    "IRN", "PRK", "KOR", "BRA", "MEX", "CAN", "AUS", "TUR", "SAU", "EGY", "PAK", "AFG", "IRQ", "SYR", "NGA",
    "ZAF", "KEN", "ETH", "IDN", "PHL", "VNM", "THA", "MYS", "ARG", "COL", "VEN", "IGO", "NGO"]
SECTORS = ["GOV", "MIL", "BUS", "OPP", "REB", "MED", "EDU", "JUD", "LEG", "COP", "CVL", "REL"]

# One statement: every column computed from the row number i, so the build costs seconds, not minutes.
BUILD = """
INSERT INTO events
SELECT
    'k' || i AS story_key,
    DATE '2016-01-01' + CAST(hash(i, 1) % 3653 AS INTEGER) AS date,
    sc || ss, sc, ss, NULL, NULL, 'source words', 0, 12,
    tc || ts, tc, ts, NULL, NULL, 'target words', 20, 32,
    root || '0', root, 'synthetic', quad, gold, 'SUPPORT', NULL,
    i % 17 = 0, 'asserted', NULL, CASE WHEN i % 5 = 0 THEN '["TRADE"]' ELSE '[]' END, '{}', 'bench',
    1 + CAST(hash(i, 2) % 3 AS INTEGER), 1, 'doc' || (i // 4), 'd' || (i // 4), 'e' || i, CAST(i % 4 AS INTEGER),
    'A synthetic sentence about two actors.', 'met', 13, 16
FROM (
    SELECT i,
        list_element($countries, 1 + CAST(hash(i, 3) % len($countries) AS INTEGER)) AS sc,
        list_element($countries, 1 + CAST(hash(i, 4) % len($countries) AS INTEGER)) AS tc,
        list_element($sectors, 1 + CAST(hash(i, 5) % len($sectors) AS INTEGER)) AS ss,
        list_element($sectors, 1 + CAST(hash(i, 6) % len($sectors) AS INTEGER)) AS ts,
        lpad(CAST(1 + hash(i, 7) % 20 AS VARCHAR), 2, '0') AS root,
        1 + CAST(hash(i, 8) % 4 AS INTEGER) AS quad,
        round(CAST(hash(i, 9) % 200 AS DOUBLE) / 10 - 10, 1) AS gold
    FROM range($n) t(i)
)
"""


def build_store(path: str | Path, events: int = 1_000_000) -> tuple[int, float]:
    """Creates the store at ``path`` (schema and indexes by the store itself) and fills it with ``events``
    synthetic events in one statement; returns (events stored, seconds the build took). The store is closed."""
    store = DuckDBStore(path)
    try:
        start = time.perf_counter()
        store._con.execute(BUILD, {"n": events, "countries": COUNTRIES, "sectors": SECTORS})
        store._con.execute("CHECKPOINT")
        built = time.perf_counter() - start
        return store.count_events(EventFilter()), built
    finally:
        store.close()


def best_of(fn, runs: int = 5) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.duckdb"
        events, built = build_store(path, args.events)
        size = Path(path).stat().st_size / 2**20
        print(f"store: {events:,} events built in {built:.1f} s ({size:.0f} MiB file, DuckDB)")

        store = DuckDBStore(path)  # queries on a freshly opened store, as `accord dyad` runs
        figures = {
            "dyad('USA', 'JPN', 'month')": lambda: store.dyad("USA", "JPN", "month"),
            "dyad('USAGOV', 'CHN', 'week')": lambda: store.dyad("USAGOV", "CHN", "week"),
            "dyad('RUS', 'UKR', 'day')": lambda: store.dyad("RUS", "UKR", "day"),
            "count_events(country='USA')": lambda: store.count_events(EventFilter(country="USA")),
            "count_events(country='USA', quad=4, 2020)": lambda: store.count_events(
                EventFilter(country="USA", quad_class=4, start="2020-01-01", end="2020-12-31")),
            "events(source='USA', target='JPN', limit=100)": lambda: store.events(
                EventFilter(source="USA", target="JPN"), limit=100),
        }
        worst = 0.0
        for name, query in figures.items():
            seconds, result = best_of(query)
            worst = max(worst, seconds)
            size_note = f"{len(result)} rows" if isinstance(result, list) else f"= {result:,}"
            print(f"{name:48s} {seconds * 1000:8.1f} ms  ({size_note})")
        periods = store.dyad("USA", "JPN", "month")
        assert sum(p["events"] for p in periods) == store.count_events(EventFilter(source="USA", target="JPN"))
        store.close()
    print(f"worst {worst * 1000:.1f} ms: {'PASS' if worst < 1.0 else 'FAIL'} (goal < 1 s)")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
