"""accord.analysis (issue 6) on both real backends (a DuckDB file and PostgreSQL, tests/pg_server.py): the index
and its Wilson band, dyad series against the store's own counts, momentum, the network, actors, top events, the
document view, and the ``accord dyad`` / ``accord network`` commands."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from accord.analysis import (
    actors,
    compare,
    coop_index,
    document_view,
    dyad_series,
    momentum,
    network,
    plover_score,
    top_events,
    wilson,
)
from accord.analysis.plover import CONFLICT, COOPERATION, INTENSITY
from accord.store import EventFilter, StoredDocument, content_hash, open_store
from bench.synthetic_news import articles, write_jsonl
from tests.conftest import CLI

PLOVER_OF_QUAD = {1: "AGREE", 2: "AID", 3: "ACCUSE", 4: "ASSAULT"}


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def doc(text: str, date: str = "2025-01-15", outlet: str = "Reuters") -> StoredDocument:
    return StoredDocument(doc_hash=content_hash(text), doc_id=text[:20], text=text, date=date, outlet=outlet,
                          coder_version="accord test")


def actor(code: str | None, text: str = "someone", start: int = 0) -> dict[str, Any] | None:
    if code is None:
        return None
    return {"code": code, "country": code[:3], "sector": code[3:6] or None, "text": text, "start": start,
            "end": start + len(text), "name": f"name of {code}", "role": None}


def record(source: str | None, target: str | None, date: str, quad: int, *, cameo: str | None = None,
           goldstein: float | None = None, plover: str | None = "", sentence: int = 0,
           issues: tuple[str, ...] = ()) -> dict[str, Any]:
    cameo = cameo or {1: "051", 2: "071", 3: "112", 4: "190"}[quad]
    return {"event_id": f"e{sentence}{cameo}", "doc_id": "d", "sentence": sentence, "date": date,
            "source": actor(source), "target": actor(target), "cameo": cameo, "cameo_root": cameo[:2],
            "cameo_name": f"cameo {cameo}", "quad_class": quad,
            "goldstein": goldstein if goldstein is not None else {1: 3.4, 2: 7.4, 3: -2.0, 4: -10.0}[quad],
            "plover": {"event": PLOVER_OF_QUAD[quad] if plover == "" else plover, "mode": None},
            "trigger": {"text": "did", "start": 9, "end": 12}, "negated": False, "modality": "asserted",
            "location": None, "issues": list(issues), "attributes": {}, "text": "Someone did something.",
            "coder": "accord test"}


def fill(store: Any, events: list[tuple[str, str, str, int, dict[str, Any]]]) -> None:
    """One document per event (distinct stories need distinct days, codes or actors anyway)."""
    docs, pairs = [], []
    for i, (source, target, date, quad, extra) in enumerate(events):
        paper = doc(f"Document {i} about {source} and {target} on {date}.", date=date)
        docs.append(paper)
        pairs.append((paper.doc_hash, record(source, target, date, quad, sentence=i, **extra)))
    store.add_batch(docs, pairs)


# A small world: USA -> JPN cooperation that grows month by month, JPN -> USA, trade issues, other pairs.
WORLD: list[tuple[str, str, str, int, dict[str, Any]]] = [
    ("USAGOV", "JPNGOV", "2025-01-03", 3, {}), ("USAGOV", "JPNGOV", "2025-01-09", 4, {}),
    ("USAGOV", "JPNGOV", "2025-01-20", 1, {"issues": ("TRADE",)}),
    ("USAMIL", "JPN", "2025-02-02", 1, {}), ("USAGOV", "JPNGOV", "2025-02-11", 2, {"issues": ("TRADE",)}),
    ("USAGOV", "JPNGOV", "2025-02-12", 3, {"plover": None, "cameo": "010"}),
    ("USAGOV", "JPNGOV", "2025-03-01", 1, {}), ("USAGOV", "JPNGOV", "2025-03-05", 2, {}),
    ("USAGOV", "JPNGOV", "2025-03-07", 1, {"goldstein": 1.0, "issues": ("TRADE", "ENERGY")}),
    ("JPNGOV", "USAGOV", "2025-01-04", 4, {}), ("JPNGOV", "USAGOV", "2025-03-02", 1, {"issues": ("TRADE",)}),
    ("JPNGOV", "USA", "2025-04-02", 3, {}),
    ("CHNGOV", "USAGOV", "2025-01-05", 4, {}), ("CHNGOV", "USAGOV", "2025-01-06", 4, {}),
    ("CHNGOV", "JPNGOV", "2025-02-05", 3, {}), ("USAGOV", "USAMIL", "2025-02-06", 1, {}),
    ("REB", "CHNGOV", "2025-02-07", 4, {}), ("USAGOV", None, "2025-02-08", 1, {}),
]


# ---- the index and its band ---------------------------------------------------------------------------------

def test_wilson_known_values() -> None:
    # reference values: the Wilson score interval as statsmodels' proportion_confint(method="wilson") gives it
    assert wilson(3, 3) == pytest.approx((0.438503, 1.0), abs=1e-6)
    assert wilson(0, 3) == pytest.approx((0.0, 0.561497), abs=1e-6)
    assert wilson(5, 10) == pytest.approx((0.236593, 0.763407), abs=1e-6)
    assert wilson(1, 4) == pytest.approx((0.045587, 0.699358), abs=1e-6)


def test_index_and_band() -> None:
    assert coop_index(3, 0) == (1.0, pytest.approx(-0.123, abs=1e-4), 1.0)
    assert coop_index(1, 3) == (-0.5, pytest.approx(2 * 0.045587 - 1, abs=1e-4),
                                pytest.approx(2 * 0.699358 - 1, abs=1e-4))
    assert coop_index(0, 0) == (None, None, None)
    index, low, high = coop_index(2, 1)
    big_index, big_low, big_high = coop_index(200, 100)
    assert index == big_index == pytest.approx(1 / 3, abs=1e-4)
    assert low < index < high and big_low < big_index < big_high
    assert (big_high - big_low) < (high - low) / 5  # three events: a wide band; three hundred: a narrow one
    assert all(-1 <= v <= 1 for v in (low, high, big_low, big_high))


def test_plover_table() -> None:
    assert len(INTENSITY) == 16 and set(COOPERATION).isdisjoint(CONFLICT)
    assert all(INTENSITY[c] > 0 for c in COOPERATION) and all(INTENSITY[c] < 0 for c in CONFLICT)
    assert plover_score({"AGREE": 1, "ASSAULT": 1}) == (INTENSITY["AGREE"] + INTENSITY["ASSAULT"]) / 2
    assert plover_score({"AID": 3, "NOT A CATEGORY": 5}) == INTENSITY["AID"]
    assert plover_score({}) is None


# ---- series ---------------------------------------------------------------------------------------------------

def test_series_sums_equal_the_store_counts(store) -> None:
    fill(store, WORLD)
    total = store.count_events(EventFilter(source="USA", target="JPN"))
    assert total == 9
    for freq in ("day", "week", "month"):
        series = dyad_series(store, "USA", "JPN", freq)
        assert sum(row["events"] for row in series) == total
        # the columns `accord dyad` always had are the store's own dyad rows
        old = store.dyad("USA", "JPN", freq)
        assert [{k: row[k] for k in old[0]} for row in series] == old
    months = {row["period"]: row for row in dyad_series(store, "USA", "JPN")}
    assert list(months) == ["2025-01", "2025-02", "2025-03"]
    january, february, march = months["2025-01"], months["2025-02"], months["2025-03"]
    assert (january["cooperation"], january["conflict"]) == (1, 2)
    assert (january["index"], january["index_low"], january["index_high"]) == coop_index(1, 2)
    assert january["plover_score"] == round((INTENSITY["ACCUSE"] + INTENSITY["ASSAULT"] + INTENSITY["AGREE"]) / 3, 4)
    # February's CAMEO 010 event has no PLOVER category: it counts in the index, not in the PLOVER score
    assert (february["cooperation"], february["conflict"], february["events"]) == (2, 1, 3)
    assert february["plover_score"] == round((INTENSITY["AGREE"] + INTENSITY["AID"]) / 2, 4)
    assert march["index"] == 1.0 and march["index_low"] < 0.5 and march["goldstein_sum"] == 3.4 + 7.4 + 1.0
    assert set(march) == {"period", "events", "quad1", "quad2", "quad3", "quad4", "cooperation", "conflict",
                          "goldstein_sum", "goldstein_mean", "plover_score", "index", "index_low", "index_high"}
    assert dyad_series(store, "USAGOV", "JPNGOV")[1]["events"] == 2  # an exact actor code: not USAMIL's event
    assert dyad_series(store, "ZZZ", "JPN") == []
    with pytest.raises(ValueError, match="frequency"):
        dyad_series(store, "USA", "JPN", "year")


def test_undirected_counts_both_directions(store) -> None:
    fill(store, WORLD)
    forward = {r["period"]: r for r in dyad_series(store, "USA", "JPN")}
    backward = {r["period"]: r for r in dyad_series(store, "JPN", "USA")}
    both = dyad_series(store, "USA", "JPN", directed=False)
    assert [r["period"] for r in both] == sorted(set(forward) | set(backward))
    for row in both:
        parts = [p[row["period"]] for p in (forward, backward) if row["period"] in p]
        for key in ("events", "quad1", "quad2", "quad3", "quad4", "cooperation", "conflict"):
            assert row[key] == sum(p[key] for p in parts), (row["period"], key)
        assert row["goldstein_sum"] == pytest.approx(sum(p["goldstein_sum"] for p in parts))
    assert sum(r["events"] for r in both) == (store.count_events(EventFilter(source="USA", target="JPN"))
                                              + store.count_events(EventFilter(source="JPN", target="USA")))
    assert dyad_series(store, "JPN", "USA", directed=False) == both
    # a filter's own source and target give way to the dyad's
    assert dyad_series(store, "USA", "JPN", directed=False, where=EventFilter(source="CHN")) == both


def test_issue_and_date_filters(store) -> None:
    fill(store, WORLD)
    trade = dyad_series(store, "USA", "JPN", where=EventFilter(issue="TRADE"))
    assert [(r["period"], r["events"]) for r in trade] == [("2025-01", 1), ("2025-02", 1), ("2025-03", 1)]
    assert sum(r["events"] for r in trade) == store.count_events(EventFilter(source="USA", target="JPN",
                                                                             issue="TRADE"))
    both = dyad_series(store, "USA", "JPN", directed=False, where=EventFilter(issue="TRADE", start="2025-02-01"))
    assert [(r["period"], r["events"]) for r in both] == [("2025-02", 1), ("2025-03", 2)]
    assert dyad_series(store, "USA", "JPN", where=EventFilter(issue="ENERG")) == []  # whole issues only


def test_compare(store) -> None:
    fill(store, WORLD)
    rows = compare(store, [("USA", "JPN"), ("CHN", "USA")], window=3)
    assert [(r["source"], r["target"]) for r in rows] == [("USA", "JPN"), ("CHN", "USA")]
    assert rows[0]["series"] == dyad_series(store, "USA", "JPN")
    assert rows[0]["momentum"]["periods"] == 3 and rows[1]["momentum"]["direction"] == "unknown"


# ---- momentum ---------------------------------------------------------------------------------------------------

def series_of(indices: list[float], weights: list[int] | None = None, start: int = 1) -> list[dict[str, Any]]:
    weights = weights or [10] * len(indices)
    return [{"period": f"2025-{start + i:02d}", "index": y, "cooperation": w, "conflict": 0, "events": w}
            for i, (y, w) in enumerate(zip(indices, weights, strict=True))]


def test_momentum_direction() -> None:
    rising = series_of([-0.6, -0.35, -0.1, 0.12, 0.38, 0.6])
    result = momentum(rising)
    assert result["direction"] == "rising" and result["periods"] == 6
    assert result["slope"] == pytest.approx(np.polyfit(range(6), [-0.6, -0.35, -0.1, 0.12, 0.38, 0.6], 1)[0], abs=1e-6)
    assert result["low"] > 0 and result["low"] < result["slope"] < result["high"]
    assert momentum(series_of([0.6, 0.38, 0.12, -0.1, -0.35, -0.6]))["direction"] == "falling"
    assert momentum(series_of([0.1, -0.1, 0.12, -0.1, 0.1, -0.12]))["direction"] == "flat"
    # only the last `window` periods count: an old fall does not hide a recent rise
    assert momentum(series_of([0.9, 0.5, 0.0, -0.5, -0.3, -0.1, 0.1, 0.3]), window=4)["direction"] == "rising"
    assert momentum(series_of([0.9, 0.5, 0.0, -0.5, -0.3, -0.1, 0.1, 0.3]), window=8)["direction"] != "rising"


def test_momentum_unknown_with_fewer_than_three_periods() -> None:
    assert momentum(series_of([0.1, 0.5])) == {"slope": None, "low": None, "high": None, "periods": 2,
                                               "direction": "unknown"}
    assert momentum([])["direction"] == "unknown"
    gaps = series_of([0.1, 0.5]) + [{"period": "2025-03", "index": None, "cooperation": 0, "conflict": 0,
                                     "events": 2}]
    assert momentum(gaps)["direction"] == "unknown"  # a period without an index is no point


def test_momentum_is_weighted_and_counts_calendar_gaps() -> None:
    ys, ws = [-0.5, 0.2, 0.1, 0.6], [3, 300, 30, 50]
    rows = series_of(ys, ws)
    rows[3]["period"] = "2025-07"  # three empty months before the last point
    xs = [0, 1, 2, 6]
    expected = np.polyfit(xs, ys, 1, w=np.sqrt(ws))[0]  # polyfit weights residuals: sqrt of the events
    assert momentum(rows)["slope"] == pytest.approx(expected, abs=1e-6)
    assert momentum(rows, freq="month")["slope"] == pytest.approx(expected, abs=1e-6)
    weekly = [dict(r, period=p) for r, p in zip(series_of([0.0, 0.2, 0.4, 0.7]),
                                                 ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"],
                                                 strict=True)]
    assert momentum(weekly)["slope"] == momentum(weekly, freq="week")["slope"] == pytest.approx(0.23, abs=1e-6)
    assert momentum(weekly, freq="day")["slope"] == pytest.approx(0.23 / 7, abs=1e-6)


def test_momentum_of_a_rising_dyad_in_the_store(store) -> None:
    events = []
    for month, cooperative in zip(range(1, 6), (1, 2, 4, 6, 8), strict=True):
        for i in range(8):  # eight events a month, more of them cooperative each month
            quad = 1 if i < cooperative else 4
            events.append(("FRAGOV", "DEUGOV", f"2025-{month:02d}-{i + 1:02d}", quad, {}))
    fill(store, events)
    series = dyad_series(store, "FRA", "DEU")
    assert [r["index"] for r in series] == [-0.75, -0.5, 0.0, 0.5, 1.0]
    assert momentum(series, 5)["direction"] == "rising"
    assert momentum(dyad_series(store, "DEU", "FRA"))["direction"] == "unknown"


# ---- network, actors, top events -------------------------------------------------------------------------------

def test_network_weights_equal_counts(store) -> None:
    fill(store, WORLD)
    graph = network(store)
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert ("USA", "JPN") in edges and ("REB", "CHN") in edges  # no country: the actor's code
    assert not any(target is None for _, target in edges)  # an event without a target is no edge
    for (source, target), edge in edges.items():
        assert edge["events"] == store.count_events(EventFilter(source=source, target=target)), (source, target)
        assert edge["cooperation"] + edge["conflict"] == edge["events"]
    assert edges["USA", "JPN"]["events"] == 9 and edges["USA", "JPN"]["cooperation"] == 6
    assert edges["CHN", "USA"]["goldstein_mean"] == -10.0
    assert [e["events"] for e in graph["edges"]] == sorted((e["events"] for e in graph["edges"]), reverse=True)
    nodes = {n["id"]: n["events"] for n in graph["nodes"]}
    assert nodes["JPN"] == sum(e["events"] for e in graph["edges"] if "JPN" in (e["source"], e["target"]))
    assert nodes["USA"] == 9 + 3 + 2 + 1  # USA->JPN, JPN->USA, CHN->USA and the USA->USA loop once
    heavy = network(store, min_events=3)
    assert {(e["source"], e["target"]) for e in heavy["edges"]} == {("USA", "JPN"), ("JPN", "USA")}
    assert len(network(store, limit=2)["edges"]) == 2
    actor_edges = {(e["source"], e["target"]): e["events"] for e in network(store, level="actor")["edges"]}
    assert actor_edges[("USAGOV", "JPNGOV")] == 8 and actor_edges[("USAMIL", "JPN")] == 1
    assert actor_edges[("USAGOV", "JPNGOV")] == store.count_events(EventFilter(source="USAGOV", target="JPNGOV"))
    trade = network(store, EventFilter(issue="TRADE"))
    assert {(e["source"], e["target"]): e["events"] for e in trade["edges"]} == {("USA", "JPN"): 3,
                                                                                 ("JPN", "USA"): 1}
    with pytest.raises(ValueError, match="level"):
        network(store, level="sector")


def test_actors_count_both_sides(store) -> None:
    fill(store, WORLD)
    expected: Counter[str] = Counter()
    for event in store.events(EventFilter()):
        codes = {side["code"] for side in (event["source"], event["target"]) if side}
        expected.update(codes)
    rows = actors(store)
    assert {r["code"]: r["events"] for r in rows} == dict(expected)
    assert [r["events"] for r in rows] == sorted(expected.values(), reverse=True)
    assert rows[0] == {"code": "USAGOV", "country": "USA", "name": "name of USAGOV", "events": expected["USAGOV"]}
    assert len(actors(store, limit=2)) == 2
    chinese = {r["code"]: r["events"] for r in actors(store, EventFilter(country="CHN"))}
    assert chinese == {"CHNGOV": 4, "USAGOV": 2, "JPNGOV": 1, "REB": 1}


def test_top_events_ordering(store) -> None:
    fill(store, WORLD)
    # one story reported by three documents: its num_articles lifts it above stronger single reports
    story = record("IRNGOV", "ISRGOV", "2025-05-01", 3, goldstein=-4.0)
    papers = [doc(f"Wire copy {i}.", date="2025-05-01", outlet=f"outlet {i}") for i in range(3)]
    store.add_batch(papers, [(p.doc_hash, dict(story, sentence=i)) for i, p in enumerate(papers)])
    everything = store.events(EventFilter())
    score = {e["event_id"]: abs(e["goldstein"]) * e["num_articles"] for e in everything}
    top = top_events(store, EventFilter(), limit=5)
    assert top[0]["source"]["code"] == "IRNGOV" and top[0]["num_articles"] == 3
    assert [score[e["event_id"]] for e in top] == sorted(score.values(), reverse=True)[:5]
    ties = [e for e in top if score[e["event_id"]] == 10.0]
    assert [e["date"] for e in ties] == sorted((e["date"] for e in ties), reverse=True)  # then newest first
    assert set(top[0]) == set(everything[0])
    assert all(e["quad_class"] == 1 for e in top_events(store, EventFilter(quad_class=1)))


# ---- document view ----------------------------------------------------------------------------------------------

def test_document_view_offsets_are_into_the_text(store) -> None:
    text = "TOKYO - Officials met. Japan's government praised China for the deal. Nothing else."
    paper = doc(text)
    start = text.index("Japan's government")
    praised = text.index("praised")
    china = text.index("China")
    event = record("JPNGOV", "CHNGOV", "2025-01-15", 1, sentence=1)
    event.update(text="Japan's government praised China for the deal.",
                 trigger={"text": "praised", "start": praised, "end": praised + 7},
                 source=dict(actor("JPNGOV"), text="Japan's government", start=start, end=start + 18),
                 target=dict(actor("CHNGOV"), text="China", start=china, end=china + 5))
    broken = record("JPNGOV", None, "2025-01-15", 3, sentence=2)  # offsets that do not point at the words
    broken["trigger"] = {"text": "Nothing", "start": 0, "end": 7}
    store.add_batch([paper], [(paper.doc_hash, event), (paper.doc_hash, broken)])
    view = document_view(store, paper.doc_hash)
    assert view is not None and view["text"] == text and view["doc_hash"] == paper.doc_hash
    assert (view["doc_id"], view["date"], view["outlet"], view["title"], view["url"]) == (
        paper.doc_id, "2025-01-15", "Reuters", None, None)
    first, second = view["events"]
    assert first["sentence"] == 1 and first["cameo"] == "051" and first["quad_class"] == 1
    assert first["sentence_text"] == "Japan's government praised China for the deal."
    for span in (first["trigger"], first["source"], first["target"]):
        assert text[span["start"]:span["end"]] == span["text"]
    assert first["source"]["code"] == "JPNGOV" and first["target"]["code"] == "CHNGOV"
    assert first["event_id"] == store.events(EventFilter(quad_class=1))[0]["event_id"]
    assert second["target"] is None and second["trigger"] == {"text": "Nothing", "start": None, "end": None}
    assert document_view(store, "0" * 64) is None


def test_document_view_of_a_coded_document(tmp_path, store_url) -> None:
    """The real coder's offsets (ingested through the CLI) point at the words in the stored text."""
    corpus = write_jsonl(tmp_path / "c.jsonl", articles(8, seed=5))
    done = run("ingest", str(corpus), "--db", store_url)
    assert done.returncode == 0, done.stderr
    opened = open_store(store_url)
    try:
        spans = 0
        for stored in opened.documents():
            view = document_view(opened, stored.doc_hash)
            assert view is not None
            for event in view["events"]:
                for span in (event["trigger"], event["source"], event["target"]):
                    if span is not None:
                        assert span["start"] is not None, span
                        assert view["text"][span["start"]:span["end"]] == span["text"]
                        spans += 1
        assert spans >= 16
    finally:
        opened.close()


