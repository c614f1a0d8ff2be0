"""The event index (accord.store.event_index) answers /api/events exactly as Store.events and count_events do,
its records parse to exactly what event_record gives, and the API and ``accord serve --workers N`` use it."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.store import EventFilter, open_store
from accord.store.event_index import EventIndex, IndexBuild, build_event_index, is_complete
from tests.api_server import ACCORD, build_demo_store, free_port, serving_api, start_api
from tests.random_store import build_random_store


@pytest.fixture(scope="module")
def random_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_random_store(tmp_path_factory.mktemp("event-index") / "random.duckdb", seed=11, n=900,
                              extra_codes=[("REB", "SYR"), ("USA", "CAN")])  # 3-letter codes of another country


@pytest.fixture(scope="module")
def indexed(random_db: Path, tmp_path_factory: pytest.TempPathFactory):
    sql = open_store(str(random_db), read_only=True)
    directory = tmp_path_factory.mktemp("index")
    summary = build_event_index(sql._con, directory)
    index = EventIndex(directory)
    yield sql, index, summary
    index.close()
    sql.close()


def _page(index: EventIndex, where: EventFilter, limit: int | None, offset: int) -> tuple[list[Any], int]:
    found = index.page(where, limit, offset)
    assert found is not None, where
    records, total = found
    return [json.loads(record) for record in records], total


ACTORS = [None, "USA", "JPN", "REB", "NGO", "GOV", "SYR", "CAN", "USAGOV", "usamil", " jpn ", "XYZ", "IGOUNO"]
CODES = [None, "01", "036", "11", "112", "99"]
QUADS = [None, 1, 2, 3, 4]
ISSUES = [None, "TRADE", "trade", "SANCTIONS", "ÉNERGIE", "TRADE_WAR", "NONE"]
WINDOWS = [(None, None), ("2025-12-28", None), (None, "2025-12-31"), ("2024-02-27", "2025-12-29"),
           ("2030-01-01", None), ("2025-12-30", "2025-12-30"), ("2026-01-02", "2025-12-01")]


def _filters(seed: int, n: int) -> list[EventFilter]:
    rng = random.Random(seed)
    out = [EventFilter()]
    for _ in range(n):
        start, end = rng.choice(WINDOWS)
        out.append(EventFilter(source=rng.choice(ACTORS) if rng.random() < 0.4 else None,
                               target=rng.choice(ACTORS) if rng.random() < 0.4 else None,
                               country=rng.choice(ACTORS) if rng.random() < 0.4 else None,
                               code=rng.choice(CODES) if rng.random() < 0.3 else None,
                               quad_class=rng.choice(QUADS) if rng.random() < 0.4 else None,
                               issue=rng.choice(ISSUES) if rng.random() < 0.3 else None,
                               start=start, end=end))
    return out


def test_every_record_parses_to_the_stores_record(indexed) -> None:
    sql, index, summary = indexed
    records, total = _page(index, EventFilter(), None, 0)
    assert total == summary["events"] == sql.count_events(EventFilter()) == len(records) > 1500
    assert records == sql.events(EventFilter())  # every record, in the store's order (newest first)


def test_the_demo_stores_hostile_records(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    demo = build_demo_store(path)
    sql = open_store(str(path), read_only=True)
    try:
        build_event_index(sql._con, tmp_path / "index")
        index = EventIndex(tmp_path / "index")
        records, total = _page(index, EventFilter(), None, 0)
        assert records == sql.events(EventFilter()) and total == demo.events
        hostile = [r for r in records if r["doc_hash"] == demo.hostile_hash]
        assert hostile and "<script>" in hostile[0]["source"]["text"] + hostile[0]["text"]
        index.close()
    finally:
        sql.close()


@pytest.mark.parametrize("seed", range(4))
def test_filters_and_pages_equal_the_sql(indexed, seed: int) -> None:
    sql, index, _ = indexed
    rng = random.Random(seed)
    nonempty = 0
    for where in _filters(seed, 60):
        limit, offset = rng.choice([(None, 0), (50, 0), (7, 3), (1, 0), (0, 0), (25, 40), (50, 100_000)])
        records, total = _page(index, where, limit, offset)
        assert total == sql.count_events(where), where
        assert records == sql.events(where, limit=limit, offset=offset), (where, limit, offset)
        nonempty += total > 0
    assert nonempty > 20  # the filters are not all empty


def test_every_single_filter_value(indexed) -> None:
    sql, index, _ = indexed
    single = [EventFilter(**{field: value}) for field, values in
              (("source", ACTORS), ("target", ACTORS), ("country", ACTORS), ("code", CODES), ("quad_class", QUADS),
               ("issue", ISSUES)) for value in values if value is not None]
    single += [EventFilter(start=a, end=b) for a, b in WINDOWS]
    for where in single:
        records, total = _page(index, where, 30, 5)
        assert (records, total) == (sql.events(where, limit=30, offset=5), sql.count_events(where)), where


def test_cached_lookups_answer_the_same_again(indexed) -> None:
    """Bitmaps and issue lists are cached per process: the second and later answers equal the first."""
    sql, index, _ = indexed
    filters = [EventFilter(country="USA", quad_class=q, issue=i) for q, i in itertools.product([1, 3], ["TRADE", None])]
    first = [_page(index, where, 20, 0) for where in filters]
    for _ in range(2):
        assert [_page(index, where, 20, 0) for where in filters] == first
    assert first[0] == (sql.events(filters[0], limit=20), sql.count_events(filters[0]))


def test_a_store_with_deleted_events(tmp_path: Path) -> None:
    """Deleted rows leave gaps in DuckDB's row ids (a recode deletes events): the index still matches."""
    path = build_random_store(tmp_path / "holes.duckdb", seed=5, n=300)
    store = open_store(str(path))
    store._con.execute("DELETE FROM events WHERE rowid % 7 = 3 OR rowid BETWEEN 40 AND 90")
    store.close()
    sql = open_store(str(path), read_only=True)
    try:
        build_event_index(sql._con, tmp_path / "index")
        index = EventIndex(tmp_path / "index")
        for where in _filters(21, 40):
            assert _page(index, where, 20, 2) == (sql.events(where, limit=20, offset=2), sql.count_events(where))
        index.close()
    finally:
        sql.close()


