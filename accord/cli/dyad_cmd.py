"""``accord dyad``: what one actor did to another, period by period, with the cooperation-conflict index."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from accord.analysis import dyad_series, momentum
from accord.cli.common import err
from accord.cli.db import DB_HELP, store_session
from accord.cli.filters import EndOption, IssueOption, StartOption, actor_code, event_filter
from accord.store import FREQUENCIES


def dyad(
    source: str = typer.Argument(..., help="Source actor or country code (USA matches USAGOV, USAMIL, ...)."),
    target: str = typer.Argument(..., help="Target actor or country code."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    freq: str = typer.Option("month", "--freq", help=f"Period: {', '.join(FREQUENCIES)}."),
    start: StartOption = None,
    end: EndOption = None,
    issue: IssueOption = None,
    undirected: bool = typer.Option(False, "--undirected", help="Count both directions (SOURCE<->TARGET)."),
    window: int = typer.Option(None, "--momentum", min=1, metavar="N",
                               help="Also the momentum: the index's trend over the last N periods."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array on standard output (an object with "
                                                      "series and momentum with --momentum)."),
) -> None:
    """Events from SOURCE to TARGET per period: counts by quad class, Goldstein sum and mean, the PLOVER score and
    the cooperation-conflict index with its 95% band."""
    if freq not in FREQUENCIES:
        err(f"accord dyad: --freq takes {', '.join(FREQUENCIES)}, not {freq!r}")
        raise typer.Exit(2)
    src, tgt = actor_code(source, "SRC", "dyad"), actor_code(target, "TGT", "dyad")
    assert src is not None and tgt is not None
    where = event_filter("dyad", start=start, end=end, issue=issue)
    with store_session(db, "dyad") as store:
        rows = dyad_series(store, src, tgt, freq, directed=not undirected, where=where)
    trend = momentum(rows, window, freq=freq) if window is not None else None
    if as_json:
        # without --momentum the output stays the plain array it has always been
        print(json.dumps(rows if trend is None else {"series": rows, "momentum": trend}, ensure_ascii=False))
        return
    arrow = "<->" if undirected else "->"
    table = Table(title=f"{src} {arrow} {tgt} by {freq}", title_justify="left")
    for column in ("period", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum", "goldstein_mean",
                   "cooperation", "conflict", "plover_score", "index", "index_band"):
        table.add_column(column, justify="left" if column == "period" else "right")
    for row in rows:
        table.add_row(row["period"], *(str(row[f]) for f in ("events", "quad1", "quad2", "quad3", "quad4")),
                      f"{row['goldstein_sum']:.1f}", _number(row["goldstein_mean"]), str(row["cooperation"]),
                      str(row["conflict"]), _number(row["plover_score"]), _number(row["index"]),
                      "" if row["index"] is None else f"{row['index_low']:.2f}..{row['index_high']:.2f}")
    console = Console()
    if not console.is_terminal:  # piped: no terminal width to fit, and headers must not be cut
        console = Console(width=200)
    console.print(table)
    if trend is not None:
        console.print(_momentum_line(trend))
    if not rows:
        err(f"accord dyad: no events from {src} {'and' if undirected else 'to'} {tgt}")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _momentum_line(trend: dict) -> str:
    if trend["slope"] is None:
        return f"momentum: unknown ({trend['periods']} periods with an index; 3 needed)"
    return (f"momentum: {trend['direction']}, {trend['slope']:+.3f} per period "
            f"(95% {trend['low']:+.3f} .. {trend['high']:+.3f}, {trend['periods']} periods)")
