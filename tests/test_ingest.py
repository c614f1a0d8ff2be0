"""``accord ingest`` and the commands over the store, on both real backends (a DuckDB file and PostgreSQL,
see tests/pg_server.py): exactly once, bad files, feeds over HTTP, page metadata, hostile input, and a run
killed with SIGKILL then resumed. The articles are synthetic (bench/synthetic_news.py)."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accord.coding.coder import Coder
from accord.ingest.pipeline import ingest
from accord.ingest.recode import recode
from accord.store import EventFilter, open_store
from bench.synthetic_news import articles, write_jsonl
from tests.conftest import CLI
from tests.local_http import serving

GOOD = ("TOKYO - Japan's government praised China for the agreement on Tuesday. Officials declined to comment "
        "further. The French government criticized the German government over the budget dispute.")
NO_PROXY = {"no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}


@pytest.fixture(scope="module")
def coder() -> Coder:
    built = Coder()
    built.nlp  # noqa: B018 - load once for the module
    return built


@pytest.fixture
def store(store_url: str) -> Iterator:
    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def another_url(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second, empty store on the same backend as ``store_url``."""
    if not store_url.startswith("postgresql://"):
        yield str(tmp_path / "second.duckdb")
        return
    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # our own name, not input
    try:
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server on 127.0.0.1 serving a folder: (base URL, folder)."""
    root = tmp_path / "www"
    root.mkdir()

    with serving(root) as url:
        yield url, root


def run(*args: str, timeout: float = 60, env: dict | None = None, stdin: str | None = None
        ) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=timeout, input=stdin,
                          env={**os.environ, **NO_PROXY, **(env or {})})


def snapshot(url: str) -> dict:
    """Everything a run leaves in a store: counts, every event record, every mention."""
    store = open_store(url)
    try:
        mentions = store._run("SELECT story_key, doc_hash, sentence, event_id, coder_version FROM mentions "
                              "ORDER BY story_key, doc_hash, sentence")
        documents = store._run("SELECT doc_hash, doc_id, date, title, outlet, text FROM documents ORDER BY doc_hash")
        stats = store.stats().to_dict()
        events = sorted(store.events(EventFilter()), key=lambda e: e["event_id"])
    finally:
        store.close()
    return {"stats": stats, "events": events, "mentions": [tuple(m) for m in mentions],
            "documents": [tuple(str(v) for v in d) for d in documents]}


# --------------------------------------------------------------------------------------------- exactly once


def test_reingesting_the_same_input_adds_nothing(tmp_path, store, coder):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(40, seed=3))
    first = ingest([str(corpus)], store, coder, batch_size=16)
    assert first.coded == 40 and first.documents_added == 40 and first.events_written > 40
    before = store.stats()
    again = ingest([str(corpus), str(corpus)], store, coder, batch_size=16)
    assert again.documents_added == 0 and again.events_written == 0 and again.coded == 0
    assert again.duplicates == 80  # 40 already stored, 40 met twice in this run
    assert store.stats() == before


def test_one_story_in_many_outlets_is_one_event(store, coder, tmp_path):
    docs = [{"id": f"r{i}", "date": "2025-03-04", "source": outlet, "text": f"{GOOD} Reported by {outlet} ({i})."}
            for i, outlet in enumerate(["Wire One", "Daily Ledger", "Daily Ledger"])]
    corpus = write_jsonl(tmp_path / "reprints.jsonl", docs)
    summary = ingest([str(corpus)], store, coder)
    assert summary.documents_added == 3
    praise = store.events(EventFilter(code="051"))
    assert len(praise) == 1
    assert praise[0]["num_articles"] == 3 and praise[0]["num_sources"] == 2


def test_duplicates_within_a_run_and_non_english_are_counted(store, coder, tmp_path):
    docs = [{"id": "a", "date": "2025-03-04", "text": GOOD}, {"id": "b", "date": "2025-03-04", "text": GOOD + "  "},
            {"id": "fr", "date": "2025-03-04", "text": "Le gouvernement japonais a salué la Chine pour l'accord "
                                                        "conclu mardi, et les ministres se sont réunis à Paris."}]
    summary = ingest([str(write_jsonl(tmp_path / "d.jsonl", docs))], store, coder)
    assert summary.read == 3 and summary.coded == 1 and summary.duplicates == 1
    assert summary.skipped == {"not English": 1}


# ----------------------------------------------------------------------------------------------- inputs


def test_folder_with_binary_empty_and_good_files(tmp_path, store, coder):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "image.bin").write_bytes(bytes(range(256)) * 40)
    skipped = []
    summary = ingest([str(folder)], store, coder, date="2025-05-06", on_skip=skipped.append)
    assert summary.coded == 1 and summary.documents_added == 1 and summary.events_written >= 2
    assert summary.skipped == {"empty file": 1, "binary file": 1}
    assert {Path(s.where).name for s in skipped} == {"empty.txt", "image.bin"}
    assert store.stats().documents == 1
    assert {e["date"] for e in store.events(EventFilter())} == {"2025-05-06"}  # --date: the file has none


def test_html_title_and_date_come_from_the_page(tmp_path, store, coder):
    page = ("<!doctype html><html><head><title>Tokyo praises Beijing | The Ledger</title>"
            '<meta property="og:title" content="Tokyo praises Beijing">'
            '<meta property="article:published_time" content="2025-02-11T08:00:00Z"></head><body>'
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Tokyo praises Beijing</h1>"
            f"<p>{GOOD}</p><p>Markets were little changed on the news.</p></article>"
            "<footer>Share this: Facebook Twitter</footer></body></html>")
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    ingest([str(tmp_path / "story.html")], store, coder, date="2030-01-01")  # the page's date wins over --date
    [doc] = store.documents()
    assert doc.title == "Tokyo praises Beijing" and doc.date == "2025-02-11"
    assert "Home" not in doc.text and "Japan's government praised China" in doc.text
    praise = store.events(EventFilter(code="051"))[0]
    assert praise["date"] == "2025-02-11"
    assert doc.text[praise["trigger"]["start"]:praise["trigger"]["end"]] == "praised"  # offsets into stored text


def test_record_date_beats_the_fallback_and_a_bad_date_is_skipped(tmp_path, store, coder):
    docs = [{"id": "dated", "date": "2025-01-02", "text": GOOD},
            {"id": "undated", "text": GOOD.replace("Tuesday", "Monday")},
            {"id": "bad", "date": "2025-13-45", "text": GOOD.replace("Tuesday", "Friday")}]
    summary = ingest([str(write_jsonl(tmp_path / "d.jsonl", docs))], store, coder, date="2025-09-09")
    assert summary.skipped == {"bad date": 1}
    assert {d.doc_id: d.date for d in store.documents()} == {"dated": "2025-01-02", "undated": "2025-09-09"}


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Ledger</title><link>{base}/</link>
<item><title>Tokyo praises Beijing</title><link>{base}/a1</link><guid>ledger-a1</guid>
  <pubDate>Tue, 04 Mar 2025 23:30:00 -0500</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>{good}</p><p>Markets were little changed.</p>]]></content:encoded></item>
<item><title>Linked only</title><link>{base}/story.html</link><pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>Nothing</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Global Desk</title><id>urn:desk</id>
<entry><title>Canada and Mexico</title><id>urn:desk:1</id><link rel="alternate" href="{base}/desk/1"/>
  <published>2025-04-01T09:00:00+02:00</published><updated>2025-04-02T09:00:00Z</updated>
  <summary type="html">&lt;p&gt;Mexico signed a trade agreement with Canada on Tuesday. Analysts said the move had
  been expected for weeks.&lt;/p&gt;</summary></entry>
<entry><title>Sanctions</title><id>urn:desk:2</id><link href="{base}/desk/2"/><updated>2025-04-03T00:00:00Z</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Canada imposed sanctions on Russia on
  Tuesday.</p></div></content></entry>
</feed>"""


