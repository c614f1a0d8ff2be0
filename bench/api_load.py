"""Benchmark: the REST API under load. 50 concurrent clients against the real ``accord serve`` on a DuckDB store
of one million synthetic events, with the same queries called directly through the Python API as the baseline,
measured in the same run. Goal (issue 6): p95 < 100 ms per endpoint.

    .venv/bin/python bench/api_load.py [--keep PATH] [--events 1000000] [--clients 50] [--requests 2000]
                                       [--seconds 30] [--baseline 100] [--cache miss|real]
                                       [--endpoints health,series,events,events_deep,network,stats,document]

The store is built by bench/store_dyad.py's builder (one INSERT ... SELECT, seconds), plus 1,000 documents
with the mentions of their 4,000 events so that ``/api/documents/{hash}`` has something to show; ``--keep PATH``
builds it there and reuses it on the next run. The server is the real one (``.venv/bin/accord serve --db PATH
--port P``, bound to 127.0.0.1 on a free port), started as a subprocess, waited for on ``/api/health`` and
always stopped at the end, Ctrl-C included.

Per endpoint, in this order, each on the same pre-drawn list of varied requests (seeded, so runs compare):

1. ``direct``: the query through the Python API (``accord.analysis`` / ``Store``) in one thread, no HTTP: the
   first ``--baseline`` requests of the list, before the server starts (DuckDB lets one process open the file).
2. ``http x1``: the same requests over HTTP, one client, one after the other: the cost of HTTP, FastAPI and
   JSON on top of the query, without queueing.
3. ``http x50``: ``--clients`` threads, one keep-alive ``http.client`` connection each, sharing ``--requests``
   requests (or ``--seconds``, whichever ends first), after ``--warmup`` requests that are not counted.

The server keeps answers of a read-only DuckDB store in a response cache. By default (``--cache miss``) every
URL gets a parameter of its own that the API ignores (``&_=x50-17``), so each request runs its query: the
worst case, and the figure for the query path. ``--cache real`` sends the URLs as drawn: the lists repeat
popular pairs and filters, as a dashboard does, and repeats are answered from memory.

Endpoints: ``series`` (/api/dyads/S/T/series?freq=month over varied pairs, some undirected or filtered),
``events`` (/api/events with varied filters, limit=50, offsets 0 to 1,000), ``events_deep`` (the same with
offsets 5,000 to 500,000), ``network``, ``stats``, ``document`` (/api/documents/{hash}) and ``health``
(no query at all: the floor that HTTP, FastAPI and the clients themselves set on this machine).
Printed per endpoint and mode: requests, errors (non-200 or failed), p50, p95, p99 and max latency in ms,
throughput in requests/s, the CPU time per request of the server process and of this (client) process, and
the ratios of the HTTP p50 to the direct p50; then the goal line, and last one JSON line with every figure.

Machine caveat: on a 2-core machine the 50 client threads and the server share the two cores, and the loop is
closed (a client sends its next request when its last one is answered). By Little's law the mean latency is
then clients / throughput: p95 < 100 ms with 50 clients needs well over 500 requests/s, i.e. about 3 ms of CPU
per request for server and client together at most. The CPU columns show where the time goes (the server's
counts its worker processes too); the ``http x1`` rows show the latency one user sees on an idle server.
Compare figures only from the same machine, and from runs with nothing else running (``uptime`` before).
``--server-workers N`` sets ``accord serve --workers`` (default: its own default, one process per core).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.store_dyad import COUNTRIES, build_store  # noqa: E402

CLI = ROOT / ".venv" / "bin" / "accord"
GOAL_MS = 100.0
ENDPOINTS = ("health", "series", "events", "events_deep", "network", "stats", "document")
DOCUMENTS = 1000  # documents given mentions (4 events each) so that /api/documents/{hash} answers
SENTENCE = "A synthetic sentence about two actors. "  # each document is four of these

# Pairs people ask about, then random ones from the builder's countries.
PAIRS = [("USA", "JPN"), ("USA", "CHN"), ("RUS", "UKR"), ("CHN", "USA"), ("USA", "RUS"), ("ISR", "IRN"),
         ("IND", "PAK"), ("GBR", "FRA"), ("KOR", "PRK"), ("DEU", "RUS"), ("USA", "MEX"), ("CHN", "JPN")]
SHALLOW_OFFSETS = [0, 0, 0, 50, 100, 200, 500, 1000]
DEEP_OFFSETS = [5000, 10000, 20000, 50000, 100000, 200000, 500000]

# ---- the store ---------------------------------------------------------------------------------------------------

ADD_DOCUMENTS = [
    # document n is the four events whose doc_hash the builder wrote as 'doc' || n; its hash becomes a SHA-256
    f"""INSERT INTO documents
    SELECT sha256('doc' || n), 'd' || n, DATE '2016-01-01' + CAST(n % 3653 AS INTEGER),
           'https://news.example/' || n, 'Synthetic document ' || n, 'Outlet ' || (n % 7), 'bench',
           repeat('{SENTENCE}', 4), TIMESTAMP '2026-01-01 00:00:00'
    FROM range($docs) t(n)""",
    # mentions: offsets into the document's text, sentence k starting at k * len(SENTENCE)
    f"""INSERT INTO mentions
    SELECT story_key, sha256(doc_hash), doc_id, event_id, sentence, 'A synthetic sentence about two actors.',
           'sentence', sentence * {len(SENTENCE)} + 12, sentence * {len(SENTENCE)} + 20,
           'synthetic', sentence * {len(SENTENCE)} + 2, sentence * {len(SENTENCE)} + 11,
           'actors', sentence * {len(SENTENCE)} + 31, sentence * {len(SENTENCE)} + 37,
           'bench', 'Outlet ' || (CAST(substr(doc_hash, 4) AS BIGINT) % 7)
    FROM events WHERE doc_hash IN (SELECT 'doc' || n FROM range($docs) t(n))""",
    "UPDATE events SET doc_hash = sha256(doc_hash) WHERE doc_hash IN (SELECT 'doc' || n FROM range($docs) t(n))",
    "CHECKPOINT",
]


def prepare_store(path: Path, events: int) -> dict[str, Any]:
    """Builds the store at ``path`` unless it already holds events; adds the documents when it has none."""
    from accord.store import EventFilter
    from accord.store.duckdb_store import DuckDBStore

    info: dict[str, Any] = {"path": str(path), "built_s": None}
    if path.exists():
        store = DuckDBStore(path)
        stored = store.count_events(EventFilter())
        store.close()
    else:
        stored = 0
    if not stored:
        stored, info["built_s"] = build_store(path, events)
    store = DuckDBStore(path)
    try:
        if not store._run("SELECT count(*) FROM documents")[0][0]:
            for sql in ADD_DOCUMENTS:
                store._con.execute(sql, {"docs": DOCUMENTS} if "$docs" in sql else None)
        info["events"] = stored
        info["documents"] = int(store._run("SELECT count(*) FROM documents")[0][0])
        info["doc_hashes"] = [row[0] for row in store._run(
            "SELECT doc_hash FROM documents ORDER BY doc_hash LIMIT 200")]
    finally:
        store.close()
    info["mib"] = round(path.stat().st_size / 2**20)
    return info


# ---- the requests: (url, direct call) pairs, drawn once -------------------------------------------------------------

def _filters(rng: random.Random) -> dict[str, Any]:
    """Varied /api/events filters (as query parameters)."""
    kind = rng.randrange(8)
    a, b = rng.choice(PAIRS)
    if kind == 0:
        return {}
    if kind == 1:
        return {"country": rng.choice(COUNTRIES)}
    if kind == 2:
        return {"source": a, "target": b}
    if kind == 3:
        return {"country": a, "quad_class": rng.randint(1, 4)}
    if kind == 4:
        year = rng.randint(2016, 2025)
        return {"start": f"{year}-01-01", "end": f"{year}-12-31", "quad_class": rng.randint(1, 4)}
    if kind == 5:
        return {"code": f"{rng.randint(1, 20):02d}", "source": a}
    if kind == 6:
        return {"issue": "TRADE", "country": a}
    return {"source": a + rng.choice(["GOV", "MIL", "BUS"]), "start": f"{rng.randint(2016, 2024)}-06-01"}


def _event_filter(params: dict[str, Any]):
    from accord.store import EventFilter

    fields = {k: v for k, v in params.items() if k in EventFilter.__dataclass_fields__}
    return EventFilter(**fields)


def make_requests(endpoint: str, n: int, seed: int, doc_hashes: list[str]) -> list[tuple[str, Callable]]:
    """``n`` requests of one endpoint: the URL path and a function of an open Store that runs the same query
    through the Python API (what the endpoint answers, before JSON)."""
    from accord import analysis

    rng = random.Random(f"{seed}-{endpoint}")
    out: list[tuple[str, Callable]] = []
    for _ in range(n):
        if endpoint == "series":
            source, target = rng.choice(PAIRS) if rng.random() < 0.7 else rng.sample(sorted(set(COUNTRIES)), 2)
            params: dict[str, Any] = {"freq": "month"}
            if rng.random() < 0.2:
                params["directed"] = "false"
            if rng.random() < 0.2:
                params["issue"] = "TRADE"
            if rng.random() < 0.2:
                params["start"] = f"{rng.randint(2016, 2024)}-01-01"

            def call(store, s=source, t=target, p=params):
                where = _event_filter({k: v for k, v in p.items() if k in ("issue", "start")})
                series = analysis.dyad_series(store, s, t, "month", directed=p.get("directed") != "false",
                                              where=where)
                return {"series": series, "momentum": analysis.momentum(series, window=6)}

            out.append((f"/api/dyads/{source}/{target}/series?{urlencode(params)}", call))
        elif endpoint in ("events", "events_deep"):
            params = _filters(rng)
            offset = rng.choice(SHALLOW_OFFSETS if endpoint == "events" else DEEP_OFFSETS)
            query = {**params, "limit": 50, "offset": offset}

            def call(store, p=params, o=offset):
                where = _event_filter(p)
                return {"events": store.events(where, limit=50, offset=o), "total": store.count_events(where)}

            out.append((f"/api/events?{urlencode(query)}", call))
        elif endpoint == "network":
            params = {} if rng.random() < 0.5 else _filters(rng)
            params.pop("source", None)
            params.pop("target", None)
            query = {"level": "country", "min_events": 1, "limit": 200, **params}

            def call(store, p=params):
                return analysis.network(store, _event_filter(p), level="country", min_events=1, limit=200)

            out.append((f"/api/network?{urlencode(query)}", call))
        elif endpoint == "health":  # no query: the floor that HTTP, FastAPI and the clients set
            out.append(("/api/health", lambda store: {"status": "ok"}))
        elif endpoint == "stats":
            out.append(("/api/stats", lambda store: store.stats().to_dict()))
        elif endpoint == "document":
            doc_hash = rng.choice(doc_hashes)
            out.append((f"/api/documents/{doc_hash}", lambda store, h=doc_hash: analysis.document_view(store, h)))
        else:
            raise ValueError(f"unknown endpoint {endpoint!r}")
    return out


# ---- measuring -------------------------------------------------------------------------------------------------------

def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pid: int | None) -> float | None:
    """User + system CPU seconds of a process and of its live child processes (the server processes of
    ``accord serve --workers N``; Linux /proc), reaped children included."""
    if pid is None:
        return None
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total += sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
            found = True
    return total if found else None


def summarize(latencies: list[float], errors: int, wall: float, cpu_server: float | None,
              cpu_client: float) -> dict[str, Any]:
    done = len(latencies)
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float | None:
        if not ms:
            return None
        return round(ms[min(len(ms), max(1, math.ceil(p / 100 * len(ms)))) - 1], 1)  # nearest rank

    return {"requests": done, "errors": errors, "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "max": round(ms[-1], 1) if ms else None, "mean": round(statistics.fmean(ms), 1) if ms else None,
            "rps": round(done / wall, 1) if wall > 0 else None, "wall_s": round(wall, 2),
            "server_cpu_ms": round(cpu_server * 1000 / done, 2) if cpu_server is not None and done else None,
            "client_cpu_ms": round(cpu_client * 1000 / done, 2) if done else None}


def run_direct(store, requests: list[tuple[str, Callable]], seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    cpu0, start = _cpu_self(), time.perf_counter()
    for _, call in requests:
        began = time.perf_counter()
        call(store)
        latencies.append(time.perf_counter() - began)
        if began - start > seconds:
            break
    wall = time.perf_counter() - start
    return summarize(latencies, 0, wall, None, _cpu_self() - cpu0)


def run_http(base: str, requests: list[tuple[str, Callable]], clients: int, seconds: float,
             server_pid: int | None, stop: threading.Event, bust: str | None = None) -> dict[str, Any]:
    """``clients`` threads, each with its own keep-alive connection, take the next request of the list until
    it or ``seconds`` runs out. With ``bust``, each URL gets a parameter of its own (``_=BUSTN``, which the API
    ignores), so that no answer comes from the server's response cache. The clients use the standard
    library's http.client: about a tenth of httpx's CPU per request, CPU the server shares on this machine."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(base)
    lock = threading.Lock()
    state = {"next": 0, "errors": 0}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        mine: list[float] = []
        errors = 0
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        try:
            while not stop.is_set() and time.perf_counter() < deadline:
                with lock:
                    index = state["next"]
                    state["next"] += 1
                if index >= len(requests):
                    break
                url = requests[index][0]
                if bust is not None:
                    url += f"{'&' if '?' in url else '?'}_={bust}{index}"
                began = time.perf_counter()
                try:
                    connection.request("GET", url)
                    answer = connection.getresponse()
                    answer.read()
                    ok = answer.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    connection.close()  # reconnects on the next request
                mine.append(time.perf_counter() - began)
                errors += not ok
        finally:
            connection.close()
        with lock:
            latencies.extend(mine)
            state["errors"] += errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    cpu_server0, cpu0, start = _cpu_of(server_pid), _cpu_self(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # joined in slices, so that Ctrl-C reaches the main thread
            thread.join(0.2)
    wall = time.perf_counter() - start
    cpu_server1 = _cpu_of(server_pid)
    cpu_server = cpu_server1 - cpu_server0 if cpu_server0 is not None and cpu_server1 is not None else None
    return summarize(latencies, state["errors"], wall, cpu_server, _cpu_self() - cpu0)


# ---- the server ------------------------------------------------------------------------------------------------------

def _check(url: str, got: Any, want: Any) -> int:
    """1 when the server's answer holds the direct answer (the keys both have, for the top dict); else raises."""
    if isinstance(got, dict) and isinstance(want, dict):
        shared = set(got) & set(want)
        got, want = {k: got[k] for k in shared}, {k: want[k] for k in shared}
    if not _same(got, want):
        raise RuntimeError(f"{url}: the server's answer differs from the direct one")
    return 1


def _same(a: Any, b: Any) -> bool:
    """Equal, numbers within 1e-4: a mean rounded to 4 decimals may round either way where the exact mean is a
    tie, as sums taken in another order differ in their last bits (accord/store/snapshot.py)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) <= 1.0001e-4
    return a == b


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


INDEXED = ("accord serve: indexed", "accord serve: no event index")  # what serve prints when the build ends


def start_server(db: Path, port: int, log: Path, timeout: float, workers: int) -> subprocess.Popen:
    """``accord serve`` on ``db``, once it answers and has built its event index (the steady state)."""
    import httpx

    cli = CLI if CLI.exists() else Path(sys.executable).parent / "accord"
    env = {**os.environ}
    env.pop("ACCORD_API_TOKEN", None)  # read-only: the benchmark never writes
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(cli), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(workers)],
                                stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)  # Ctrl-C reaches us, and we stop it
    deadline = time.monotonic() + timeout
    healthy = False
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=2, trust_env=False) as client:
            while not healthy and time.monotonic() < deadline and proc.poll() is None:
                with contextlib.suppress(httpx.HTTPError):
                    healthy = client.get("/api/health").status_code == 200 and \
                        any(line in log.read_text(errors="replace") for line in INDEXED)
                if not healthy:
                    time.sleep(0.2)
    finally:  # not healthy in time, or Ctrl-C while waiting: the server goes too
        if not healthy:
            stop_server(proc)
    if healthy:
        return proc
    tail = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"accord serve did not answer /api/health and index within {timeout:.0f} s "
                       f"(exit {proc.returncode}); its output:\n{tail}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# ---- output ---------------------------------------------------------------------------------------------------------

def _fmt(value: Any, width: int, digits: int = 1) -> str:
    if value is None:
        return "-".rjust(width)
    return f"{value:{width},.{digits}f}" if isinstance(value, float) else f"{value:{width},}"


def print_row(endpoint: str, mode: str, row: dict[str, Any]) -> None:
    print(f"{endpoint:12s} {mode:9s} {_fmt(row['requests'], 6)} {_fmt(row['errors'], 5)} "
          f"{_fmt(row['p50'], 8)} {_fmt(row['p95'], 8)} {_fmt(row['p99'], 8)} {_fmt(row['max'], 8)} "
          f"{_fmt(row['rps'], 8)} {_fmt(row['server_cpu_ms'], 7, 2)} {_fmt(row['client_cpu_ms'], 7, 2)}",
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the store here and keep it; reused when it exists")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="counted requests per endpoint (x clients)")
    parser.add_argument("--seconds", type=float, default=30.0, help="cap per endpoint and mode")
    parser.add_argument("--baseline", type=int, default=100, help="requests per endpoint, direct and http x1")
    parser.add_argument("--warmup", type=int, default=20, help="uncounted requests per endpoint first")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS), help=f"comma-separated: {','.join(ENDPOINTS)}")
    parser.add_argument("--start-timeout", type=float, default=120.0,
                        help="seconds the server may take to answer and build its event index")
    parser.add_argument("--server-workers", type=int, default=0,
                        help="accord serve --workers (0: its default, one process per core up to 4)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--cache", choices=("miss", "real"), default="miss",
                        help="miss: every URL made unique, so the server's response cache never answers (the "
                             "query path is measured); real: URLs as drawn, repeats may be answered from it")
    args = parser.parse_args()
    endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if unknown := sorted(set(endpoints) - set(ENDPOINTS)):
        parser.error(f"unknown endpoints: {', '.join(unknown)}")

    from accord.store.duckdb_store import DuckDBStore

    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.duckdb"
        info = prepare_store(path, args.events)
        built = f"built in {info['built_s']:.1f} s" if info["built_s"] is not None else "reused"
        print(f"store: {info['events']:,} events, {info['documents']:,} documents, {built} "
              f"({info['mib']} MiB, DuckDB, {path})")
        print(f"machine: {os.cpu_count()} CPUs; {args.clients} clients, up to {args.requests:,} requests or "
              f"{args.seconds:.0f} s per endpoint; baseline {args.baseline} requests, one thread; server cache: "
              f"{'bypassed (unique URLs)' if args.cache == 'miss' else 'as it comes (URLs repeat)'}")
        plans = {e: make_requests(e, args.warmup + args.requests, args.seed, info["doc_hashes"]) for e in endpoints}

        # 1. direct, before the server opens the file
        results: dict[str, dict[str, Any]] = {e: {} for e in endpoints}
        expected: dict[str, Any] = {}  # the warm-up answers, which the server's must equal
        store = DuckDBStore(path)
        try:
            for endpoint, plan in plans.items():
                for url, call in plan[:args.warmup]:
                    expected[url] = json.loads(json.dumps(call(store)))
                results[endpoint]["direct"] = run_direct(store, plan[args.warmup:args.warmup + args.baseline],
                                                         args.seconds)
        finally:
            store.close()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        stop = threading.Event()
        started = time.perf_counter()
        log = Path(tmp) / "serve.log"
        proc = start_server(path, port, log, args.start_timeout, args.server_workers)
        try:
            said = [line for line in log.read_text(errors="replace").splitlines() if line.startswith(INDEXED)]
            print(f"server: accord serve --workers {args.server_workers or 'default'} on {base} (pid {proc.pid}), "
                  f"healthy and indexed after {time.perf_counter() - started:.1f} s; {' '.join(said)}")
            import httpx

            checked = 0
            with httpx.Client(base_url=base, timeout=60, trust_env=False) as client:
                for plan in plans.values():  # warm-up, not counted; a wrong answer stops the run
                    for url, _ in plan[:args.warmup]:
                        answer = client.get(url)
                        if answer.status_code != 200:
                            raise RuntimeError(f"warm-up {url}: HTTP {answer.status_code}: {answer.text[:300]}")
                        checked += _check(url, answer.json(), expected[url])
            print(f"answers: {checked} warm-up answers of the server equal the direct ones")
            for endpoint, plan in plans.items():
                counted = plan[args.warmup:]
                bust = "x1-" if args.cache == "miss" else None
                results[endpoint]["http x1"] = run_http(base, counted[:args.baseline], 1, args.seconds, proc.pid,
                                                        stop, bust)
                bust = f"x{args.clients}-" if args.cache == "miss" else None
                results[endpoint][f"http x{args.clients}"] = run_http(base, counted, args.clients, args.seconds,
                                                                      proc.pid, stop, bust)
        except KeyboardInterrupt:
            stop.set()
            print("interrupted: stopping the server", file=sys.stderr)
            return 130
        finally:
            stop.set()
            stop_server(proc)

    print()
    print(f"{'endpoint':12s} {'mode':9s} {'reqs':>6s} {'errs':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
          f"{'max ms':>8s} {'req/s':>8s} {'srv cpu':>7s} {'cli cpu':>7s}")
    loaded = f"http x{args.clients}"
    met_all = True
    for endpoint in endpoints:
        for mode, row in results[endpoint].items():
            print_row(endpoint, mode, row)
    print("\n(srv/cli cpu: CPU ms per request of the server process / of this client process)")
    for endpoint in endpoints:
        row = results[endpoint]
        direct, single, load = row["direct"]["p50"], row["http x1"]["p50"], row[loaded]["p50"]
        ratios = {"http_x1_over_direct_p50": round(single / direct, 2) if direct and single else None,
                  f"http_x{args.clients}_over_direct_p50": round(load / direct, 2) if direct and load else None}
        row["ratios"] = ratios
        p95 = row[loaded]["p95"]
        met = p95 is not None and p95 < GOAL_MS and row[loaded]["errors"] == 0
        met_all &= met
        print(f"{endpoint:12s} http x1 / direct p50 = {_fmt(ratios['http_x1_over_direct_p50'], 6, 2)}   "
              f"{loaded} / direct p50 = {_fmt(ratios[f'http_x{args.clients}_over_direct_p50'], 7, 2)}   "
              f"p95 < {GOAL_MS:.0f} ms ({args.clients} clients): {'met' if met else 'not met'} ({p95} ms)")
    print(f"goal p95 < {GOAL_MS:.0f} ms on every endpoint with {args.clients} clients: "
          f"{'met' if met_all else 'not met'}")
    print(json.dumps({"benchmark": "api_load", "events": info["events"], "documents": info["documents"],
                      "clients": args.clients, "cpus": os.cpu_count(), "cache": args.cache, "goal_p95_ms": GOAL_MS,
                      "met": met_all, "endpoints": results}, sort_keys=True))
    return 0 if met_all else 1


if __name__ == "__main__":
    sys.exit(main())