# ---- the command line --------------------------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=300)


def test_cli_dyad_and_network(tmp_path, store_url) -> None:
    seeded = open_store(store_url)
    fill(seeded, WORLD)
    expected_graph = network(seeded)
    seeded.close()
    rows = json.loads(run("dyad", "USA", "JPN", "--db", store_url, "--json").stdout)
    assert isinstance(rows, list) and len(rows) == 3
    assert set(rows[0]) == {"period", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum",
                            "goldstein_mean", "cooperation", "conflict", "plover_score", "index", "index_low",
                            "index_high"}
    both = json.loads(run("dyad", "USA", "JPN", "--db", store_url, "--json", "--undirected").stdout)
    assert sum(r["events"] for r in both) == 9 + 3
    trade = json.loads(run("dyad", "usa", "jpn", "--db", store_url, "--json", "--issue", "trade").stdout)
    assert sum(r["events"] for r in trade) == 3
    with_momentum = json.loads(run("dyad", "USA", "JPN", "--db", store_url, "--json", "--momentum", "3").stdout)
    assert with_momentum["series"] == rows and with_momentum["momentum"]["periods"] == 3
    assert set(with_momentum["momentum"]) == {"slope", "low", "high", "periods", "direction"}
    table = run("dyad", "USA", "JPN", "--db", store_url, "--momentum", "6")
    assert table.returncode == 0 and "index" in table.stdout and "momentum:" in table.stdout
    graph = json.loads(run("network", "--db", store_url, "--json").stdout)
    assert graph == expected_graph and graph["edges"]
    actor_graph = json.loads(run("network", "--db", store_url, "--json", "--level", "actor", "--min-events", "2",
                                 "--from", "2025-01-01", "--to", "2025-03-31").stdout)
    assert {(e["source"], e["target"]) for e in actor_graph["edges"]} == {("USAGOV", "JPNGOV"), ("CHNGOV", "USAGOV"),
                                                                       ("JPNGOV", "USAGOV")}
    printed = run("network", "--db", store_url, "--limit", "3")
    assert printed.returncode == 0 and "USA" in printed.stdout
    for bad in (("network", "--db", store_url, "--level", "sector"), ("network", "--db", store_url, "--from", "x"),
                ("network", "--db", str(tmp_path / "absent.duckdb")), ("dyad", "USA", "JPN", "--momentum", "0")):
        result = run(*bad)
        assert result.returncode == 2, (bad, result.stderr)
        assert "Traceback" not in result.stderr
