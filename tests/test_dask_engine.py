"""`accord code` and `accord ingest` on the engines: a process pool and dask.distributed give the events of a
plain run (same records, ids and order), a worker killed mid-job loses and duplicates nothing, and an ingest
on Dask leaves the store a plain ingest leaves. Every cluster and command is bounded in time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import CLI, ROOT

TIMEOUT_S = 180
COUNTRIES = ["The United States", "China", "Russia", "France", "Germany", "Japan", "India", "Iran", "Israel",
             "Turkey", "Brazil"]
VERBS = ["criticized", "praised", "threatened", "accused", "condemned", "met with", "thanked", "warned"]
FILLER = ["Markets were calm on the day.", "The talks lasted several hours.", "Officials gave no further details.",
          "Analysts expect more statements this week."]


def corpus() -> list[dict]:
    docs = []
    for i in range(60):
        a, b, c = COUNTRIES[i % 11], COUNTRIES[(i * 3 + 1) % 11], COUNTRIES[(i * 7 + 2) % 11]
        if b == a:
            b = COUNTRIES[(i + 5) % 11]
        text = (f"{a} {VERBS[i % 8]} {b} on Monday. {FILLER[i % 4]} "
                f"{c} {VERBS[(i + 3) % 8]} {a} over the dispute. {FILLER[(i + 1) % 4]}")
        docs.append({"id": f"d{i:02d}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}", "text": text})
    docs.append({"id": "empty", "date": "2025-01-01", "text": " "})  # skipped when read
    docs.append({"id": "german", "date": "2025-01-01",  # skipped by the coder (on the worker)
                 "text": "Die Regierung hat am Montag neue Gesetze beschlossen und die Opposition kritisiert."})
    return docs


def run(*args: str, env: dict | None = None, timeout: int = TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def events_of(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in corpus()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(docs: Path) -> list[dict]:
    events = events_of(run("code", str(docs), "-q"))
    assert len({e["doc_id"] for e in events}) >= 50 and len(events) >= 60
    return events


def test_engine_local_does_not_import_dask(docs, tmp_path):
    code = ("import sys\nfrom accord.cli import app\n"
            f"app(['code', {str(docs)!r}, '-q', '-o', {str(tmp_path / 'out.jsonl')!r}], standalone_mode=False)\n"
            "print('dask' in sys.modules, 'distributed' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"], out.stderr[-3000:]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") >= 60


def test_local_workers_2_equal_workers_1(docs, baseline):
    result = run("code", str(docs), "--workers", "2", "--partition-size", "7")
    assert events_of(result) == baseline
    assert "german: skipped: not English" in result.stderr
    assert "60 documents coded" in result.stderr and "skipped: 1 no text, 1 not English" in result.stderr


def test_dask_equals_local_and_survives_a_killed_worker(docs, baseline, tmp_path):
    marker = tmp_path / "crashed"
    result = run("code", str(docs), "--engine", "dask", "--workers", "2", "--partition-size", "5",
                 env={"ACCORD_ENGINE_CRASH_ONCE": f"3:{marker}"})
    assert marker.exists(), "the worker coding partition 3 should have died once"
    events = events_of(result)
    assert events == baseline  # nothing lost, nothing twice, same order
    assert len({e["event_id"] for e in events}) == len(events)


@pytest.fixture(scope="module")
def scheduler() -> str:
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           timeout=60)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close(timeout=30)


def test_dask_on_a_running_cluster_writes_a_parquet_file_per_partition(docs, baseline, scheduler, tmp_path):
    out = tmp_path / "parts"
    result = run("code", str(docs), "--engine", "dask", "--scheduler", scheduler, "--partition-size", "20",
                 "--format", "parquet", "-o", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    files = sorted(p.name for p in out.iterdir())
    assert files == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]
    ids = [i for name in files for i in pq.read_table(out / name).column("event_id").to_pylist()]
    assert ids == [e["event_id"] for e in baseline]


def store_contents(db: Path) -> tuple[dict, list[dict]]:
    stats = json.loads(run("stats", "--db", str(db), "--json").stdout)
    events = sorted(events_of(run("events", "--db", str(db))), key=lambda e: e["event_id"])
    return stats, events


def test_ingest_on_dask_equals_a_local_ingest_exactly_once(docs, scheduler, tmp_path):
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    assert run("ingest", str(docs), "--db", str(local_db), "-q").returncode == 0
    args = ("ingest", str(docs), "--db", str(dask_db), "-q", "--json", "--engine", "dask", "--scheduler", scheduler,
            "--partition-size", "9")
    first = run(*args)
    assert first.returncode == 0, first.stderr[-3000:]
    summary = json.loads(first.stdout)
    assert summary["documents_added"] == 60 and summary["batches"] == 7
    assert store_contents(dask_db) == store_contents(local_db)
    pool_db = tmp_path / "pool.duckdb"
    pool = run("ingest", str(docs), "--db", str(pool_db), "-q", "--workers", "2", "--partition-size", "25")
    assert pool.returncode == 0, pool.stderr[-3000:]
    assert store_contents(pool_db) == store_contents(local_db)
    again = run(*args)
    assert again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(again.stdout)
    assert summary["documents_added"] == 0 and summary["events_written"] == 0 and summary["duplicates"] == 60
    assert store_contents(dask_db) == store_contents(local_db)


def test_partitions_keep_order_and_indices():
    from accord.engines.partitions import partitions

    assert list(partitions(range(7), 3)) == [(0, [0, 1, 2]), (1, [3, 4, 5]), (2, [6])]
    assert list(partitions([], 3)) == []
    with pytest.raises(ValueError):
        list(partitions([1], 0))


def test_local_cluster_workers_start_with_the_coder_loaded_and_without_malloc_trim():
    """The LocalCluster's workers are forked from a forkserver that loaded the default coder, so none loads it
    again (one model load for all); Dask's MALLOC_TRIM_THRESHOLD_ (slow coding) is not set in them."""
    code = ("import os\n"
            "from accord.engines.dask_engine import DaskEngine\n"
            "from accord.engines.worker import CoderSpec\n"
            "def probe():\n"
            "    from accord.engines import worker\n"
            "    return [CoderSpec() in worker._CODERS, 'MALLOC_TRIM_THRESHOLD_' in os.environ]\n"
            "with DaskEngine(CoderSpec(), workers=2) as engine:\n"
            "    found = engine.client.run(probe)\n"
            "    print(sorted(found.values()))\n")
    # A variable already set wins, as with Dask's nanny: the module's LocalCluster set it in this process
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT_S, cwd=ROOT,
                         env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split("\n")[0] == "[[True, False], [True, False]]", out.stderr[-3000:]
