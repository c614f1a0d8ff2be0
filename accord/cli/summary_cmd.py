"""``accord summary``: a readable account of coded events (JSONL from ``accord code``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import typer
from rich.console import Console
from rich.table import Table

from accord.cli.common import err


def summary(events_file: str = typer.Argument(..., help="Events as JSONL from accord code, or - for stdin.")) -> None:
    """Print each document's events (who did what to whom) and the totals by CAMEO root and quad class."""
    import sys

    stream = sys.stdin if events_file == "-" else open(events_file, encoding="utf-8")
    by_doc: dict[str, list[dict]] = defaultdict(list)
    bad = 0
    with stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                event = json.loads(line)
                by_doc[str(event["doc_id"])].append(event)
            except (json.JSONDecodeError, KeyError, TypeError):
                bad += 1
    console = Console()
    quads: Counter[int] = Counter()
    for doc_id, events in by_doc.items():
        table = Table(title=f"{doc_id} ({events[0].get('date')})", title_justify="left")
        for column in ("source", "", "target", "event", "trigger", "where"):
            table.add_column(column)
        for e in events:
            quads[e.get("quad_class")] += 1
            source, target = e.get("source") or {}, e.get("target") or {}
            who = source.get("name") or source.get("text") or ""
            whom = target.get("name") or target.get("text") or ""
            table.add_row(
                f"{source.get('code', '-')} {who}"[:40],
                "->",
                f"{target.get('code', '-')} {whom}"[:40] if target else "-",
                f"{e['cameo']} {e.get('cameo_name', '')}"[:40],
                (e.get("trigger") or {}).get("text", ""),
                (e.get("location") or {}).get("name") or "",
            )
        console.print(table)
    total = sum(quads.values())
    names = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
    console.print(f"{total} events in {len(by_doc)} documents: " + ", ".join(
        f"{quads[q]} {names[q]}" for q in (1, 2, 3, 4)))
    if bad:
        err(f"accord summary: {bad} unreadable lines skipped")
