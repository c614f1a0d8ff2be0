"""The in-memory aggregate of a read-only store (accord.store.snapshot) answers exactly as the SQL does."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from accord.analysis import dyad_series, network
from accord.store import EventFilter, open_store
from accord.store.snapshot import Snapshot, SnapshotStore
from tests.api_server import build_demo_store
from tests.random_store import build_random_store

FREQS = ("day", "week", "month")


class Counting:
    """A store that counts the aggregate queries that reach it (i.e. that the snapshot delegated)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.calls: dict[str, int] = {"period_counts": 0, "edge_counts": 0, "stats": 0}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.store, name)
        if name in self.calls:
            self.calls[name] += 1
        return value


def _open(path: Path) -> tuple[Any, SnapshotStore, Counting]:
    sql = open_store(str(path), read_only=True)
    counting = Counting(sql.clone())
    return sql, Snapshot().wrap(counting), counting


# ---- the stores ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def random_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_random_store(tmp_path_factory.mktemp("snapshot") / "random.duckdb", seed=6)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshot-demo") / "demo.duckdb"
    build_demo_store(path)
    return path


# ---- the comparisons ---------------------------------------------------------------------------------------------

ACTORS = ["USA", "JPN", "CHN", "RUS", "UKR", "REB", "MNC", "NGO", "GOV", "THA", "KHM", "XYZ", "usa", " jpn "]
WINDOWS = [EventFilter(), EventFilter(start="2025-12-28"), EventFilter(end="2025-12-31"),
           EventFilter(start="2024-02-27", end="2025-12-29"), EventFilter(start="2030-01-01")]
CUBE_FILTERS = [EventFilter(quad_class=3), EventFilter(issue="TRADE"), EventFilter(issue="ÉNERGIE"),
                EventFilter(issue="trade", start="2025-01-01"), EventFilter(country="USA"),
                EventFilter(country="REB", quad_class=1)]
SQL_FILTERS = [EventFilter(code="03"), EventFilter(code="190", start="2025-01-01"), EventFilter(quad_class=7)]


def _assert_periods(sql: Any, snap: SnapshotStore, counting: Counting, pairs: list[tuple[str, str]],
                    filters: list[EventFilter], *, delegated: bool) -> int:
    """Same rows, directed and both ways; returns how many non-empty answers were compared."""
    seen = 0
    for a, b in pairs:
        for where in filters:
            for freq in FREQS:
                for between in (None, (a, b)):
                    query = where if between else replace(where, source=a, target=b)
                    before = counting.calls["period_counts"]
                    expected = sql.period_counts(query, freq, between=between)
                    got = snap.period_counts(query, freq, between=between)
                    assert got == expected, (a, b, where, freq, between)
                    assert [list(r) for r in got] == [list(r) for r in expected]  # same keys, same order
                    assert [list(r["plover"]) for r in got] == [list(r["plover"]) for r in expected]
                    assert (counting.calls["period_counts"] > before) == delegated, (a, b, where, freq)
                    seen += bool(expected)
    return seen


def _assert_edges(sql: Any, snap: SnapshotStore, counting: Counting, filters: list[EventFilter | None], *,
                  delegated: bool) -> None:
    for where in filters:
        for min_events, limit in ((1, 200), (2, 5), (1, 0), (3, 1000), (1, 1)):
            before = counting.calls["edge_counts"]
            expected = sql.edge_counts(where, "country", min_events, limit)
            assert snap.edge_counts(where, "country", min_events, limit) == expected, (where, min_events, limit)
            assert (counting.calls["edge_counts"] > before) == delegated, where
        assert network(snap, where) == network(sql, where)


def _pairs(rng: random.Random, n: int) -> list[tuple[str, str]]:
    fixed = [("USA", "JPN"), ("JPN", "USA"), ("USA", "USA"), ("REB", "USA"), ("USA", "REB"), ("MNC", "NGO"),
             ("USA", "XYZ"), ("usa", " jpn ")]
    return fixed + [(rng.choice(ACTORS), rng.choice(ACTORS)) for _ in range(n)]


