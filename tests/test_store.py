"""The event store on both real backends: a DuckDB file and a PostgreSQL server (tests/pg_server.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from accord.store import SCHEMA_VERSION, EventFilter, StoredDocument, content_hash, open_store, story_key
from accord.store import schema as store_schema
from accord.store.duckdb_store import DuckDBStore
from accord.store.sql_store import SqlStore


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    opened = open_store(store_url)
    yield opened  # type: ignore[misc]
    opened.close()


def doc(text: str, outlet: str | None = "Reuters", date: str | None = "2025-10-28", **kw: Any) -> StoredDocument:
    return StoredDocument(doc_hash=content_hash(text), doc_id=kw.pop("doc_id", text[:20]), text=text, date=date,
                          outlet=outlet, coder_version=kw.pop("coder_version", "accord test"), **kw)


def actor(code: str | None, country: str | None = None, text: str = "someone") -> dict[str, Any] | None:
    if code is None:
        return None
    return {"code": code, "country": country if country is not None else code[:3], "sector": code[3:6] or None,
            "text": text, "start": 0, "end": len(text), "name": None, "role": None}


def record(source: str | None = "USAGOV", target: str | None = "JPNGOV", cameo: str = "051",
           date: str | None = "2025-10-28", quad: int = 1, goldstein: float = 3.4, sentence: int = 0,
           issues: tuple[str, ...] = (), text: str = "The U.S. praised Japan.", **kw: Any) -> dict[str, Any]:
    return {"event_id": f"e{sentence}{cameo}", "doc_id": "d", "sentence": sentence, "date": date,
            "source": actor(source, kw.pop("source_country", None)),
            "target": actor(target, kw.pop("target_country", None)),
            "cameo": cameo, "cameo_root": cameo[:2], "cameo_name": "name", "quad_class": quad, "goldstein": goldstein,
            "plover": {"event": "SUPPORT", "mode": None}, "trigger": {"text": "praised", "start": 9, "end": 16},
            "negated": False, "modality": "asserted", "location": kw.pop("location", None), "issues": list(issues),
            "attributes": kw.pop("attributes", {}), "text": text, "coder": kw.pop("coder", "accord test")}


def rows(store: SqlStore, sql: str) -> list[tuple[Any, ...]]:
    return store._run(sql)


# ---- schema -------------------------------------------------------------------------------------------------

def test_migrations_are_idempotent_and_recorded(store_url: str) -> None:
    assert store_schema.LATEST == SCHEMA_VERSION
    first = open_store(store_url)
    assert first.schema_version() == SCHEMA_VERSION
    first.add_batch([doc("kept across reopen")], [])
    first.close()
    for _ in range(2):  # reopening migrates nothing and loses nothing
        again = open_store(store_url)
        assert isinstance(again, SqlStore)
        assert again.migrate() == SCHEMA_VERSION
        assert rows(again, "SELECT version FROM schema_version ORDER BY version") == [
            (version,) for version, _ in store_schema.MIGRATIONS]
        assert again.stats().documents == 1
        again.close()


def test_open_store_urls(tmp_path, postgres_server) -> None:
    path = tmp_path / "sub" / "x.duckdb"
    for url in (str(path), f"duckdb://{path}"):
        opened = open_store(url)
        assert isinstance(opened, DuckDBStore) and opened.url == f"duckdb://{path}"
        opened.close()
    memory = open_store("duckdb://:memory:")
    assert memory.stats().documents == 0
    memory.close()
    with pytest.raises(ValueError, match="unknown database URL"):
        open_store("mysql://localhost/x")
    server = open_store(postgres_server)
    assert server.schema_version() == SCHEMA_VERSION and type(server).__name__ == "PostgresStore"
    server.close()


# ---- exactly once ----------------------------------------------------------------------------------------------

def test_add_batch_twice_adds_nothing(store) -> None:
    docs = [doc("First article."), doc("Second article.", outlet="AP")]
    events = [(docs[0].doc_hash, record()), (docs[1].doc_hash, record(cameo="190", quad=4, goldstein=-10.0))]
    result = store.add_batch(docs, events)
    assert (result.documents_added, result.documents_known, result.events_added, result.mentions_added) == (2, 0, 2, 2)
    before = store.stats().to_dict()
    again = store.add_batch(docs, events)
    assert (again.documents_added, again.documents_known, again.events_added, again.mentions_added) == (0, 2, 0, 0)
    assert store.stats().to_dict() == before
    assert store.known([d.doc_hash for d in docs] + ["nope"]) == {d.doc_hash for d in docs}


def test_document_twice_in_one_batch_is_one(store) -> None:
    one = doc("Same text.")
    result = store.add_batch([one, one], [(one.doc_hash, record()), (one.doc_hash, record())])
    assert (result.documents_added, result.documents_known, result.events_added, result.mentions_added) == (1, 1, 1, 1)
    assert store.stats().mentions == 1


def test_same_story_from_two_outlets_is_one_event(store) -> None:
    reuters, ap, reuters2 = doc("Reuters story."), doc("AP story.", outlet="AP"), doc("Reuters again.")
    story = record()
    result = store.add_batch([reuters, ap], [(reuters.doc_hash, story), (ap.doc_hash, dict(story, sentence=3))])
    assert (result.events_added, result.mentions_added) == (1, 2)
    [event] = store.events(EventFilter())
    assert (event["num_articles"], event["num_sources"]) == (2, 2)
    assert event["event_id"] == story_key(story)
    # a later batch reporting the story again: no new event, the counts move
    later = store.add_batch([reuters2], [(reuters2.doc_hash, story)])
    assert (later.events_added, later.mentions_added) == (0, 1)
    [event] = store.events(EventFilter())
    assert (event["num_articles"], event["num_sources"]) == (3, 2)
    assert store.stats().to_dict()["events"] == 1 and store.stats().mentions == 3


def test_event_record_round_trips(store) -> None:
    paper = doc("Round trip.", url="https://example.org/a", title="A title")
    sent = record(issues=("trade", "energy"), location={"name": "Tokyo", "country": "JPN"},
                  attributes={"amount": {"value": 550e9, "currency": "USD"}})
    store.add_batch([paper], [(paper.doc_hash, sent)])
    [got] = store.events(EventFilter())
    for key in ("sentence", "date", "source", "target", "cameo", "cameo_root", "cameo_name", "quad_class",
                "goldstein", "plover", "trigger", "negated", "modality", "location", "issues", "attributes", "text",
                "coder"):
        assert got[key] == sent[key], key
    assert (got["doc_id"], got["doc_hash"]) == (paper.doc_id, paper.doc_hash)
    assert store.document(paper.doc_hash) == paper
    assert store.document("0" * 64) is None
    assert store.documents() == [paper]


# ---- queries ---------------------------------------------------------------------------------------------------

FIXTURE_EVENTS = [
    record("USAGOV", "JPNGOV", "051", "2025-10-28", 1, 3.4, issues=("trade",)),
    record("USAMIL", "CHN", "190", "2025-11-02", 4, -10.0),
    record("IGOUNO", "RUS", "112", "2025-11-15", 3, -2.0, source_country="IGO", issues=("war", "trade_war")),
    record("REB", "USA", "180", "2024-01-01", 4, -9.0, source_country=""),
    record("RUS", "USAGOV", "036", "2025-12-31", 1, 4.0),
    record("NGO", "JPN", "020", None, 1, 3.0, source_country="NGO"),
]


@pytest.fixture
def filled(store):
    papers = [doc(f"Article {i}.", outlet=f"outlet{i % 2}") for i in range(len(FIXTURE_EVENTS))]
    store.add_batch(papers, [(p.doc_hash, r) for p, r in zip(papers, FIXTURE_EVENTS, strict=True)])
    return store


@pytest.mark.parametrize(("where", "codes"), [
    (EventFilter(), ["036", "112", "190", "051", "180", "020"]),  # newest first, undated last
    (EventFilter(source="USA"), ["190", "051"]),  # country prefix: USAGOV and USAMIL
    (EventFilter(source="usagov"), ["051"]),  # a longer code is exact
    (EventFilter(target="USA"), ["036", "180"]),
    (EventFilter(country="USA"), ["036", "190", "051", "180"]),
    (EventFilter(source="IGO"), ["112"]),
    (EventFilter(source="NGO"), ["020"]),
    (EventFilter(source="REB"), ["180"]),  # no country: the three letters match the code itself
    (EventFilter(code="19"), ["190"]),
    (EventFilter(code="051"), ["051"]),
    (EventFilter(quad_class=4), ["190", "180"]),
    (EventFilter(issue="trade"), ["051"]),  # whole issues only: not trade_war
    (EventFilter(issue="trade_war"), ["112"]),
    (EventFilter(start="2025-11-02", end="2025-11-15"), ["112", "190"]),  # inclusive
    (EventFilter(start="2025-11-03"), ["036", "112"]),
    (EventFilter(country="USA", quad_class=4, end="2025-01-01"), ["180"]),
])
def test_filters(filled, where, codes) -> None:
    assert [e["cameo"] for e in filled.events(where)] == codes
    assert filled.count_events(where) == len(codes)


def test_pagination(filled) -> None:
    everything = [e["event_id"] for e in filled.events(EventFilter())]
    pages = [[e["event_id"] for e in filled.events(EventFilter(), limit=4, offset=o)] for o in (0, 4, 8)]
    assert pages[0] + pages[1] == everything and len(pages[0]) == 4 and pages[2] == []
    assert filled.events(EventFilter(source="USA"), limit=1, offset=1)[0]["cameo"] == "051"
    assert [d.doc_hash for d in filled.documents(limit=2, offset=1)] == [d.doc_hash for d in filled.documents()][1:3]


def test_dyad_periods(store) -> None:
    days = ["2025-10-27", "2025-10-28", "2025-10-28", "2025-11-02", "2025-11-03", "2026-01-01"]
    papers = [doc(f"Dyad {i}.") for i in range(len(days))]
    events = []
    for i, (paper, day) in enumerate(zip(papers, days, strict=True)):
        quad = 1 + i % 4
        events.append((paper.doc_hash, record("USAGOV", "JPNGOV", f"0{i}1", day, quad, float(i))))
        events.append((paper.doc_hash, record("JPNGOV", "USAGOV", f"0{i}1", day, quad, float(i))))  # other way
    events.append((papers[0].doc_hash, record("USAMIL", "JPN", "190", "2025-10-27", 4, -10.0)))
    store.add_batch(papers, events)
    total = store.count_events(EventFilter(source="USA", target="JPN"))
    assert total == 7
    for freq in ("day", "week", "month"):
        periods = store.dyad("USA", "JPN", freq)
        assert sum(p["events"] for p in periods) == total
        assert all(p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"] for p in periods)
    by_day = {p["period"]: p for p in store.dyad("USA", "JPN", "day")}
    assert list(by_day) == ["2025-10-27", "2025-10-28", "2025-11-02", "2025-11-03", "2026-01-01"]
    assert by_day["2025-10-27"]["events"] == 2 and by_day["2025-10-27"]["goldstein_sum"] == -10.0
    assert by_day["2025-10-28"]["goldstein_mean"] == 1.5 and by_day["2025-10-28"]["quad2"] == 1
    weeks = {p["period"]: p["events"] for p in store.dyad("USA", "JPN", "week")}
    assert weeks == {"2025-10-27": 5, "2025-11-03": 1, "2025-12-29": 1}  # ISO weeks start on Monday (11-02 is a Sunday)
    months = store.dyad("USA", "JPN", "month")
    assert [(p["period"], p["events"]) for p in months] == [("2025-10", 4), ("2025-11", 2), ("2026-01", 1)]
    assert months[1]["goldstein_sum"] == 7.0
    assert store.dyad("USAGOV", "JPN", "month", EventFilter(quad_class=1))[0]["events"] == 1
    assert store.dyad("ZZZ", "JPN", "day") == []
    with pytest.raises(ValueError, match="frequency"):
        store.dyad("USA", "JPN", "year; DROP TABLE events")


# ---- hostile input ---------------------------------------------------------------------------------------------

HOSTILE = "Robert'); DROP TABLE events;-- \"quoted\" 50% _under_ ?, $1 %s \\ \x00 \udcff \ud800 end"


def test_hostile_strings_round_trip(store) -> None:
    huge = "word " * 1_000_000  # 5 MB of text
    papers = [doc(HOSTILE, outlet=HOSTILE, title=HOSTILE * 1000, url="http://x/?a=1&b='2'", doc_id=HOSTILE),
              doc(huge, outlet=None, title=None, date=None)]
    hostile_record = record(text=HOSTILE, issues=(HOSTILE,), attributes={HOSTILE: HOSTILE},
                            location={"name": HOSTILE, "country": None})
    hostile_record["source"]["text"] = HOSTILE
    store.add_batch(papers, [(papers[0].doc_hash, hostile_record)])
    cleaned = HOSTILE.replace("\x00", "\ufffd").replace("\udcff", "\ufffd").replace("\ud800", "\ufffd")
    stored = store.document(papers[0].doc_hash)
    assert stored is not None
    assert (stored.text, stored.outlet, stored.doc_id, stored.title) == (cleaned, cleaned, cleaned, cleaned * 1000)
    assert stored.url == "http://x/?a=1&b='2'"
    assert store.document(papers[1].doc_hash).text == huge
    [event] = store.events(EventFilter())
    assert event["text"] == cleaned and event["source"]["text"] == cleaned
    assert event["issues"] == [cleaned] and event["attributes"] == {cleaned: cleaned}
    assert event["location"]["name"] == cleaned
    # hostile filters are values, never SQL: they match nothing and break nothing
    for value in (HOSTILE, "' OR 1=1 --", "USA' --", "%", "_"):
        assert store.count_events(EventFilter(source=value, target=value)) == 0
        assert store.count_events(EventFilter(country=value, code=value)) == 0
        assert store.dyad(value, value, "day") == []
    assert store.count_events(EventFilter(issue=HOSTILE)) == 1
    assert store.count_events(EventFilter(issue="%")) == 0
    assert store.stats().events == 1 and store.stats().documents == 2


def test_bad_dates_are_refused_before_writing(store) -> None:
    paper = doc("Bad date.", date="yesterday; DROP TABLE documents")
    with pytest.raises(ValueError, match="ISO date"):
        store.add_batch([paper], [])
    good = doc("Good date.")
    with pytest.raises(ValueError, match="ISO date"):
        store.add_batch([good], [(good.doc_hash, record(date="2025-13-45"))])
    with pytest.raises(ValueError, match="ISO date"):
        store.count_events(EventFilter(start="'; --"))
    assert store.stats().documents == 0


# ---- recode ----------------------------------------------------------------------------------------------------

def test_replace_events_keeps_counts_right(store) -> None:
    first, second = doc("First reporter.", outlet="A"), doc("Second reporter.", outlet="B")
    shared, only_first = record(), record(cameo="190", quad=4, goldstein=-10.0)
    store.add_batch([first, second], [(first.doc_hash, shared), (first.doc_hash, only_first),
                                      (second.doc_hash, dict(shared, sentence=5, text="B's sentence."))])
    assert store.stats().events == 2

    # recode the first document: it now reports the shared story, with new fields, and a new one
    new_story = record(cameo="042", quad=1, goldstein=1.9)
    store.replace_events(first.doc_hash, [dict(shared, cameo_name="renamed"), new_story], "v2")
    by_code = {e["cameo"]: e for e in store.events(EventFilter())}
    assert set(by_code) == {"051", "042"}  # only_first lost its only mention: gone
    assert (by_code["051"]["num_articles"], by_code["051"]["num_sources"]) == (2, 2)
    assert by_code["051"]["cameo_name"] == "renamed" and by_code["051"]["coder"] == "v2"  # first mention recoded
    assert (by_code["042"]["num_articles"], by_code["042"]["coder"]) == (1, "v2")
    assert store.stats().coder_versions == {"v2": 2} and store.stats().mentions == 3

    # recode it again to nothing: the shared story survives on the second document's mention alone
    store.replace_events(first.doc_hash, [], "v3")
    [event] = store.events(EventFilter())
    assert (event["cameo"], event["num_articles"], event["num_sources"]) == ("051", 1, 1)
    assert (event["doc_hash"], event["sentence"], event["text"]) == (second.doc_hash, 5, "B's sentence.")
    assert event["coder"] == "accord test"  # the evidence now shown is the second document's, coded then
    assert store.stats().mentions == 1 and store.stats().documents == 2
    assert store.document(first.doc_hash).coder_version == "v3"  # the document records its last coding
    with pytest.raises(KeyError):
        store.replace_events("f" * 64, [], "v3")


def test_replace_many_recodes_a_page_in_one_go(store) -> None:
    first, second, third = doc("First.", outlet="A"), doc("Second.", outlet="B"), doc("Third.", outlet="C")
    shared, old_only = record(), record(cameo="190", quad=4, goldstein=-10.0)
    store.add_batch([first, second, third], [(first.doc_hash, shared), (first.doc_hash, old_only),
                                             (second.doc_hash, dict(shared, sentence=2, text="Second's.")),
                                             (third.doc_hash, dict(shared, sentence=3, text="Third's."))])
    # one page: the first document (the shared story's first mention) drops it, the second reports it again
    # with new fields, the third is recoded to nothing
    new_story = record(cameo="042", quad=1, goldstein=1.9)
    store.replace_many([(first.doc_hash, [new_story]),
                        (second.doc_hash, [dict(shared, sentence=2, text="Second's, recoded.", cameo_name="x")]),
                        (third.doc_hash, [])], "v2")
    by_code = {e["cameo"]: e for e in store.events(EventFilter())}
    assert set(by_code) == {"051", "042"}  # old_only lost its only mention: gone
    assert (by_code["051"]["num_articles"], by_code["051"]["num_sources"]) == (1, 1)
    assert (by_code["051"]["doc_hash"], by_code["051"]["text"]) == (second.doc_hash, "Second's, recoded.")
    assert (by_code["042"]["doc_hash"], by_code["042"]["num_articles"]) == (first.doc_hash, 1)
    assert store.stats().mentions == 2
    assert {d.doc_hash: d.coder_version for d in store.documents()} == {
        first.doc_hash: "v2", second.doc_hash: "v2", third.doc_hash: "v2"}
    with pytest.raises(KeyError):
        store.replace_many([(first.doc_hash, []), ("f" * 64, [])], "v3")
    with pytest.raises(ValueError, match="twice"):
        store.replace_many([(first.doc_hash, []), (first.doc_hash, [])], "v3")
    assert store.stats().mentions == 2 and {d.coder_version for d in store.documents()} == {"v2"}


# ---- transactions ----------------------------------------------------------------------------------------------

class Boom(Exception):
    pass


def test_failed_batch_leaves_nothing(store, monkeypatch) -> None:
    papers = [doc("Crash one."), doc("Crash two.", outlet="AP")]
    events = [(papers[0].doc_hash, record()), (papers[1].doc_hash, record())]
    real_insert = store._insert

    def failing(table, *args, **kw):
        if table == "mentions":  # documents and events are written by now, inside the transaction
            raise Boom
        return real_insert(table, *args, **kw)

    monkeypatch.setattr(store, "_insert", failing)
    with pytest.raises(Boom):
        store.add_batch(papers, events)
    assert store.stats().to_dict() == {"documents": 0, "events": 0, "mentions": 0, "first_date": None,
                                       "last_date": None, "coder_versions": {}}
    assert store.known(p.doc_hash for p in papers) == set()
    monkeypatch.undo()
    result = store.add_batch(papers, events)  # the store is usable afterwards, and the batch goes in whole
    assert (result.documents_added, result.events_added, result.mentions_added) == (2, 1, 2)


def test_failed_recode_leaves_the_old_coding(store, monkeypatch) -> None:
    paper = doc("Recode crash.")
    store.add_batch([paper], [(paper.doc_hash, record())])
    before = store.events(EventFilter())
    monkeypatch.setattr(store, "_insert", lambda *a, **k: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        store.replace_events(paper.doc_hash, [record(cameo="190")], "v2")
    monkeypatch.undo()
    assert store.events(EventFilter()) == before and store.stats().mentions == 1
    assert store.document(paper.doc_hash).coder_version == paper.coder_version  # rolled back too


def test_stats(filled) -> None:
    stats = filled.stats()
    assert (stats.documents, stats.events, stats.mentions) == (6, 6, 6)
    assert (stats.first_date, stats.last_date) == ("2024-01-01", "2025-12-31")
    assert stats.coder_versions == {"accord test": 6}
    assert dt.date.fromisoformat(stats.first_date)
