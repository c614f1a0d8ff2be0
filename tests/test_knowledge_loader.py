"""Loading the knowledge files: counts, sources, and malformed entries reported by file and line."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from accord.knowledge import KnowledgeLoadError, load_knowledge
from accord.knowledge.loader import DATA_DIR
from tests.conftest import CLI

REQUIRED_ISO3 = {"USA", "JPN", "CHN", "KOR", "PRK", "TWN", "XKX", "PSE", "VAT", "THA", "KHM", "RUS", "UKR"}


def test_whole_knowledge_base_loads_with_its_sizes(kb):
    counts = kb.counts()
    assert counts["cameo_codes"] >= 300
    assert counts["countries"] >= 197
    assert counts["people"] >= 1000
    assert counts["organisations"] >= 200
    assert counts["places"] >= 300
    assert counts["agents"] >= 300
    assert counts["topics"] >= 10


def test_every_un_member_observer_taiwan_and_kosovo(kb):
    assert REQUIRED_ISO3 <= set(kb.countries)
    statuses = [c.status for c in kb.countries.values()]
    assert statuses.count("member") == 193
    assert statuses.count("observer") == 2


def test_every_file_names_its_sources(kb):
    assert kb.sources, "no sources recorded"
    for name, sources in kb.sources.items():
        assert sources, f"{name} names no source"


@pytest.fixture()
def broken_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path, line):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_bad_date_is_reported_with_file_and_line(broken_copy):
    people = sorted((broken_copy / "people").glob("*.csv"))[0]
    line_number = len(people.read_text(encoding="utf-8").splitlines()) + 1
    _append(people, "Nobody Atall,,JPN,GOV,Prime Minister,2020-13-45,,test")
    with pytest.raises(KnowledgeLoadError) as info:
        load_knowledge(broken_copy)
    assert f"{people}:{line_number}:" in str(info.value)
    assert "start" in str(info.value)


def test_unknown_sector_wrong_field_count_and_bad_country(broken_copy):
    _append(broken_copy / "agents.csv", "wizard,WIZ,agent")
    _append(broken_copy / "organisations.csv", "Nowhere Org,,IGONOW")
    _append(broken_copy / "places.csv", "Atlantis,,ATL,city")
    with pytest.raises(KnowledgeLoadError) as info:
        load_knowledge(broken_copy)
    text = str(info.value)
    assert "agents.csv" in text and "unknown sector 'WIZ'" in text
    assert "organisations.csv" in text and "expected 6 fields, found 3" in text
    assert "places.csv" in text and "unknown country code 'ATL'" in text


def test_overlapping_terms_of_one_office_are_rejected(broken_copy):
    people = broken_copy / "people" / "extra.csv"
    people.write_text(
        "# source: test\nname,aliases,country,sector,role,start,end,source\n"
        "Test Person,,JPN,GOV,Prime Minister,2020-01-01,2021-01-01,test\n"
        "Test Person,,JPN,GOV,Prime Minister,2020-06-01,2022-01-01,test\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeLoadError) as info:
        load_knowledge(broken_copy)
    assert f"{people}:4:" in str(info.value) and "overlaps" in str(info.value)


def test_cli_reports_a_malformed_file_without_a_traceback(broken_copy):
    _append(broken_copy / "countries.csv", "XXX,Nowhere")
    result = subprocess.run([str(CLI), "info", "--json"], capture_output=True, text=True,
                            env={"ACCORD_KNOWLEDGE_DIR": str(broken_copy), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "countries.csv:" in result.stderr and "expected 7 fields" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_without_sources_is_refused(broken_copy):
    topics = broken_copy / "topics.csv"
    kept = [line for line in topics.read_text(encoding="utf-8").splitlines() if not line.startswith("# source")]
    topics.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeLoadError, match="topics.csv:1: no '# source:' line"):
        load_knowledge(broken_copy)
