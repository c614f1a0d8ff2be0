"""The REST API over HTTP: the real ``accord serve`` in a subprocess (tests/api_server.py) on the demo store,
checked against the store itself; FastAPI's TestClient only for a few edge cases."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.store import EventFilter, Store, open_store
from tests.api_server import (
    ACCORD,
    HOSTILE_IMG,
    HOSTILE_LINK,
    HOSTILE_SCRIPT,
    ApiProcess,
    build_demo_store,
    free_port,
    serving_api,
    start_api,
)

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "s3cret-token-for-tests"
ALLOWED_ORIGIN = "http://allowed.test"
SMALL_BODY = 4096


@pytest.fixture(scope="module")
def reader(demo_db: str) -> Iterator[Store]:
    """The demo store as the test sees it: read-only, as the server holds it (both may read the file)."""
    store = open_store(demo_db, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(demo_api: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_api, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    """A server with a token (it takes POSTs), one CORS origin and a small body limit, on a store of its own."""
    path = tmp_path_factory.mktemp("writer") / "writer.duckdb"
    build_demo_store(path)
    server = start_api(path, env={"ACCORD_API_TOKEN": TOKEN},
                       args=["--cors", ALLOWED_ORIGIN, "--max-body", str(SMALL_BODY)])
    yield server
    server.stop()


def get(client: httpx.Client, path: str, **params: Any) -> Any:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    return answer.json()


FILTERS: list[dict[str, Any]] = [
    {},
    {"source": "USA"},  # a country code matches USAGOV, USAMIL and USA itself
    {"source": "USAGOV"},  # a longer code is exact
    {"source": "usa", "target": "jpn"},  # codes are case-insensitive
    {"target": "USA"},
    {"country": "THA"},
    {"country": "CHN", "quad_class": 4},
    {"code": "19"},
    {"code": "061"},
    {"issue": "TRADE"},
    {"start": "2025-10-01", "end": "2025-11-30"},
    {"source": "CHN", "target": "USA", "start": "2025-12-01"},
    {"source": "KHM", "target": "JPN"},  # nothing
]


def _where(params: dict[str, Any]) -> EventFilter:
    upper = {k: v.upper() if k in ("source", "target", "country", "issue") else v for k, v in params.items()}
    return EventFilter(**upper)


# ---- reading -------------------------------------------------------------------------------------------------

def test_health_and_security_headers(client: httpx.Client) -> None:
    answer = client.get("/api/health")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
    headers = answer.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "access-control-allow-origin" not in headers


def test_stats_match_the_store(client: httpx.Client, reader: Store, demo_store: Any) -> None:
    stats = get(client, "/api/stats")
    assert stats == reader.stats().to_dict()
    assert stats["events"] == demo_store.events == 50 and stats["documents"] == len(demo_store.doc_hashes)


@pytest.mark.parametrize("params", FILTERS)
def test_totals_match_the_store(client: httpx.Client, reader: Store, params: dict[str, Any]) -> None:
    where = _where(params)
    page = get(client, "/api/events", **params, limit=1000)
    assert page["total"] == reader.count_events(where)
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in reader.events(where)]
    assert (page["limit"], page["offset"]) == (1000, 0)


def test_country_code_matches_its_actors(client: httpx.Client) -> None:
    by_country = get(client, "/api/events", source="USA", limit=1000)
    exact = get(client, "/api/events", source="USAGOV", limit=1000)
    codes = {e["source"]["code"] for e in by_country["events"]}
    assert codes == {"USA", "USAGOV", "USAMIL"}
    assert 0 < exact["total"] < by_country["total"]
    assert {e["source"]["code"] for e in exact["events"]} == {"USAGOV"}


def test_filters_keep_what_they_say(client: httpx.Client) -> None:
    for event in get(client, "/api/events", code="19", limit=1000)["events"]:
        assert event["cameo"].startswith("19")
    for event in get(client, "/api/events", quad_class=3, limit=1000)["events"]:
        assert event["quad_class"] == 3
    for event in get(client, "/api/events", issue="trade", limit=1000)["events"]:
        assert "TRADE" in event["issues"]
    dated = get(client, "/api/events", start="2025-10-01", end="2025-10-31", limit=1000)["events"]
    assert dated and all("2025-10-01" <= e["date"] <= "2025-10-31" for e in dated)
    both = get(client, "/api/events", country="THA", limit=1000)["events"]
    assert both and all("THA" in (e["source"]["country"], e["target"]["country"]) for e in both)


def test_pagination_pages_are_disjoint_and_complete(client: httpx.Client) -> None:
    everything = get(client, "/api/events", limit=1000)
    ids = [e["event_id"] for e in everything["events"]]
    assert len(ids) == everything["total"] == len(set(ids))
    pages = []
    for offset in range(0, everything["total"] + 7, 7):
        page = get(client, "/api/events", limit=7, offset=offset)
        assert page["total"] == everything["total"] and page["offset"] == offset
        pages.append([e["event_id"] for e in page["events"]])
    assert pages[-1] == [] and all(len(p) == 7 for p in pages[:-2])
    flat = [i for page in pages for i in page]
    assert flat == ids  # in order, no event twice, none missing
    assert get(client, "/api/events", limit=0)["events"] == []


def test_series_sum_to_event_counts(client: httpx.Client, reader: Store) -> None:
    directed = get(client, "/api/dyads/USA/JPN/series")
    assert (directed["source"], directed["target"], directed["freq"], directed["directed"]) == ("USA", "JPN", "month",
                                                                                                True)
    rows = directed["series"]
    assert len(rows) == 6 and [r["period"] for r in rows] == sorted(r["period"] for r in rows)
    assert sum(r["events"] for r in rows) == reader.count_events(EventFilter(source="USA", target="JPN"))
    for row in rows:
        assert row["events"] == row["quad1"] + row["quad2"] + row["quad3"] + row["quad4"]
        assert row["cooperation"] + row["conflict"] == row["events"]
        assert row["index_low"] <= row["index"] <= row["index_high"]
    assert set(directed["momentum"]) >= {"slope", "low", "high", "periods", "direction"}
    both = get(client, "/api/dyads/usa/chn/series", directed="false", freq="week")
    assert both["directed"] is False and both["freq"] == "week"
    assert sum(r["events"] for r in both["series"]) == (reader.count_events(EventFilter(source="USA", target="CHN"))
                                                         + reader.count_events(EventFilter(source="CHN", target="USA")))
    narrowed = get(client, "/api/dyads/USA/JPN/series", issue="TRADE", start="2025-09-01", end="2025-12-31")
    assert sum(r["events"] for r in narrowed["series"]) == reader.count_events(
        EventFilter(source="USA", target="JPN", issue="TRADE", start="2025-09-01", end="2025-12-31")) > 0
    compared = get(client, "/api/compare", dyad=["USA-JPN", "THA-KHM"])["dyads"]
    assert [(d["source"], d["target"]) for d in compared] == [("USA", "JPN"), ("THA", "KHM")]
    assert compared[0]["series"] == rows
    assert sum(r["events"] for r in compared[1]["series"]) == reader.count_events(EventFilter(source="THA",
                                                                                              target="KHM"))


def test_top_actors_and_network(client: httpx.Client, reader: Store) -> None:
    top = get(client, "/api/events/top", limit=5)["events"]
    assert len(top) == 5 and all(abs(e["goldstein"]) == 10.0 for e in top[:1])
    actors = get(client, "/api/actors", limit=3)["actors"]
    assert len(actors) == 3 and actors[0]["code"] == "USAGOV"
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    graph = get(client, "/api/network")
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert edges["USA", "JPN"]["events"] == reader.count_events(EventFilter(source="USA", target="JPN"))
    assert edges["THA", "KHM"]["events"] == reader.count_events(EventFilter(source="THA", target="KHM"))
    assert {n["id"] for n in graph["nodes"]} >= {"USA", "JPN", "CHN", "THA", "KHM"}
    assert get(client, "/api/network", level="actor", min_events=5)["edges"]


def test_hostile_document_comes_back_as_data(client: httpx.Client, demo_store: Any) -> None:
    answer = client.get(f"/api/documents/{demo_store.hostile_hash}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    view = answer.json()
    assert HOSTILE_SCRIPT in view["title"] and HOSTILE_IMG in view["title"] and view["url"] == HOSTILE_LINK
    text = view["text"]
    [event] = view["events"]
    for span, words in ((event["source"], HOSTILE_SCRIPT), (event["trigger"], HOSTILE_IMG),
                        (event["target"], HOSTILE_LINK)):
        assert span["text"] == words and text[span["start"]:span["end"]] == words


def test_documents_unknown_and_malformed(client: httpx.Client) -> None:
    answer = client.get("/api/documents/" + "0" * 64)
    assert answer.status_code == 404 and answer.json() == {"detail": "no such document"}
    assert client.get("/api/documents/not-a-hash").status_code == 422
    assert client.get("/api/nothing-here").status_code == 404


HOSTILE = ["'; DROP TABLE events;--", "USA' OR '1'='1", "<script>", "U", "ABCDEFGHIJKLM", "US A", "ÜSA", "%00"]
BAD_PARAMS: list[tuple[str, dict[str, Any]]] = [
    *[("/api/events", {name: value}) for name in ("source", "target", "country") for value in HOSTILE],
    ("/api/events", {"code": "1"}), ("/api/events", {"code": "05a"}), ("/api/events", {"code": "'; DROP"}),
    ("/api/events", {"quad_class": 5}), ("/api/events", {"quad_class": "x"}),
    ("/api/events", {"issue": "TRADE'--"}), ("/api/events", {"issue": "a b"}),
    ("/api/events", {"start": "2025-13-01"}), ("/api/events", {"start": "2025-02-30"}),
    ("/api/events", {"end": "yesterday"}), ("/api/events", {"start": "2025-1-1"}),
    ("/api/events", {"start": "1700000000"}), ("/api/events", {"end": "2025-10-28T00:00:00"}),
    ("/api/events", {"limit": 1001}), ("/api/events", {"limit": -1}), ("/api/events", {"offset": -1}),
    ("/api/events/top", {"limit": 5000}), ("/api/actors", {"limit": 1001}), ("/api/actors", {"source": HOSTILE[0]}),
    ("/api/network", {"level": "planet"}), ("/api/network", {"min_events": 0}), ("/api/network", {"limit": 0}),
    ("/api/dyads/USA/JPN/series", {"freq": "year"}), ("/api/dyads/USA/JPN/series", {"freq": "'; DROP"}),
    ("/api/dyads/USA/JPN/series", {"directed": "maybe"}), ("/api/dyads/USA/JPN/series", {"window": 1}),
    ("/api/dyads/USA/JPN/series", {"start": "2025-10"}),
    ("/api/dyads/USA'--/JPN/series", {}), ("/api/dyads/USA/%3Cscript%3E/series", {}),
    ("/api/compare", {}), ("/api/compare", {"dyad": "USA"}), ("/api/compare", {"dyad": "USA-JPN-CHN"}),
    ("/api/compare", {"dyad": ["USA-JPN", "'; DROP TABLE events;--"]}),
    ("/api/compare", {"dyad": [f"USA-C{i:02d}" for i in range(13)]}),
]


@pytest.mark.parametrize(("path", "params"), BAD_PARAMS)
def test_bad_parameters_are_422(client: httpx.Client, path: str, params: dict[str, Any]) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 422, (path, params, answer.text)
    body = answer.json()
    assert isinstance(body["detail"], list) and body["detail"][0]["loc"]
    assert "Traceback" not in answer.text


def test_store_untouched_after_hostile_requests(client: httpx.Client, reader: Store) -> None:
    for value in HOSTILE:
        client.get("/api/events", params={"source": value})
    assert get(client, "/api/stats")["events"] == reader.count_events(EventFilter()) == 50


def test_openapi_document(client: httpx.Client) -> None:
    spec = get(client, "/openapi.json")
    assert re.fullmatch(r"3\.\d+\.\d+", spec["openapi"]) and spec["info"]["title"] == "accord"
    table = [line for line in (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]  # the REST table's rows
    documented = re.findall(r"`(GET|POST) (/[^`?\s]*)", "\n".join(table))
    assert len(documented) >= 11
    for method, path in documented:
        assert path in spec["paths"], path
        assert method.lower() in spec["paths"][path], (method, path)
    operations = [op for item in spec["paths"].values() for op in item.values()]
    assert all("200" in op["responses"] for op in operations)
    events = spec["paths"]["/api/events"]["get"]
    names = {p["name"]: p for p in events["parameters"]}
    assert set(names) >= {"source", "target", "country", "code", "quad_class", "issue", "start", "end", "limit",
                          "offset"}
    assert names["limit"]["schema"]["maximum"] == 1000
    # every $ref resolves
    schemas = spec["components"]["schemas"]
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(spec))
    assert refs and all(ref in schemas for ref in refs)
    assert "/docs" not in spec["paths"] and client.get("/docs").status_code == 404  # no CDN-loaded Swagger UI


def test_dashboard_and_static(client: httpx.Client) -> None:
    from accord.web import INDEX_HTML

    answer = client.get("/")
    if not INDEX_HTML.exists():
        assert answer.status_code == 404 and answer.json()["detail"]
        return
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in answer.headers and answer.headers["x-frame-options"] == "DENY"
    assert client.get("/static/../../pyproject.toml").status_code == 404


# ---- writing -------------------------------------------------------------------------------------------------

POSTED = {"text": "U.S. President Donald Trump criticized China over its trade practices on Tuesday.",
          "date": "2019-03-05", "title": "Trump criticizes China", "source": "Test Wire", "id": "posted-1"}


def test_post_is_forbidden_without_a_token(client: httpx.Client) -> None:
    for path, body in (("/api/documents", POSTED), ("/api/documents/batch", {"documents": [POSTED]})):
        answer = client.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 403 and "token" in answer.json()["detail"]
    assert get(client, "/api/events", start="2019-03-05", end="2019-03-05")["total"] == 0


def test_post_needs_the_right_token(writer: ApiProcess) -> None:
    url = f"{writer.base_url}/api/documents"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"},
                    {"Authorization": "Bearer ünïcode".encode()}):
        answer = httpx.post(url, json=POSTED, headers=headers, timeout=30)
        assert answer.status_code == 401, (headers, answer.text)
        assert answer.headers["www-authenticate"] == "Bearer"


def test_post_ingests_exactly_once(writer: ApiProcess) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=writer.base_url, timeout=120, headers=auth) as http:
        first = http.post("/api/documents", json=POSTED)
        assert first.status_code == 200, first.text
        summary = first.json()
        assert (summary["coded"], summary["documents_added"]) == (1, 1) and summary["events_written"] >= 1
        again = http.post("/api/documents/batch", json={"documents": [POSTED]})
        assert again.status_code == 200 and again.json()["duplicates"] == 1 and again.json()["documents_added"] == 0
        page = get(http, "/api/events", source="USA", target="CHN", start="2019-03-05", end="2019-03-05")
        assert page["total"] == 1 and len(page["events"]) == 1
        [event] = page["events"]
        assert event["source"]["code"] == "USAGOV" and event["num_articles"] == 1
        document = get(http, f"/api/documents/{event['doc_hash']}")
        assert document["title"] == POSTED["title"] and document["outlet"] == "Test Wire"
        bad = http.post("/api/documents", json={"text": "x", "date": "2019-02-30"})
        assert bad.status_code == 422
        assert http.post("/api/documents", json={"text": "x", "unknown": 1}).status_code == 422
        assert http.post("/api/documents/batch", json={"documents": []}).status_code == 422


def test_body_over_the_limit_is_413(writer: ApiProcess, client: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "word " * SMALL_BODY}
    answer = httpx.post(f"{writer.base_url}/api/documents", json=big, headers=auth, timeout=30)
    assert answer.status_code == 413 and "over" in answer.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding chunked
        yield b'{"text": "'
        for _ in range(SMALL_BODY // 512 + 2):
            yield b"word " * 100
        yield b'"}'

    chunked = httpx.post(f"{writer.base_url}/api/documents", content=chunks(),
                         headers={**auth, "Content-Type": "application/json"}, timeout=30)
    assert chunked.status_code == 413 and "over" in chunked.json()["detail"]
    small = httpx.post(f"{writer.base_url}/api/documents", json={"text": "x" * 100, "date": "2019-13-01"},
                       headers=auth, timeout=30)
    assert small.status_code == 422  # under the limit: read and validated
    default = client.post("/api/documents", content=b"x" * (1_048_576 + 1),
                          headers={"Content-Type": "application/json"})
    assert default.status_code == 413  # the default limit, 1 MiB, before anything else


# ---- CORS, binding, start-up errors ------------------------------------------------------------------------------

def test_cors_only_for_configured_origins(client: httpx.Client, writer: ApiProcess) -> None:
    assert "access-control-allow-origin" not in client.get("/api/health",
                                                           headers={"Origin": ALLOWED_ORIGIN}).headers
    allowed = httpx.get(f"{writer.base_url}/api/health", headers={"Origin": ALLOWED_ORIGIN}, timeout=10)
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    other = httpx.get(f"{writer.base_url}/api/health", headers={"Origin": "http://evil.test"}, timeout=10)
    assert "access-control-allow-origin" not in other.headers
    preflight = httpx.options(f"{writer.base_url}/api/documents", timeout=10, headers={
        "Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (Linux /proc/net/tcp*), as hex."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_binds_loopback_by_default(writer: ApiProcess) -> None:
    assert f"accord: dashboard at http://127.0.0.1:{writer.port}/" in writer.output()
    assert TOKEN not in writer.output()
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read the listening socket from")
    assert _listening_addresses(writer.port) == {"0100007F"}  # 127.0.0.1, and nothing else


def test_port_taken_and_missing_store_exit_2(demo_db: str, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([str(ACCORD), "serve", "--db", demo_db, "--port", str(port)], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2 and "cannot listen on 127.0.0.1" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    missing = subprocess.run([str(ACCORD), "serve", "--db", str(tmp_path / "none.duckdb"), "--port",
                              str(free_port())], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "accord ingest creates it" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database" * 100)
    broken = subprocess.run([str(ACCORD), "serve", "--db", str(junk), "--port", str(free_port())],
                            capture_output=True, text=True, timeout=60)
    assert broken.returncode == 2 and "cannot open the store" in broken.stderr and "Traceback" not in broken.stderr


def test_writer_holds_the_file(writer: ApiProcess) -> None:
    """A server with a token has the DuckDB file open to write: no other process can open it meanwhile."""
    path = writer.command[writer.command.index("--db") + 1]
    done = subprocess.run([str(ACCORD), "stats", "--db", path], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "cannot open the store" in done.stderr


# ---- edge cases in process ------------------------------------------------------------------------------------

def test_internal_errors_are_json_without_traceback(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from accord.api import create_app

    path = tmp_path / "edge.duckdb"
    build_demo_store(path)
    app = create_app(str(path))
    app.state.stores.close()  # every query now fails
    with TestClient(app, raise_server_exceptions=False) as http:
        answer = http.get("/api/stats")
        assert answer.status_code == 500 and answer.json() == {"detail": "internal error"}
        assert "Traceback" not in answer.text and "closed" not in answer.text
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_missing_dashboard_is_404(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    import accord.web
    from accord.api import create_app

    monkeypatch.setattr(accord.web, "INDEX_HTML", tmp_path / "missing" / "index.html")
    monkeypatch.setattr(accord.web, "STATIC_DIR", tmp_path / "missing")
    path = tmp_path / "edge.duckdb"
    build_demo_store(path)
    with TestClient(create_app(str(path))) as http:
        answer = http.get("/")
        assert answer.status_code == 404 and "dashboard" in answer.json()["detail"]
        assert http.get("/static/app.js").status_code == 404
        assert http.get("/api/health").json() == {"status": "ok"}


# ---- PostgreSQL --------------------------------------------------------------------------------------------------

def test_totals_over_postgresql(postgres_url: str) -> None:
    build_demo_store(postgres_url)
    store = open_store(postgres_url, read_only=True)
    try:
        with serving_api(postgres_url) as url, httpx.Client(base_url=url, timeout=30) as http:
            for params in FILTERS:
                page = get(http, "/api/events", **params, limit=1000)
                assert page["total"] == store.count_events(_where(params)) == len(page["events"]), params
            series = get(http, "/api/dyads/USA/JPN/series")["series"]
            assert sum(r["events"] for r in series) == store.count_events(EventFilter(source="USA", target="JPN"))
            assert get(http, "/api/stats") == store.stats().to_dict()
            assert http.post("/api/documents", json=POSTED).status_code == 403
    finally:
        store.close()


def test_read_only_duckdb_answers_repeats_from_memory(tmp_path: Path) -> None:
    """A DuckDB file held read-only cannot change: a repeated GET is answered without the store."""
    from fastapi.testclient import TestClient

    from accord.api import create_app

    path = tmp_path / "cache.duckdb"
    build_demo_store(path)
    app = create_app(str(path))
    with TestClient(app, raise_server_exceptions=False) as http:
        first = http.get("/api/events", params={"source": "USA", "limit": 5})
        assert first.status_code == 200
        app.state.stores.close()  # from here on every query fails
        again = http.get("/api/events", params={"source": "USA", "limit": 5})
        assert again.status_code == 200 and again.json() == first.json()
        assert again.headers["x-content-type-options"] == "nosniff"
        assert http.get("/api/events", params={"source": "USA", "limit": 6}).status_code == 500
        assert http.get("/api/events", params={"source": "'; DROP"}).status_code == 422
