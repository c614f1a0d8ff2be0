"""PETRARCH actor dictionaries: names (``_`` joins words, ``+`` lines add synonyms) and codes, some valid
only between dates::

    GONDOR [GON]
    +MINAS_TIRITH
    SAM_GAMGEE [HOB]
        [HOBMIL 20080120-20121109]
        [HOBELI >20130119]
    THE_SHIRE [FRO/BIL/SAM]      a compound code: the name stands for each of these actors
    ISILDUR [+++]                 TABARI's special codes +++ and ### are kept as they are
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.compat.petrarch.common import Problem, is_exact, parse_date, phrase_words, read_lines

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^(?:[A-Za-z0-9~-]{1,40}(?:/[A-Za-z0-9~-]{1,40})*|\+\+\+|###)$")


@dataclass(frozen=True)
class DatedCode:
    """A code, valid from ``start`` (inclusive) until ``end`` when those are set: ``<D`` ends before D,
    a range ``D1-D2`` takes in D2 as well (PETRARCH's unit suite codes the last day of a range with it)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end or (
            self.start is not None and day == self.end))


@dataclass
class ActorEntry:
    """One actor: its names and its codes, in file order (the first code that holds on a date wins)."""

    names: list[tuple[tuple[str, ...], bool]]  # (words, exact last word)
    codes: list[DatedCode] = field(default_factory=list)
    file: str = ""
    line: int = 0

    def code_on(self, day: dt.date) -> str | None:
        """The code on a date. A dated null code (``[--- <950630]``) yields to the actor's other codes, as
        PETRARCH codes it (the suites expect ``[DOL]`` of ``PRINCE OF DOL AMROTH`` then)."""
        null = False
        for code in self.codes:
            if code.dated and code.holds_on(day):
                if code.code != "---":
                    return code.code
                null = True
        plain = [c.code for c in self.codes if not c.dated]
        return plain[0] if plain else ("---" if null else None)


def parse_code(text: str) -> DatedCode:
    """The inside of ``[...]``: ``CODE``, ``CODE <D``, ``CODE >D``, ``CODE D1-D2`` (spaces optional)."""
    text = text.strip()
    if not text:
        raise ValueError("empty code []")
    parts = text.split(None, 1)
    code, rest = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    if not _CODE.match(code):
        raise ValueError(f"bad code {code!r}")
    if not rest:
        return DatedCode(code.upper())
    if rest.startswith("<"):
        return DatedCode(code.upper(), None, parse_date(rest[1:]))
    if rest.startswith(">"):
        return DatedCode(code.upper(), parse_date(rest[1:]), None)
    if "-" in rest:
        first, last = rest.split("-", 1)
        start, end = parse_date(first), parse_date(last)
        if end < start:
            raise ValueError(f"date range ends before it starts ({rest})")
        return DatedCode(code.upper(), start, end)
    raise ValueError(f"bad date restriction {rest!r}")


def codes_in(text: str, where: Path, number: int, problems: list[Problem]) -> list[DatedCode]:
    """Every ``[...]`` code of a line; a malformed one is reported and left out."""
    if text.count("[") != text.count("]"):
        problems.append(Problem(str(where), number, f"unbalanced brackets in {text.strip()!r}"))
        return []
    out = []
    for inside in _BRACKETS.findall(text):
        try:
            out.append(parse_code(inside))
        except ValueError as exc:
            problems.append(Problem(str(where), number, str(exc)))
    return out


def read_actors(path: Path, problems: list[Problem]) -> list[ActorEntry]:
    """The actors of one dictionary file; malformed lines go to ``problems``."""
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for line in read_lines(path):
        stripped = line.text.strip()
        if stripped.startswith("["):  # a code line of the current actor
            if current is None:
                problems.append(Problem(str(path), line.number, "code with no actor before it"))
                continue
            current.codes.extend(codes_in(stripped, path, line.number, problems))
            continue
        name, _, codes = stripped.partition("[")
        codes = "[" + codes if codes else ""
        if stripped.startswith("+"):
            if current is None:
                problems.append(Problem(str(path), line.number, "synonym with no actor before it"))
                continue
            words = phrase_words(name[1:])
            if words:
                current.names.append((words, is_exact(name[1:])))
            current.codes.extend(codes_in(codes, path, line.number, problems))
            continue
        if "]" in name:
            problems.append(Problem(str(path), line.number, f"unbalanced brackets in {stripped!r}"))
            continue
        words = phrase_words(name)
        if not words:
            problems.append(Problem(str(path), line.number, f"no name in {stripped!r}"))
            continue
        if current is not None and not current.codes:
            # Names in a row with no code between them share the codes that follow them all.
            current.names.append((words, is_exact(name)))
            current.codes.extend(codes_in(codes, path, line.number, problems))
            continue
        _close(current, entries, problems)
        current = ActorEntry([(words, is_exact(name))], [], str(path), line.number)
        current.codes.extend(codes_in(codes, path, line.number, problems))
    _close(current, entries, problems)
    return entries


def _close(entry: ActorEntry | None, entries: list[ActorEntry], problems: list[Problem]) -> None:
    if entry is None:
        return
    if not entry.codes:
        problems.append(Problem(entry.file, entry.line, f"actor {' '.join(entry.names[0][0]).upper()} has no code"))
        return
    entries.append(entry)
