"""PETRARCH validation suites: the XML records (text, date, expected codings) and the dictionaries their
``<Environment>`` names, read from the suite's folder."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.compat.petrarch.common import parse_date

_ENVIRONMENT_FILES = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards",
                      "PICOfile": "pico"}


@dataclass
class Record:
    id: str
    category: str
    day: dt.date
    text: str
    expected: set[tuple[str, str, str]] = field(default_factory=set)  # (source, target, code)
    error: str | None = None  # an ERROR record's expected error ("sentencediscard", ...)
    config: dict[str, str] = field(default_factory=dict)  # <Config> options in force ("require_dyad" -> "false")


@dataclass
class Suite:
    path: Path
    files: dict[str, list[Path]]  # "verbs" -> [paths], ...
    records: list[Record]
    # PETRARCH-1's validator applies each <Config> tag to the records after it; UD-PETRARCH's validator
    # reads no <Config> tag at all, and its suites' expectations are written without them. A suite is
    # UD-PETRARCH's when its parses are CoNLL-U rows rather than bracketed trees.
    honours_config: bool = True


class SuiteError(ValueError):
    """The suite file cannot be read (not XML, no records)."""


def read_suite(path: Path) -> Suite:
    """Read a suite. The files in the wild are not always well-formed XML (comments inside comments, stray
    ampersands), so records are read the forgiving way: by their tags."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    head, marker, body = raw.partition("</Environment>")
    if not marker:
        head, body = "", raw
    files: dict[str, list[Path]] = {}
    for tag, kind in _ENVIRONMENT_FILES.items():
        for names in re.findall(rf"<{tag}>(.*?)</{tag}>", head, re.S):
            for name in names.replace(",", " ").split():
                files.setdefault(kind, []).append(path.parent / name)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    # <Config option=... value=...> tags change PETRARCH's options for the records that follow them
    config = {k.lower(): v.lower() for k, v in _CONFIG.findall(head)}
    records = []
    for chunk in body.split("<Sentence ")[1:]:
        record = _record(chunk)
        record.config = dict(config)
        records.append(record)
        config.update({k.lower(): v.lower() for k, v in _CONFIG.findall(chunk.split("</Sentence>", 1)[-1])})
    if not records:
        raise SuiteError(f"{path}: no <Sentence> records")
    return Suite(path, files, records, honours_config=not _CONLL_PARSE.search(body))


_CONLL_PARSE = re.compile(r"<Parse>\s*1\t")
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_CONFIG = re.compile(r'<Config\s+option\s*=\s*"([^"]*)"\s+value\s*=\s*"([^"]*)"')


def _record(chunk: str) -> Record:
    attributes = dict(_ATTRIBUTE.findall(chunk.split(">", 1)[0]))
    text = re.search(r"<Text>(.*?)</Text>", chunk, re.S)
    try:
        day = parse_date(attributes.get("date", "20000101"))
    except ValueError:
        day = dt.date(2000, 1, 1)
    record = Record(attributes.get("id", "?"), attributes.get("category", ""), day,
                    html.unescape(" ".join(text.group(1).split())) if text else "")
    for inside in re.findall(r"<EventCoding ([^>]*)>", chunk):
        coding = dict(_ATTRIBUTE.findall(inside))
        if coding.get("error"):
            record.error = coding["error"]
        elif "eventcode" in coding:
            record.expected.add((coding.get("sourcecode", ""), coding.get("targetcode", ""), coding["eventcode"]))
    return record