def test_rss_and_atom_feeds_served_over_http(web, store, coder, monkeypatch):
    base, root = web
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    (root / "rss.xml").write_text(RSS.format(base=base, good=GOOD), encoding="utf-8")
    (root / "atom.xml").write_text(ATOM.format(base=base), encoding="utf-8")
    (root / "story.html").write_text("<html><head><title>Page</title></head><body><article><p>Indian officials met "
                                     "Pakistani officials in Geneva on Wednesday. Details of the plan were not made "
                                     "public.</p></article></body></html>", encoding="utf-8")
    summary = ingest([f"{base}/rss.xml", f"{base}/atom.xml"], store, coder)
    assert summary.skipped == {"feed item without text": 1} and not summary.failed_inputs
    docs = {d.doc_id: d for d in store.documents()}
    assert set(docs) == {"ledger-a1", f"{base}/story.html", "urn:desk:1", "urn:desk:2"}
    first = docs["ledger-a1"]
    assert (first.title, first.url, first.outlet, first.date) == ("Tokyo praises Beijing", f"{base}/a1",
                                                                  "The Ledger", "2025-03-04")
    assert "Japan's government praised China" in first.text and "Short summary" not in first.text
    assert docs[f"{base}/story.html"].title == "Linked only" and docs[f"{base}/story.html"].date == "2025-03-05"
    assert docs["urn:desk:1"].date == "2025-04-01" and docs["urn:desk:1"].outlet == "Global Desk"
    codes = {(e["source"]["code"], e["cameo"]) for e in store.events(EventFilter()) if e["source"]}
    assert {("JPNGOV", "051"), ("MEX", "057"), ("CAN", "163"), ("INDGOV", "040")} <= codes