def test_random_store_matches_sql(random_db: Path) -> None:
    sql, snap, counting = _open(random_db)
    try:
        rng = random.Random(1)
        seen = _assert_periods(sql, snap, counting, _pairs(rng, 25), WINDOWS, delegated=False)
        seen += _assert_periods(sql, snap, counting, _pairs(rng, 8), CUBE_FILTERS, delegated=False)
        assert seen > 300  # the comparisons were not of empty answers
        # what the aggregate cannot answer goes to SQL, with the same answer
        _assert_periods(sql, snap, counting, _pairs(rng, 4), SQL_FILTERS, delegated=True)
        long_codes = [("USAGOV", "JPN"), ("USA", "JPNGOV"), ("IGOUNO", "USA"), ("US", "JPN")]
        _assert_periods(sql, snap, counting, long_codes, WINDOWS[:2], delegated=True)
        for where in (EventFilter(source="USA"), EventFilter(target="JPN"), None):  # not a dyad
            assert snap.period_counts(where, "month") == sql.period_counts(where, "month")

        _assert_edges(sql, snap, counting, [None, *WINDOWS, *CUBE_FILTERS, EventFilter(source="USA"),
                                            EventFilter(target="REB", start="2025-12-25"),
                                            EventFilter(source="USA", target="JPN")], delegated=False)
        _assert_edges(sql, snap, counting, [*SQL_FILTERS, EventFilter(country="USAGOV")], delegated=True)
        assert snap.edge_counts(None, "actor") == sql.edge_counts(None, "actor")
        assert counting.calls["edge_counts"] > 0

        assert snap.stats() == sql.stats()
        snap.stats().coder_versions.clear()  # a caller's change does not reach the next answer
        assert snap.stats() == sql.stats()
        assert counting.calls["stats"] == 1
        assert snap.count_events(EventFilter(source="USA")) == sql.count_events(EventFilter(source="USA"))

        for a, b in _pairs(rng, 10):  # and through the analysis layer
            for directed in (True, False):
                assert dyad_series(snap, a, b, "week", directed=directed) == \
                    dyad_series(sql, a, b, "week", directed=directed)
        with pytest.raises(ValueError):
            snap.period_counts(EventFilter(source="USA", target="JPN", start="2025-13-01"), "month")
        with pytest.raises(ValueError):
            snap.period_counts(EventFilter(source="USA", target="JPN"), "year")
    finally:
        counting.store.close()
        sql.close()


def test_demo_store_matches_sql(demo_path: Path) -> None:
    sql, snap, counting = _open(demo_path)
    try:
        sides = ("USA", "JPN", "CHN", "THA", "KHM", "IND")
        pairs = [(a, b) for a in sides for b in sides]
        windows = [EventFilter(), EventFilter(start="2025-10-01"), EventFilter(end="2025-11-20"),
                   EventFilter(issue="TRADE"), EventFilter(quad_class=4, start="2025-09-01", end="2025-12-31")]
        assert _assert_periods(sql, snap, counting, pairs, windows, delegated=False) > 50
        _assert_periods(sql, snap, counting, [("USA", "JPN"), ("THA", "KHM")], [EventFilter(code="19")],
                        delegated=True)
        _assert_edges(sql, snap, counting, [None, *windows], delegated=False)
        assert snap.stats() == sql.stats()
        series = dyad_series(snap, "USA", "JPN", "month")
        assert [row["period"] for row in series] == ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
        assert series == dyad_series(sql, "USA", "JPN", "month")
    finally:
        counting.store.close()
        sql.close()


def test_code_with_another_country_falls_back(tmp_path: Path) -> None:
    """REB coded with a country (SYR): `country = 'REB' OR code = 'REB'` finds these events, their coalesced
    side (SYR) does not, so REB is answered by SQL; so is USA on the side where an actor coded USA has JPN."""
    path = build_random_store(tmp_path / "mixed.duckdb", seed=9, n=300,
                         extra_codes=[("REB", "SYR"), ("SYRREB", "SYR"), ("SYR", "SYR"), ("USA", "JPN")])
    sql, snap, counting = _open(path)
    try:
        cube = snap.snapshot.cube(counting.store)
        assert cube is not None and {"REB", "USA"} <= cube.bad_source and "SYR" not in cube.bad_source
        assert not cube.bad_target & {"REB", "USA"}  # only sources were given the mismatched codes
        assert sql.period_counts(EventFilter(source="REB", target="USA"), "month")  # something to get wrong
        # REB and USA as sources (and both ways, and as a country) are SQL's; SYR is the aggregate's
        _assert_periods(sql, snap, counting, [("REB", "USA"), ("USA", "JPN"), ("REB", "SYR")], WINDOWS,
                        delegated=True)
        _assert_periods(sql, snap, counting, [("SYR", "JPN"), ("JPN", "SYR"), ("KHM", "SYR"), ("SYR", "SYR")],
                        WINDOWS[:2], delegated=False)
        _assert_edges(sql, snap, counting, [EventFilter(source="REB"), EventFilter(country="USA")], delegated=True)
        _assert_edges(sql, snap, counting, [None, EventFilter(target="REB"), EventFilter(country="SYR")],
                      delegated=False)
    finally:
        counting.store.close()
        sql.close()


