"""Score actor resolution on NGEC-style ``agent_to_code`` assertions (JSON extracted from POLECAT's coder
tests: ``../shared/eval/actor-resolution/``).

Each case gives an actor phrase, sometimes a context word and a date, and asserts the expected country
and/or sector (``code_1``). A case asserting ``code is None`` expects no actor at all. "Today" (and a
missing date) is read as :data:`TEST_TODAY`, a date inside the span (2023-2025) the tests were written in.

    python -m accord.evaluation.actor_cases ../shared/eval/actor-resolution/DERIVED_ngec_actor_resolution_asserts.json
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from accord.actors import ActorResolver, default_resolver
from accord.knowledge.schemas import SECTORS
from accord.text.tokens import tokenize

TEST_TODAY = dt.date(2023, 6, 1)
KINDS = ("named people", "titles", "groups", "places", "bare nationalities")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


@dataclass
class Case:
    text: str
    context: str
    date: dt.date
    countries: set[str] = field(default_factory=set)  # any of these is right
    not_countries: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    expects_none: bool = False


def _parse_date(value: str) -> dt.date:
    value = value.strip()
    if not value or value.lower() == "today":
        return TEST_TODAY
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {value!r}")


def _argument(expr: str, case: dict) -> str:
    m = re.fullmatch(r"d\['(\w+)'\]", expr.strip())
    if m:
        return str(case.get(m.group(1), ""))
    value = ast.literal_eval(expr)
    return value if isinstance(value, str) else ""


def _value(expr: str, case: dict) -> object:
    m = re.fullmatch(r"d\['(\w+)'\]", expr.strip())
    return case.get(m.group(1), "") if m else ast.literal_eval(expr)


def parse_cases(path: Path) -> list[Case]:
    """The ``agent_to_code`` cases of the file, with their expectations."""
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        if item.get("method") != "agent_to_code":
            continue
        data = item.get("case") or {}
        args = item["call_args"]
        case = Case(
            text=_argument(args[0], data),
            context=_argument(args[1], data) if len(args) > 1 else "",
            date=_parse_date(_argument(args[2], data) if len(args) > 2 else ""),
        )
        for assertion in item["asserts"]:
            if assertion.strip() == "code is None":
                case.expects_none = True
                continue
            m = re.fullmatch(r"code\['(country|code_1)'\]\s*(==|!=|in)\s*(.+)", assertion.strip())
            if not m:
                continue  # wiki titles, code_2 and the like are not ours to score
            column, op, expr = m.groups()
            value = _value(expr, data)
            values = set(value) if isinstance(value, list) else {str(value)}
            if column == "country":
                (case.countries if op != "!=" else case.not_countries).update(values)
            else:
                case.sectors.update(values)
        # A few assertions swap country and sector ("country == 'LEG'"): read them the right way round.
        if case.countries and case.countries <= SECTORS and case.sectors and not case.sectors & SECTORS - {""}:
            case.countries, case.sectors = case.sectors, case.countries
        cases.append(case)
    return cases


def classify(resolver: ActorResolver, case: Case) -> str:
    """Which kind of phrase a case is, from its surface and the knowledge matches (for reporting only)."""
    tokens = tokenize(case.text)
    matches = resolver.matches(tokens)
    kinds = {m.kind for m in matches}
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    unknown_names = [t for i, t in enumerate(tokens) if i not in covered and t.is_capitalised and t.key != "the"]
    if "person" in kinds or "surname" in kinds or (len(unknown_names) >= 2 and not kinds & {"organisation"}):
        return "named people"
    if kinds & {"title"} and not kinds & {"agent", "organisation"}:
        return "titles"
    if kinds and kinds <= {"country", "adjective", "demonym", "generic"} and "generic" not in kinds:
        return "bare nationalities"
    if kinds and kinds <= {"place", "capital", "seat"}:
        return "places"
    return "groups"


def score(path: Path, resolver: ActorResolver | None = None) -> dict:
    """Country and sector accuracy overall and by kind, over the cases that assert each."""
    resolver = resolver or default_resolver()
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"country": [0, 0], "sector": [0, 0]})
    misses = []
    for case in parse_cases(path):
        actor = resolver.resolve(case.text, case.date, case.context or None)
        country = actor.country if actor else ""
        sector = actor.sector if actor else ""
        kind = classify(resolver, case)
        checks = {}
        if case.expects_none:
            checks["country"] = checks["sector"] = actor is None
        if case.countries or case.not_countries:
            ok = (not case.countries or country in case.countries) and country not in case.not_countries
            checks["country"] = ok and checks.get("country", True)
        if case.sectors:
            checks["sector"] = sector in case.sectors and checks.get("sector", True)
        for metric, ok in checks.items():
            for bucket in ("all", kind):
                totals[bucket][metric][0] += ok
                totals[bucket][metric][1] += 1
        if not all(checks.values()):
            misses.append({"text": case.text, "date": str(case.date), "kind": kind,
                           "want": {"country": sorted(case.countries), "sector": sorted(case.sectors),
                                    "none": case.expects_none},
                           "got": actor.to_dict() if actor else None})
    report = {
        bucket: {metric: {"correct": c, "total": n, "accuracy": round(c / n, 3) if n else None}
                 for metric, (c, n) in metrics.items()}
        for bucket, metrics in totals.items()
    }
    return {"by_kind": report, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--misses", action="store_true", help="also list every case we get wrong")
    args = parser.parse_args()
    result = score(args.path)
    print(f"{'kind':20} {'country':>16} {'sector':>16}")
    for bucket in ("all", *KINDS):
        row = result["by_kind"].get(bucket)
        if not row:
            continue
        cells = [f"{row[m]['accuracy']:.3f} ({row[m]['correct']}/{row[m]['total']})" if row[m]["total"] else "-"
                 for m in ("country", "sector")]
        print(f"{bucket:20} {cells[0]:>16} {cells[1]:>16}")
    if args.misses:
        for miss in result["misses"]:
            print(json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    main()
