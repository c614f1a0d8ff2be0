"""``accord network``: who acts on whom, as directed edges between countries or actors."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from accord.analysis import network as build_network
from accord.analysis.network import LEVELS
from accord.cli.common import err
from accord.cli.db import DB_HELP, store_session
from accord.cli.filters import (
    CodeOption,
    CountryOption,
    EndOption,
    IssueOption,
    QuadOption,
    SourceOption,
    StartOption,
    TargetOption,
    event_filter,
)


def network(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    level: str = typer.Option("country", "--level", help=f"Nodes: {' or '.join(LEVELS)} codes."),
    min_events: int = typer.Option(1, "--min-events", min=1, help="Only edges with at least this many events."),
    limit: int = typer.Option(200, "--limit", min=1, help="The heaviest this many edges."),
    source: SourceOption = None,
    target: TargetOption = None,
    country: CountryOption = None,
    code: CodeOption = None,
    quad: QuadOption = None,
    issue: IssueOption = None,
    start: StartOption = None,
    end: EndOption = None,
    as_json: bool = typer.Option(False, "--json", help='One JSON object {"nodes": [...], "edges": [...]}.'),
) -> None:
    """Directed edges (source -> target) with their event, cooperation and conflict counts, heaviest first."""
    if level not in LEVELS:
        err(f"accord network: --level takes {' or '.join(LEVELS)}, not {level!r}")
        raise typer.Exit(2)
    where = event_filter("network", source=source, target=target, country=country, code=code, quad=quad,
                         issue=issue, start=start, end=end)
    with store_session(db, "network") as store:
        graph = build_network(store, where, level=level, min_events=min_events, limit=limit)
    if as_json:
        print(json.dumps(graph, ensure_ascii=False))
        return
    table = Table(title=f"event network by {level}", title_justify="left")
    for column in ("source", "target", "events", "cooperation", "conflict", "goldstein_mean"):
        table.add_column(column, justify="left" if column in ("source", "target") else "right")
    for edge in graph["edges"]:
        mean = edge["goldstein_mean"]
        table.add_row(edge["source"], edge["target"], str(edge["events"]), str(edge["cooperation"]),
                      str(edge["conflict"]), "" if mean is None else f"{mean:.2f}")
    console = Console()
    if not console.is_terminal:  # piped: no terminal width to fit, and headers must not be cut
        console = Console(width=160)
    console.print(table)
    if not graph["edges"]:
        err("accord network: no edges")
