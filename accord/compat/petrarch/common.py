"""What every PETRARCH dictionary reader shares: lines without comments, problems with file and line,
phrases written with underscores, and dates written the PETRARCH way."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A malformed dictionary line. It is reported and skipped; it never stops a run."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Line:
    number: int
    text: str  # comments and trailing blanks removed; leading blanks kept (they mark code lines)
    comment: str = ""  # what followed "#": PETRARCH-2 verb patterns name their verb there ("# RUSH")


_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def read_lines(path: Path) -> Iterator[Line]:
    """The lines of a dictionary with ``#`` comments and ``<!-- -->`` blocks removed, numbered as in the file.

    The files in the wild mix encodings (the Phoenix country list holds Latin-1 bytes among UTF-8), so each
    line is decoded on its own: UTF-8 when it can be, else Latin-1, which never fails.
    """
    raw = path.read_bytes()
    text = "\n".join(_decode(chunk) for chunk in raw.split(b"\n"))
    # Blank out XML comments but keep their line breaks, so line numbers stay true.
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    for number, line in enumerate(text.split("\n"), start=1):
        line, _, comment = line.partition("#")
        line = line.rstrip()
        if line.strip().startswith("<") and line.strip().endswith(">"):
            continue  # a one-line XML-ish marker ("<! -- NEW ACTORS -->", "<Verbs>")
        if line.strip():
            yield Line(number, line, comment.strip())


def _decode(chunk: bytes) -> str:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return chunk.decode("latin-1")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """``PRESIDENT_GEORGE_W._BUSH`` -> ("president", "george", "w.", "bush"). A trailing underscore (which
    marks an exact word in TABARI) is dropped here; see ``is_exact``."""
    return tuple(w.lower() for w in re.split(r"[_\s]+", phrase.strip()) if w)


def is_exact(phrase: str) -> bool:
    """TABARI's rule: a name ending in ``_`` matches only the whole word; without it the last word is a stem
    ("ARGENTIN" matches Argentina and Argentine)."""
    return phrase.rstrip().endswith("_")


_DATE = re.compile(r"^\d{6}$|^\d{8}$")


def parse_date(text: str) -> dt.date:
    """A PETRARCH date: YYYYMMDD or YYMMDD (years 30-99 are 19xx, 00-29 are 20xx, as PETRARCH reads them)."""
    text = text.strip()
    if not _DATE.match(text):
        raise ValueError(f"bad date {text!r} (want YYMMDD or YYYYMMDD)")
    if len(text) == 6:
        year = int(text[:2])
        text = f"{1900 + year if year >= 30 else 2000 + year}{text[2:]}"
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise ValueError(f"bad date {text!r} ({exc})") from None