def test_declines_what_it_cannot_answer(indexed) -> None:
    _, index, _ = indexed
    assert index.page(EventFilter(quad_class=7), 10, 0) is None  # SQL answers it (the API refuses it anyway)


def test_empty_store(tmp_path: Path) -> None:
    open_store(str(tmp_path / "empty.duckdb")).close()
    sql = open_store(str(tmp_path / "empty.duckdb"), read_only=True)
    try:
        build_event_index(sql._con, tmp_path / "index")
    finally:
        sql.close()
    index = EventIndex(tmp_path / "index")
    assert index.page(EventFilter(), 50, 0) == ([], 0)
    assert index.page(EventFilter(country="USA", start="2025-01-01"), 50, 0) == ([], 0)
    index.close()


def test_built_in_a_process_and_removed(random_db: Path) -> None:
    built: list[dict[str, Any]] = []
    build = IndexBuild(str(random_db), on_built=built.append)
    build.start()
    assert build.finished.wait(60)
    assert is_complete(build.directory) and (build.directory / "records.bin").stat().st_size > 0
    sql = open_store(str(random_db), read_only=True)
    try:
        assert built == [build.summary()] and built[0]["events"] == sql.count_events(EventFilter())
    finally:
        sql.close()
    build.stop()
    assert not build.directory.exists()


# ---- in the API ------------------------------------------------------------------------------------------------------

