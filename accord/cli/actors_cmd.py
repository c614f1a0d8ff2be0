"""``accord actors``: list the actors each document names, resolved on the document's date."""

from __future__ import annotations

import json
from collections import Counter

import typer
from rich.console import Console
from rich.table import Table

from accord.actors import ActorResolver, find_mentions
from accord.cli.common import err, knowledge_or_exit
from accord.text.documents import Skipped, read_documents


def actors(
    inputs: list[str] = typer.Argument(..., help="Files, folders, JSONL documents or - for stdin."),
    date: str = typer.Option(None, "--date", help="Date for documents that carry none (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per mention instead of a table."),
) -> None:
    """Find and resolve the actors named in documents."""
    resolver = ActorResolver(knowledge_or_exit())
    console = Console()
    skipped: Counter[str] = Counter()
    documents = 0
    for item in read_documents(inputs, date):
        if isinstance(item, Skipped):
            skipped[item.reason] += 1
            err(f"{item.where}: skipped: {item.reason}")
            continue
        documents += 1
        try:
            mentions = find_mentions(resolver, item.text, item.date)
        except ValueError as exc:
            skipped["bad date"] += 1
            err(f"{item.id}: skipped: {exc}")
            continue
        if as_json:
            for m in mentions:
                print(json.dumps({"doc_id": item.id, "date": item.date, "text": m.text, "start": m.start,
                                  "end": m.end, **m.actor.to_dict()}, ensure_ascii=False))
            continue
        table = Table(title=f"{item.id} ({item.date or 'no date'})", show_lines=False)
        for column in ("mention", "code", "kind", "who / office on that date"):
            table.add_column(column)
        seen = set()
        for m in mentions:
            key = (m.text, m.actor.code)
            if key in seen:
                continue
            seen.add(key)
            who = " - ".join(part for part in (m.actor.name, m.actor.role) if part)
            table.add_row(m.text, m.actor.code or "-", m.actor.kind, who)
        console.print(table)
    summary = f"{documents} documents read"
    if skipped:
        summary += ", skipped: " + ", ".join(f"{n} {reason}" for reason, n in skipped.items())
    err(summary)
