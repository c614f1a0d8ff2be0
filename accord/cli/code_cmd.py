"""``accord code``: documents in (files, folders, JSONL, stdin), events out (JSONL, TSV, CSV, Parquet)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator

import typer

from accord.cli.common import coder_or_exit, dictionary_files, err
from accord.coding.nlp import ModelMissing
from accord.output import FORMATS, EventWriter
from accord.text.documents import Document, Skipped, read_documents

PROGRESS_EVERY_S = 5.0


def code(
    inputs: list[str] = typer.Argument(..., help="Text or HTML files, folders, JSONL documents, or - for stdin."),
    date: str = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for documents that carry none."),
    fmt: str = typer.Option("jsonl", "--format", help=f"Output format: {', '.join(FORMATS)}."),
    output: str = typer.Option(None, "-o", "--output", help="Write to this file instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
    petrarch_verbs: str = typer.Option(None, "--petrarch-verbs", help="PETRARCH verb dictionaries (F[,F])."),
    petrarch_actors: str = typer.Option(None, "--petrarch-actors", help="PETRARCH actor dictionaries (F[,F])."),
    petrarch_agents: str = typer.Option(None, "--petrarch-agents", help="PETRARCH agent dictionaries (F[,F])."),
    petrarch_discards: str = typer.Option(None, "--petrarch-discards", help="PETRARCH discard lists (F[,F])."),
    no_builtin: bool = typer.Option(False, "--no-builtin", help="Code with the PETRARCH dictionaries only."),
) -> None:
    """Code news documents into CAMEO + PLOVER events, one record per event."""
    if fmt not in FORMATS:
        err(f"accord code: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        raise typer.Exit(2)
    petrarch = dictionary_files(petrarch_verbs, petrarch_actors, petrarch_agents, petrarch_discards)
    if no_builtin and not any(petrarch.values()):
        err("accord code: --no-builtin needs PETRARCH dictionaries (--petrarch-verbs and --petrarch-actors at least)")
        raise typer.Exit(2)
    coder = coder_or_exit("code", petrarch, builtin=not no_builtin, quiet=quiet)
    skipped: Counter[str] = Counter()
    stats = Counter()

    def documents() -> Iterator[Document]:
        for item in read_documents(inputs, date):
            stats["read"] += 1
            if isinstance(item, Skipped):
                skipped[item.reason] += 1
                err(f"{item.where}: skipped: {item.reason}")
                continue
            yield item

    if output:
        stream = open(output, "wb" if fmt == "parquet" else "w", encoding=None if fmt == "parquet" else "utf-8")
    else:
        stream = sys.stdout.buffer if fmt == "parquet" else sys.stdout
    writer = EventWriter(stream, fmt)
    started = last = time.perf_counter()
    try:
        for result in coder.code_documents(documents()):
            if result.skipped:
                skipped[result.skipped] += 1
                err(f"{result.doc.id}: skipped: {result.skipped}")
                continue
            stats["coded"] += 1
            stats["sentences"] += result.sentences
            stats["parsed"] += result.parsed
            writer.write(event.to_record() for event in result.events)
            now = time.perf_counter()
            if not quiet and now - last >= PROGRESS_EVERY_S:
                last = now
                rate = stats["coded"] / (now - started)
                err(f"... {stats['coded']} documents coded, {writer.count} events, {rate:.1f} documents/s")
    except ModelMissing as exc:
        err(f"accord code: {exc}")
        raise typer.Exit(2) from None
    finally:
        writer.close()
        if output:
            stream.close()
    if not quiet:
        seconds = time.perf_counter() - started
        summary = (f"accord code: {stats['coded']} documents coded ({stats['sentences']} sentences, "
                   f"{stats['parsed']} parsed), {writer.count} events in {seconds:.1f} s")
        if skipped:
            summary += "; skipped: " + ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
        err(summary)
