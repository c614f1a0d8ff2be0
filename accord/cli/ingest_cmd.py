"""``accord ingest``: documents in (files, folders, JSONL, feeds, URLs), coded and stored exactly once."""

from __future__ import annotations

import json

import typer

from accord.cli.common import coder_or_exit, err
from accord.cli.db import DB_HELP, OpeningStore, store_session
from accord.cli.engine_opts import ENGINE_HELP, SCHEDULER_HELP, WORKERS_HELP, check_engine, engine_or_exit
from accord.cli.progress import LiveProgress
from accord.coding.nlp import ModelMissing
from accord.engines import DEFAULT_PARTITION_SIZE
from accord.engines.worker import CoderSpec
from accord.ingest.pipeline import DEFAULT_BATCH_SIZE, IngestSummary, ingest, ingest_partitioned
from accord.ingest.prepare import iso_day
from accord.ingest.sources import InputFailed
from accord.text.documents import Skipped

MAX_SKIP_LINES = 50  # skips named one by one; beyond that only the counts in the summary
_QUIET_REASONS = ("not English",)  # counted, not listed: a multilingual feed would flood the terminal


def ingest_command(
    inputs: list[str] = typer.Argument(..., help="Text or HTML files, folders, JSONL, RSS/Atom feeds (file or "
                                                 "http(s) URL), or - for stdin."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    date: str = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for documents whose record and page carry none."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Documents per transaction."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, skips or summary on standard error."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line on standard error per stored batch."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on standard output."),
    no_fetch: bool = typer.Option(False, "--no-fetch", help="Never fetch the page of a feed item without text."),
    engine: str = typer.Option("local", "--engine", help=ENGINE_HELP),
    workers: int = typer.Option(1, "--workers", min=1, help=WORKERS_HELP),
    scheduler: str = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    partition_size: int = typer.Option(DEFAULT_PARTITION_SIZE, "--partition-size", min=1,
                                       help="Documents per task sent to a worker, and per transaction "
                                            "(--workers > 1 or --engine dask; else --batch-size)."),
) -> None:
    """Code documents and store their events: a document already stored is never coded or stored again."""
    if date is not None and iso_day(date) is None:
        err(f"accord ingest: --date must be YYYY-MM-DD, not {date!r}")
        raise typer.Exit(2)
    check_engine("ingest", engine, scheduler)
    in_process = engine == "local" and workers == 1
    opening = OpeningStore(db)  # opens while the pipeline loads
    try:
        coder = coder_or_exit("ingest") if in_process else None  # else each worker loads its own
    except BaseException:
        opening.discard()
        raise
    shown = 0

    def on_skip(item: Skipped) -> None:
        nonlocal shown
        if quiet or item.reason in _QUIET_REASONS or isinstance(item, InputFailed):  # failures: at the end
            return
        shown += 1
        if shown <= MAX_SKIP_LINES:
            bar.console.print(f"{item.where}: skipped: {item.reason}", markup=False, highlight=False, soft_wrap=True)

    batches = 0

    def progress(summary: IngestSummary) -> None:
        nonlocal batches
        bar.update(summary.coded, summary.events_coded)
        if verbose and summary.batches > batches:
            batches = summary.batches
            bar.console.print(f"batch {batches} stored: {summary.documents_added} documents, "
                              f"{summary.events_written} events in all", markup=False, highlight=False,
                              soft_wrap=True)

    with store_session(db, "ingest", create=True, opening=opening) as store, LiveProgress(not quiet, "ingest") as bar:
        try:
            day = iso_day(date) if date else None
            if in_process:
                summary = ingest(inputs, store, coder, date=day, batch_size=batch_size, progress=progress,
                                 on_skip=on_skip, fetch_items=not no_fetch)
            else:
                runner = engine_or_exit("ingest", engine, CoderSpec(), workers, scheduler)
                summary = ingest_partitioned(inputs, store, runner, date=day, partition_size=partition_size,
                                             progress=progress, on_skip=on_skip, fetch_items=not no_fetch)
        except ModelMissing as exc:
            err(f"accord ingest: {exc}")
            raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    if not quiet:
        if shown > MAX_SKIP_LINES:
            err(f"... and {shown - MAX_SKIP_LINES} more skipped (counted in the summary)")
        err(f"accord ingest: {summary.line()}")
    for failure in summary.failed_inputs:
        err(f"accord ingest: {failure}")
    if summary.failed_inputs:
        raise typer.Exit(1)