def _wait_for_index(stores: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while stores.event_index() is None:
        assert time.monotonic() < deadline, "the event index was not built in time"
        time.sleep(0.05)


def test_api_pages_from_the_index_equal_the_sql(random_db: Path) -> None:
    from fastapi.testclient import TestClient

    from accord.api import create_app

    app = create_app(str(random_db))
    sql = open_store(str(random_db), read_only=True)
    try:
        with TestClient(app) as http:
            _wait_for_index(app.state.stores)
            for params in [{}, {"country": "USA", "quad_class": 3}, {"source": "usagov", "limit": 5, "offset": 2},
                           {"issue": "TRADE", "start": "2025-12-24", "limit": 1000}, {"code": "112", "target": "JPN"},
                           {"country": "XYZ"}, {"end": "2016-01-01"}]:
                body = http.get("/api/events", params=params).json()
                where = EventFilter(**{k: v for k, v in params.items() if k not in ("limit", "offset")})
                limit, offset = params.get("limit", 50), params.get("offset", 0)
                assert body == {"events": sql.events(where, limit=limit, offset=offset),
                                "total": sql.count_events(where), "limit": limit, "offset": offset}, params
            assert http.get("/api/events", params={"quad_class": 7}).status_code == 422
        assert not app.state.stores._build.directory.exists()  # removed with the app
    finally:
        sql.close()


def test_a_failed_build_leaves_the_sql_answering(tmp_path: Path) -> None:
    """A location that is not JSON makes DuckDB's rendering fail: no index, the same answers from SQL."""
    from fastapi.testclient import TestClient

    from accord.api import create_app

    path = build_random_store(tmp_path / "bad.duckdb", seed=3, n=60)
    store = open_store(str(path))
    store._con.execute("UPDATE events SET location = '{not json' WHERE rowid = 0")
    store.close()
    app = create_app(str(path))
    sql = open_store(str(path), read_only=True)
    try:
        with TestClient(app) as http:
            build = app.state.stores._build
            assert build.finished.wait(30)
            assert not build.directory.exists()  # the failed build's files are removed when it gives up
            assert app.state.stores.event_index() is None
            body = http.get("/api/events", params={"limit": 10}).json()
            assert body["total"] == sql.count_events(EventFilter())
            assert [e["event_id"] for e in body["events"]] == [e["event_id"] for e in sql.events(EventFilter(),
                                                                                                    limit=10)]
    finally:
        sql.close()


def test_serve_workers_share_one_index(random_db: Path) -> None:
    """``accord serve --workers 2``: two server processes, the parent's index used by both, removed at stop."""
    sql = open_store(str(random_db), read_only=True)
    try:
        expected = {"events": sql.events(EventFilter(country="USA"), limit=50), "total":
                    sql.count_events(EventFilter(country="USA")), "limit": 50, "offset": 0}
    finally:
        sql.close()
    server = start_api(random_db, args=["--workers", "2"])
    try:
        deadline = time.monotonic() + 60
        while "accord serve: indexed" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.1)
        printed = server.output()
        assert "accord serve: indexed" in printed, printed
        directory = Path(printed.split(" MiB in ")[1].split(")")[0])
        assert is_complete(directory)
        children = [p for p in Path("/proc").glob("[0-9]*/stat")
                    if _parent(p) == server.process.pid and "python" in _command(p.parent)]
        assert len(children) >= 2, children
        with httpx.Client(base_url=server.base_url, trust_env=False, timeout=30) as http:
            for _ in range(40):  # new connections: the kernel hands them to either process
                answer = http.get("/api/events", params={"country": "USA"}, headers={"Connection": "close"})
                assert answer.status_code == 200 and answer.json() == expected
    finally:
        server.stop()
    assert not directory.exists()


def test_one_process_server_removes_its_index_on_sigterm(random_db: Path) -> None:
    """uvicorn raises SIGTERM again as it returns: the directory must still go (it once stayed behind)."""
    server = start_api(random_db, args=["--workers", "1"])
    try:
        deadline = time.monotonic() + 60
        while "accord serve: indexed" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.1)
        directory = Path(server.output().split(" MiB in ")[1].split(")")[0])
        assert is_complete(directory)
    finally:
        server.stop()  # SIGTERM
    assert server.process.returncode == 128 + 15 and not directory.exists()


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return None


def _command(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_serve_refuses_workers_for_a_writable_duckdb(random_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ACCORD_API_TOKEN": "secret"}
    done = subprocess.run([str(ACCORD), "serve", "--db", str(random_db), "--port", str(free_port()), "--workers", "2"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "written by one process" in done.stderr


def test_serving_api_answers_pages_equal_to_the_sql(random_db: Path) -> None:
    """The default server (one process per core, at most 4) answers pages equal to the SQL's, index or not."""
    sql = open_store(str(random_db), read_only=True)
    try:
        where = EventFilter(issue="TRADE", quad_class=2)
        expected = sql.events(where, limit=20, offset=3), sql.count_events(where)
    finally:
        sql.close()
    with serving_api(random_db) as base, httpx.Client(base_url=base, trust_env=False, timeout=30) as http:
        body = http.get("/api/events", params={"issue": "TRADE", "quad_class": 2, "limit": 20, "offset": 3}).json()
        assert (body["events"], body["total"]) == expected