def test_unreachable_and_broken_inputs_fail_cleanly(tmp_path, store, coder):
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</title></item", encoding="utf-8")
    summary = ingest(["http://127.0.0.1:9/feed.xml", str(tmp_path / "broken.xml"), str(tmp_path / "missing")],
                     store, coder)
    assert len(summary.failed_inputs) == 3
    assert any("fetch failed" in f for f in summary.failed_inputs)
    assert any("malformed feed" in f for f in summary.failed_inputs)
    assert store.stats().documents == 0


def test_feed_entities_are_never_expanded(tmp_path, store, coder):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            f"<rss><channel><title>T</title><item><title>x</title><description>{GOOD} &xxe;</description>"
            "<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item></channel></rss>")
    (tmp_path / "feed.rss").write_text(feed, encoding="utf-8")
    ingest([str(tmp_path / "feed.rss")], store, coder)
    assert all("SECRET" not in d.text for d in store.documents())


# -------------------------------------------------------------------------------------------- hostile input

HOSTILE = "Robert'); DROP TABLE documents; -- \" \\ %s {0} $1"


def test_sql_metacharacters_and_invalid_utf8_are_stored_cleanly(tmp_path, store, coder):
    lines = [json.dumps({"id": HOSTILE, "date": "2025-03-04", "title": HOSTILE + "\x00\ud800",
                         "source": HOSTILE, "url": "http://x/?q=' OR 1=1 --", "text": f"{GOOD} {HOSTILE}"}),
             json.dumps({"id": "huge" * 100_000, "date": "2025-03-07", "title": "T" * 1_000_000,
                         "source": "S" * 100_000, "text": GOOD.replace("Tuesday", "Saturday")})]
    raw = "\n".join(lines).encode("utf-8") + b"\n"
    raw += (b'{"id": "bytes", "date": "2025-03-05", "title": "caf\xe9 \xff", "text": "'
            + GOOD.replace("Tuesday", "Monday").encode() + b' \xff\xfe"}\n')
    (tmp_path / "hostile.jsonl").write_bytes(raw)
    (tmp_path / "latin1.txt").write_bytes(GOOD.replace("Tuesday", "Sunday").encode("utf-8") + b" caf\xe9")
    summary = ingest([str(tmp_path / "hostile.jsonl"), str(tmp_path / "latin1.txt")], store, coder,
                     date="2025-03-06")
    assert summary.documents_added == 3 and summary.skipped == {"not UTF-8 text": 1}
    docs = {d.doc_id[:8]: d for d in store.documents()}
    huge = docs["hugehuge"]
    assert len(huge.doc_id) == 1_000 and len(huge.title) == 2_000 and len(huge.outlet) == 500  # bounded
    hostile = docs[HOSTILE[:8]]
    assert hostile.doc_id == HOSTILE and hostile.title == HOSTILE and hostile.outlet == HOSTILE  # NUL, \ud800 gone
    assert HOSTILE in hostile.text
    assert "\ufffd" in docs["bytes"].text and docs["bytes"].title == "caf\ufffd \ufffd"
    assert store.events(EventFilter(source=HOSTILE)) == [] and store.events(EventFilter(issue=HOSTILE)) == []
    assert store.stats().documents == 3  # every table still there


