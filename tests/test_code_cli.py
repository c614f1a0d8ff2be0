"""`accord code` through the installed command: inputs, output formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pyarrow.parquet as pq

from tests.conftest import CLI

DOCS = [
    {"id": "a", "date": "2025-10-28", "text": "President Donald Trump praised Japanese Prime Minister Sanae Takaichi "
                                               "in Tokyo on Tuesday."},
    {"id": "b", "date": "2025-10-09", "text": "China restricted exports of rare earths. The United States "
                                               "threatened new tariffs on Chinese goods."},
]


def run(*args, stdin=None, timeout=300, env=None):
    return subprocess.run([str(CLI), *args], input=stdin, capture_output=True, text=True, timeout=timeout, env=env)


def jsonl(docs):
    return "".join(json.dumps(d) + "\n" for d in docs)


def test_jsonl_from_stdin_follows_the_contract():
    result = run("code", "-", "--format", "jsonl", stdin=jsonl(DOCS))
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["doc_id"] for e in events} == {"a", "b"}
    praise = [e for e in events if e["cameo"] == "051"][0]
    assert praise["source"]["code"] == "USAGOV" and praise["target"]["code"] == "JPNGOV"
    assert praise["quad_class"] == 1 and praise["plover"]["event"] == "SUPPORT" and praise["cameo_root"] == "05"
    assert DOCS[0]["text"][praise["trigger"]["start"] : praise["trigger"]["end"]] == "praised"
    assert praise["location"] == {"name": "Tokyo", "country": "JPN"}
    assert "2 documents coded" in result.stderr


def test_tsv_csv_and_parquet_carry_the_same_events(tmp_path):
    base = [json.loads(line) for line in run("code", "-", stdin=jsonl(DOCS)).stdout.splitlines()]
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        out = run("code", "-", "--format", fmt, stdin=jsonl(DOCS)).stdout
        rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
        assert [r["event_id"] for r in rows] == [e["event_id"] for e in base]
        assert rows[0]["source_code"] == base[0]["source"]["code"]
    target = tmp_path / "events.parquet"
    assert run("code", "-", "--format", "parquet", "-o", str(target), stdin=jsonl(DOCS)).returncode == 0
    table = pq.read_table(target).to_pylist()
    assert [r["event_id"] for r in table] == [e["event_id"] for e in base]


def test_folder_with_bad_files_codes_the_good_one(tmp_path):
    (tmp_path / "good.txt").write_text(DOCS[0]["text"], encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "french.txt").write_text("Le président a rencontré le premier ministre japonais à Tokyo pour "
                                         "discuter des échanges commerciaux et de la coopération.", encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><div><p>President Donald Trump praised Japanese Prime "
                                          "Minister Sanae Takaichi.<script>alert(1)</script><p>Unclosed",
                                          encoding="utf-8")
    result = run("code", str(tmp_path), "--date", "2025-10-28")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["doc_id"] for e in events} == {"good", "broken"}
    assert "alert" not in result.stdout
    assert "1 empty file" in result.stderr and "1 binary file" in result.stderr and "1 not English" in result.stderr


def test_malformed_jsonl_lines_are_counted_and_skipped():
    lines = jsonl(DOCS[:1]) + "{broken\n" + json.dumps(["not", "an", "object"]) + "\n" + jsonl(DOCS[1:])
    result = run("code", "-", stdin=lines)
    assert result.returncode == 0
    assert {json.loads(line)["doc_id"] for line in result.stdout.splitlines()} == {"a", "b"}
    assert "stdin:2: skipped: malformed JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_huge_file_is_skipped_with_a_reason(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as fh:
        line = "The minister praised the agreement. " * 100 + "\n"
        for _ in range(30_000):
            fh.write(line)  # about 100 MB
    result = run("code", str(huge), "--date", "2025-10-28")
    assert result.returncode == 0 and "file too large" in result.stderr


def test_unknown_format_is_a_clear_error():
    result = run("code", "-", "--format", "xml", stdin=jsonl(DOCS))
    assert result.returncode == 2 and "unknown format" in result.stderr


def test_summary_reads_what_code_writes(tmp_path):
    events = tmp_path / "events.jsonl"
    assert run("code", "-", "-o", str(events), stdin=jsonl(DOCS)).returncode == 0
    (tmp_path / "events.jsonl").open("a", encoding="utf-8").write("{not json\n")
    result = run("summary", str(events), env={**os.environ, "COLUMNS": "200"})  # no wrapping inside cells
    assert result.returncode == 0
    assert "USAGOV" in result.stdout and "Praise or endorse" in result.stdout
    assert "1 unreadable lines skipped" in result.stderr