def test_built_once_across_threads(random_db: Path) -> None:
    sql = open_store(str(random_db), read_only=True)
    snapshot = Snapshot()
    stores = [sql.clone() for _ in range(6)]
    results: list[Any] = [None] * len(stores)

    def work(i: int) -> None:
        results[i] = snapshot.wrap(stores[i]).period_counts(EventFilter(source="USA", target="JPN"), "month")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(stores))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = sql.period_counts(EventFilter(source="USA", target="JPN"), "month")
        assert expected and all(result == expected for result in results)
        assert snapshot.build_seconds is not None
    finally:
        for store in stores:
            store.close()
        sql.close()


def test_api_uses_snapshot_only_when_read_only(tmp_path: Path, random_db: Path) -> None:
    from accord.api.stores import StoreProvider

    provider = StoreProvider(str(random_db), read_only=True)
    try:
        assert isinstance(provider.get(), SnapshotStore)
        assert provider.get().snapshot is provider.snapshot  # one per thread, one snapshot
    finally:
        provider.close()
    writable = StoreProvider(str(tmp_path / "w.duckdb"), read_only=False)
    try:
        assert not isinstance(writable.get(), SnapshotStore)
    finally:
        writable.close()


def test_memory_only_store_answers_or_says_it_needs_sql(random_db: Path) -> None:
    """The API computes in its event loop what ``StoreProvider.memory()`` answers; anything else raises NeedsSQL
    (and goes to a worker thread) before touching a database."""
    from accord.api.stores import NeedsSQL, StoreProvider

    provider = StoreProvider(str(random_db), read_only=True)
    sql = open_store(str(random_db), read_only=True)
    try:
        assert provider.memory() is None  # nothing built yet
        provider.get().period_counts(EventFilter(source="USA", target="JPN"), "month")  # builds the aggregate
        memory = provider.memory()
        assert memory is not None
        assert dyad_series(memory, "USA", "JPN", "week") == dyad_series(sql, "USA", "JPN", "week")
        assert network(memory, EventFilter(quad_class=4)) == network(sql, EventFilter(quad_class=4))
        for needs_sql in (lambda: network(memory, level="actor"), lambda: memory.events(EventFilter(), limit=1),
                          lambda: dyad_series(memory, "USAGOV", "JPN"), lambda: memory.stats()):
            with pytest.raises(NeedsSQL):
                needs_sql()
        provider.get().stats()  # computed once by SQL, then kept
        assert memory.stats() == sql.stats()
    finally:
        sql.close()
        provider.close()


def test_round4_is_pythons_round() -> None:
    """The vectorised rounding gives exactly round(v, 4), halves and signs included."""
    import numpy as np

    from accord.store.snapshot import round4

    rng = np.random.default_rng(4)
    values = np.concatenate([rng.uniform(-1e4, 1e4, 20_000), np.round(rng.uniform(-10, 10, 20_000), 1).cumsum(),
                             (np.arange(-20_000, 20_000) + 0.5) / 1e4, np.arange(-10_000, 10_000) * 0.1,
                             rng.integers(-1000, 1000, 10_000) / rng.integers(1, 300, 10_000),
                             np.array([0.0, -0.0, -0.00004, 1e300, 1e-300, 0.00005, 1.00005, 2.675, np.inf])])
    assert [repr(v) for v in round4(values)] == [repr(round(float(v), 4)) for v in values]