def test_hostile_filters_on_the_command_line(tmp_path, store_url, store, coder):
    ingest([str(write_jsonl(tmp_path / "c.jsonl", articles(10, seed=5)))], store, coder)
    store.close()
    bad = run("events", "--db", store_url, "--source", "USA'; DROP TABLE events; --")
    assert bad.returncode == 2 and "--source takes an actor" in bad.stderr and "Traceback" not in bad.stderr
    odd = run("events", "--db", store_url, "--issue", "TRADE' OR '1'='1", "--format", "json")
    assert odd.returncode == 0 and json.loads(odd.stdout) == []
    assert json.loads(run("stats", "--db", store_url, "--json").stdout)["documents"] == 10


# ---------------------------------------------------------------------------------------------- commands


def test_cli_ingest_stats_events_dyad_recode(tmp_path, store_url):
    corpus = write_jsonl(tmp_path / "c.jsonl", articles(60, seed=11))
    done = run("ingest", str(corpus), "--db", store_url, "--batch-size", "16")
    assert done.returncode == 0, done.stderr
    assert "60 read, 60 coded, 0 duplicates, 60 documents" in done.stderr
    stats = json.loads(run("stats", "--db", store_url, "--json").stdout)
    assert stats["documents"] == 60 and stats["events"] > 60 and stats["mentions"] >= stats["events"]
    records = [json.loads(line) for line in run("events", "--db", store_url).stdout.splitlines()]
    assert len(records) == stats["events"] and all("num_articles" in r for r in records)
    country = records[0]["source"]["country"]
    mine = [json.loads(line) for line in run("events", "--db", store_url, "--country", country).stdout.splitlines()]
    assert mine and all(country in ((r["source"] or {}).get("country"), (r["target"] or {}).get("country"))
                        for r in mine)
    page = json.loads(run("events", "--db", store_url, "--format", "json", "--limit", "5", "--offset", "2").stdout)
    assert [r["event_id"] for r in page] == [r["event_id"] for r in records[2:7]]
    csv_out = run("events", "--db", store_url, "--format", "csv", "--quad", "1").stdout.splitlines()
    assert csv_out[0].startswith("event_id,") and csv_out[0].endswith("num_articles,num_sources,doc_hash")
    assert len(csv_out) - 1 == sum(r["quad_class"] == 1 for r in records)
    source, target = records[0]["source"]["country"], records[0]["target"]["country"]
    series = json.loads(run("dyad", source, target, "--db", store_url, "--freq", "week", "--json").stdout)
    assert sum(row["events"] for row in series) >= 1 and all(set(row) >= {"quad1", "goldstein_mean"}
                                                              for row in series)
    table = run("dyad", source, target, "--db", store_url)
    assert table.returncode == 0 and "goldstein_sum" in table.stdout
    current = run("recode", "--db", store_url)  # every document is coded with this version already
    assert current.returncode == 0 and "0 documents re-coded" in current.stderr
    assert "60 documents already coded with it left alone" in current.stderr
    recoded = run("recode", "--db", store_url, "--all")
    assert recoded.returncode == 0 and "60 documents re-coded" in recoded.stderr
    assert json.loads(run("stats", "--db", store_url, "--json").stdout)["events"] == stats["events"]


def test_recode_keeps_the_store_as_a_clean_ingest_leaves_it(tmp_path, store_url, store, coder):
    ingest([str(write_jsonl(tmp_path / "c.jsonl", articles(30, seed=13)))], store, coder)
    before = store.stats()
    events = store.events(EventFilter())
    summary = recode(store, coder, page=7, everything=True)
    assert summary.documents == 30 and store.stats() == before and store.events(EventFilter()) == events


def test_recode_leaves_documents_of_the_current_version_alone(tmp_path, store, coder, monkeypatch):
    ingest([str(write_jsonl(tmp_path / "c.jsonl", articles(12, seed=17)))], store, coder)
    assert recode(store, coder, page=5).documents == 0
    monkeypatch.setattr("accord.ingest.recode.coder_version", lambda: "accord next")
    first = recode(store, coder, page=5)
    assert (first.documents, first.current) == (12, 0)
    assert {d.coder_version for d in store.documents()} == {"accord next"}
    assert set(store.stats().coder_versions) == {"accord next"}
    again = recode(store, coder, page=5)
    assert (again.documents, again.current, again.events) == (0, 12, 0)


