"""Reading knowledge CSV files: comment lines, a header, rows tagged with their line numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from accord.knowledge.errors import KnowledgeError


@dataclass(frozen=True)
class Row:
    """One data row: its fields by column name and where it stands in its file."""

    path: str
    line: int
    fields: dict[str, str]


def split_list(value: str) -> list[str]:
    """A ``|``-separated field as a list, blanks dropped."""
    return [part.strip() for part in value.split("|") if part.strip()]


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of ``path``; the header must be exactly ``columns``.

    Comment lines (``#``) and blank lines are skipped but still counted, so the line numbers in errors are
    the ones an editor shows.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(name, 1, f"not UTF-8 text ({exc.reason})") from None
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise KnowledgeError(name, 1, "no header line")
    header_line, header = numbered[0]
    got = tuple(cell.strip() for cell in next(csv.reader([header])))
    if got != columns:
        raise KnowledgeError(name, header_line, f"header must be {','.join(columns)}; found {header}")
    for number, line in numbered[1:]:
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            raise KnowledgeError(name, number, f"unreadable CSV: {exc}") from None
        if len(cells) != len(columns):
            raise KnowledgeError(name, number, f"expected {len(columns)} fields, found {len(cells)}")
        yield Row(name, number, {col: cell.strip() for col, cell in zip(columns, cells, strict=True)})
