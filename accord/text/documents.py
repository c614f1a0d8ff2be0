"""Reading input documents: JSONL records, text files, folders of them, or standard input.

Unreadable input never stops a run: each bad record becomes a :class:`Skipped` with its reason and place.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_DOCUMENT_BYTES = 20_000_000  # larger records are skipped, not loaded whole


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    reason: str


def _from_record(record: object, where: str, default_date: str | None) -> Document | Skipped:
    if not isinstance(record, dict):
        return Skipped(where, "a JSON line must be an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "no text")
    doc_id = record.get("id")
    return Document(
        id=str(doc_id) if doc_id is not None else where,
        text=text,
        date=str(record.get("date") or default_date or "") or None,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        source=record.get("source") if isinstance(record.get("source"), str) else None,
    )


def read_jsonl_lines(lines: Iterable[str], name: str, default_date: str | None) -> Iterator[Document | Skipped]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        if len(line) > MAX_DOCUMENT_BYTES:
            yield Skipped(where, "record too large")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON ({exc.msg})")
            continue
        yield _from_record(record, where, default_date)


def _read_file(path: Path, default_date: str | None) -> Iterator[Document | Skipped]:
    if path.stat().st_size > MAX_DOCUMENT_BYTES and path.suffix != ".jsonl":
        yield Skipped(str(path), "file too large")
        return
    raw = path.read_bytes() if path.suffix != ".jsonl" else b""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as fh:
            yield from read_jsonl_lines(fh, str(path), default_date)
        return
    if b"\x00" in raw[:8192]:
        yield Skipped(str(path), "binary file")
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        yield Skipped(str(path), "not UTF-8 text")
        return
    if not text.strip():
        yield Skipped(str(path), "empty file")
        return
    yield Document(id=path.stem, text=text, date=default_date)


def read_documents(inputs: Iterable[str], default_date: str | None = None) -> Iterator[Document | Skipped]:
    """Documents from files, folders (recursively, in name order) and ``-`` (standard input)."""
    for item in inputs:
        if item == "-":
            data = sys.stdin.read()
            if data.lstrip().startswith("{"):
                yield from read_jsonl_lines(data.splitlines(), "stdin", default_date)
            elif data.strip():
                yield Document(id="stdin", text=data, date=default_date)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from _read_file(child, default_date)
        elif path.is_file():
            yield from _read_file(path, default_date)
        else:
            yield Skipped(item, "no such file or folder")
