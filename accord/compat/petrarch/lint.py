"""Checks of PETRARCH dictionaries beyond what loading them reports: date ranges of one actor that
overlap, names given to two actors with different codes, and event codes CAMEO does not have."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from accord.compat.petrarch.common import Problem
from accord.compat.petrarch.dictionaries import Dictionaries


def lint_dictionaries(dictionaries: Dictionaries, cameo_codes: set[str] | None = None) -> list[Problem]:
    """Every problem: those found while loading, then the cross-entry checks. With no CAMEO codes given (say
    accord's knowledge failed to load), the codes of the package's own CAMEO table are used."""
    if not cameo_codes:
        cameo_codes = packaged_cameo_codes()
    problems = list(dictionaries.problems)
    problems.extend(_overlapping_dates(dictionaries))
    problems.extend(_duplicate_names(dictionaries))
    problems.extend(_unknown_codes(dictionaries, cameo_codes))
    return problems


def _overlapping_dates(dictionaries: Dictionaries) -> list[Problem]:
    out = []
    for entry in dictionaries.actors:
        dated = [c for c in entry.codes if c.start and c.end]
        for i, a in enumerate(dated):
            for b in dated[i + 1 :]:
                if a.code != b.code and a.start < b.end and b.start < a.end:  # type: ignore[operator]
                    name = " ".join(entry.names[0][0]).upper()
                    out.append(Problem(entry.file, entry.line, f"actor {name}: {a.code} {a.start}..{a.end} overlaps "
                                                               f"{b.code} {b.start}..{b.end}"))
    return out


def _duplicate_names(dictionaries: Dictionaries) -> list[Problem]:
    seen: dict[tuple[str, ...], tuple[str, int, str]] = {}
    out = []
    for entry in dictionaries.actors:
        codes = ",".join(c.code for c in entry.codes)
        for words, _exact in entry.names:
            earlier = seen.get(words)
            if earlier and earlier[2] != codes:
                out.append(Problem(entry.file, entry.line, f"name {' '.join(words).upper()} also at {earlier[0]}:"
                                                           f"{earlier[1]} with other codes ({earlier[2]} vs {codes})"))
            elif not earlier:
                seen[words] = (entry.file, entry.line, codes)
    return out


def _unknown_codes(dictionaries: Dictionaries, cameo_codes: set[str]) -> list[Problem]:
    out = []
    for block in dictionaries.verbs.blocks:
        for pattern in block.patterns:
            for code in (pattern.codes.primary, pattern.codes.reverse):
                if code and code not in cameo_codes:
                    out.append(Problem(block.source, pattern.line, f"event code {code} is not a CAMEO code"))
    return out


@cache
def packaged_cameo_codes() -> set[str]:
    """The CAMEO codes of the ontology shipped with accord (accord/knowledge/data/cameo.csv), read as plain
    CSV so that a broken knowledge directory elsewhere cannot empty the set."""
    text = resources.files("accord.knowledge").joinpath("data", "cameo.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {row["code"].strip() for row in rows if row.get("code")}
