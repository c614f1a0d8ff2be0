"""``accord dyad``: what one actor did to another, period by period."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from accord.cli.common import err
from accord.cli.db import DB_HELP, store_session
from accord.cli.filters import actor_code, event_filter
from accord.store import FREQUENCIES


def dyad(
    source: str = typer.Argument(..., help="Source actor or country code (USA matches USAGOV, USAMIL, ...)."),
    target: str = typer.Argument(..., help="Target actor or country code."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    freq: str = typer.Option("month", "--freq", help=f"Period: {', '.join(FREQUENCIES)}."),
    start: str = typer.Option(None, "--from", help="First day (YYYY-MM-DD), inclusive."),
    end: str = typer.Option(None, "--to", help="Last day (YYYY-MM-DD), inclusive."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array on standard output."),
) -> None:
    """Events from SOURCE to TARGET per period: counts by quad class, Goldstein sum and mean."""
    if freq not in FREQUENCIES:
        err(f"accord dyad: --freq takes {', '.join(FREQUENCIES)}, not {freq!r}")
        raise typer.Exit(2)
    src, tgt = actor_code(source, "SRC", "dyad"), actor_code(target, "TGT", "dyad")
    where = event_filter("dyad", start=start, end=end)
    with store_session(db, "dyad") as store:
        rows = store.dyad(src, tgt, freq, where)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"{src} -> {tgt} by {freq}", title_justify="left")
    for column in ("period", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum", "goldstein_mean"):
        table.add_column(column, justify="left" if column == "period" else "right")
    for row in rows:
        mean = row["goldstein_mean"]
        table.add_row(row["period"], *(str(row[f]) for f in ("events", "quad1", "quad2", "quad3", "quad4")),
                      f"{row['goldstein_sum']:.1f}", "" if mean is None else f"{mean:.2f}")
    console = Console()
    if not console.is_terminal:  # piped: no terminal width to fit, and headers must not be cut
        console = Console(width=160)
    console.print(table)
    if not rows:
        err(f"accord dyad: no events from {src} to {tgt}")