def test_store_errors_are_one_line(tmp_path):
    for args in (("stats", "--db", "postgresql://nobody@127.0.0.1:9/none"), ("stats", "--db", "mysql://x/y"),
                 ("events", "--db", str(tmp_path / "absent.duckdb")), ("dyad", "USA", "CHN", "--freq", "year"),
                 ("ingest", "-", "--date", "yesterday")):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "absent.duckdb").exists()


def test_stdin_jsonl_and_the_json_summary(tmp_path):
    lines = "".join(json.dumps(d) + "\n" for d in articles(5, seed=9))
    result = run("ingest", "-", "--db", str(tmp_path / "s.duckdb"), "--json", "--quiet", stdin=lines)
    assert result.returncode == 0 and result.stderr == ""
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == 5 and summary["events_written"] >= 5 and summary["skipped"] == {}


def test_a_missing_input_exits_1_after_storing_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.duckdb"),
                 "--date", "2025-01-01")
    assert result.returncode == 1 and "nope.txt: no such file or folder" in result.stderr
    assert json.loads(run("stats", "--db", str(tmp_path / "s.duckdb"), "--json").stdout)["documents"] == 1


# ---------------------------------------------------------------------------------------------- the crash


def test_sigkill_half_way_then_resume_equals_a_clean_run(tmp_path, store_url, another_url):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", articles(400, seed=21))
    clean = run("ingest", str(corpus), "--db", another_url, "--batch-size", "8", "--quiet")
    assert clean.returncode == 0, clean.stderr

    # Killed twice (the second time while resuming), then run to the end. The store cannot be polled while
    # a DuckDB writer holds the file, so the kill follows the run's own "batch N stored" lines (--verbose).
    stored = 0
    for _ in range(2):
        _ingest_and_kill(corpus, store_url, after="batch 3 stored")
        killed = json.loads(run("stats", "--db", store_url, "--json").stdout)
        assert stored + 24 <= killed["documents"] < 400, killed  # whole batches, and not all of them
        stored = killed["documents"]

    resumed = run("ingest", str(corpus), "--db", store_url, "--batch-size", "8", "--quiet", "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["duplicates"] == stored
    got, want = snapshot(store_url), snapshot(another_url)
    assert got["stats"] == want["stats"]
    assert got["mentions"] == want["mentions"]
    assert got["documents"] == want["documents"]
    assert got["events"] == want["events"]  # same story keys, counts and first mentions


def _ingest_and_kill(corpus: Path, url: str, after: str) -> None:
    args = [str(CLI), "ingest", str(corpus), "--db", url, "--batch-size", "8", "--verbose"]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **NO_PROXY})
    try:
        assert _wait_for_line(child, after, timeout=45), f"the run never printed {after!r}"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL


def _wait_for_line(child: subprocess.Popen, needle: str, timeout: float) -> bool:
    selector = selectors.DefaultSelector()
    selector.register(child.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.5):
            continue
        line = child.stderr.readline()
        if not line:
            return False
        if needle in line:
            return True
    return False


def test_text_cleaned_by_ingest_is_coded_as_if_cleaned_again(coder):
    # ingest cleans before hashing and tells the coder so; the events must be those of cleaning twice
    from accord.ingest.prepare import prepare
    from accord.text.documents import Document

    body = "The United States praised Japan on Monday. China criticized Russia over the border talks."
    raw = [body, "Share this:\nHome | World\n" + body + "\nRelated posts\nMore",
           f"<html><body><p>{body}&#1; tail&#13;</p><p>&lt;b&gt; {body}</p></body></html>",  # extraction leaves \x01
           "Share this:\n<html> " + body, body.replace(" ", "\r\n", 3)]
    documents = [prepare(Document(id=f"d{i}", text=text, date="2025-10-28"), None).document
                 for i, text in enumerate(raw)]
    twice = list(coder.code_documents(documents))
    once = list(coder.code_documents(documents, cleaned=True))
    assert [(r.text, [e.to_record() for e in r.events]) for r in once] == \
        [(r.text, [e.to_record() for e in r.events]) for r in twice]
    assert sum(len(r.events) for r in once) >= 5
