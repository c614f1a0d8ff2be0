"""``accord events``: stored events, filtered, in any output format."""

from __future__ import annotations

import json
import sys

import typer

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
from accord.output import FORMATS, EventWriter

STORE_FIELDS = ("num_articles", "num_sources", "doc_hash")  # beyond the output contract: the store's counts
PAGE = 10_000  # rows fetched per query: a large answer streams instead of filling memory
EVENT_FORMATS = ("jsonl", "json", *FORMATS[1:])


def events(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    source: SourceOption = None,
    target: TargetOption = None,
    country: CountryOption = None,
    code: CodeOption = None,
    quad: QuadOption = None,
    issue: IssueOption = None,
    start: StartOption = None,
    end: EndOption = None,
    limit: int = typer.Option(None, "--limit", min=0, help="At most this many events."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many events first."),
    fmt: str = typer.Option("jsonl", "--format", help=f"Output format: {', '.join(EVENT_FORMATS)}."),
    output: str = typer.Option(None, "-o", "--output", help="Write to this file instead of standard output."),
) -> None:
    """Stored events, newest first, with their article and source counts."""
    if fmt not in EVENT_FORMATS:
        err(f"accord events: unknown format {fmt!r} (choose from {', '.join(EVENT_FORMATS)})")
        raise typer.Exit(2)
    if fmt == "parquet" and not output:
        err("accord events: --format parquet needs -o FILE")
        raise typer.Exit(2)
    where = event_filter("events", source=source, target=target, country=country, code=code, quad=quad,
                         issue=issue, start=start, end=end)
    with store_session(db, "events") as store:
        binary = fmt == "parquet"
        stream = open(output, "wb" if binary else "w", encoding=None if binary else "utf-8") if output else sys.stdout
        try:
            pages = _pages(store, where, limit, offset)
            if fmt == "json":  # one JSON array, written as it streams
                stream.write("[")
                first = True
                for page in pages:
                    for record in page:
                        stream.write(("" if first else ",\n") + json.dumps(record, ensure_ascii=False))
                        first = False
                stream.write("]\n")
            else:
                writer = EventWriter(stream, fmt, extra=STORE_FIELDS)
                for page in pages:
                    writer.write(page)
                writer.close()
        finally:
            if output:
                stream.close()


def _pages(store, where, limit: int | None, offset: int):  # noqa: ANN001, ANN202 - Store, EventFilter -> pages
    left = limit
    while left is None or left > 0:
        size = PAGE if left is None else min(PAGE, left)
        page = store.events(where, limit=size, offset=offset)
        if not page:
            return
        yield page
        offset += len(page)
        if left is not None:
            left -= len(page)
        if len(page) < size:
            return
