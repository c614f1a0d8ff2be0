"""``accord code``: documents in (files, folders, JSONL, stdin), events out (JSONL, TSV, CSV, Parquet)."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

import typer

from accord.cli.common import coder_or_exit, dictionary_files, err, report_problems
from accord.cli.engine_opts import (
    ENGINE_HELP,
    PARTITION_HELP,
    SCHEDULER_HELP,
    WORKERS_HELP,
    check_engine,
    engine_or_exit,
)
from accord.coding.nlp import ModelMissing
from accord.engines import DEFAULT_PARTITION_SIZE
from accord.engines.partitions import partitions
from accord.engines.worker import CoderSpec
from accord.output import FORMATS, EventWriter
from accord.text.documents import Document, Skipped, read_documents

PROGRESS_EVERY_S = 5.0
OUTPUT_HELP = ("Write to this file instead of standard output. A directory (one that exists, a name ending in /, "
               "or with --engine dask --format parquet any name not ending in .parquet) gets one Parquet file per "
               "partition: part-00000.parquet, ...")


def code(
    inputs: list[str] = typer.Argument(..., help="Text or HTML files, folders, JSONL documents, or - for stdin."),
    date: str = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for documents that carry none."),
    fmt: str = typer.Option("jsonl", "--format", help=f"Output format: {', '.join(FORMATS)}."),
    output: str = typer.Option(None, "-o", "--output", help=OUTPUT_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
    petrarch_verbs: str = typer.Option(None, "--petrarch-verbs", help="PETRARCH verb dictionaries (F[,F])."),
    petrarch_actors: str = typer.Option(None, "--petrarch-actors", help="PETRARCH actor dictionaries (F[,F])."),
    petrarch_agents: str = typer.Option(None, "--petrarch-agents", help="PETRARCH agent dictionaries (F[,F])."),
    petrarch_discards: str = typer.Option(None, "--petrarch-discards", help="PETRARCH discard lists (F[,F])."),
    no_builtin: bool = typer.Option(False, "--no-builtin", help="Code with the PETRARCH dictionaries only."),
    engine: str = typer.Option("local", "--engine", help=ENGINE_HELP),
    workers: int = typer.Option(1, "--workers", min=1, help=WORKERS_HELP),
    scheduler: str = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    partition_size: int = typer.Option(DEFAULT_PARTITION_SIZE, "--partition-size", min=1, help=PARTITION_HELP),
) -> None:
    """Code news documents into CAMEO + PLOVER events, one record per event."""
    if fmt not in FORMATS:
        err(f"accord code: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        raise typer.Exit(2)
    check_engine("code", engine, scheduler)
    petrarch = dictionary_files(petrarch_verbs, petrarch_actors, petrarch_agents, petrarch_discards)
    if no_builtin and not any(petrarch.values()):
        err("accord code: --no-builtin needs PETRARCH dictionaries (--petrarch-verbs and --petrarch-actors at least)")
        raise typer.Exit(2)
    directory = bool(output) and (os.path.isdir(output) or output.endswith(("/", os.sep)) or (
        engine == "dask" and fmt == "parquet" and not output.lower().endswith(".parquet")))
    if directory and fmt != "parquet":
        err(f"accord code: -o {output} is a directory: only --format parquet writes one (a file per partition)")
        raise typer.Exit(2)
    in_process = engine == "local" and workers == 1
    coder = coder_or_exit("code", petrarch, builtin=not no_builtin, quiet=quiet) if in_process else None
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

    if directory or not in_process:
        spec = CoderSpec.of(petrarch, builtin=not no_builtin)
        if any(petrarch.values()) and not quiet and coder is None:  # the workers load them quietly
            _report_dictionaries(petrarch)
        runner = engine_or_exit("code", engine, spec, workers, scheduler, coder)
        _code_on_engine(runner, documents(), output if directory else None, None if directory else output, fmt,
                        partition_size, quiet, stats, skipped)
        return
    stream = _output_stream(output, fmt)
    writer = EventWriter(stream, fmt)
    started = last = time.perf_counter()
    try:
        for result in coder.code_documents(documents()):
            if not _tally(result.doc.id, result.skipped, result.sentences, result.parsed, stats, skipped):
                continue
            writer.write(event.to_record() for event in result.events)
            now = time.perf_counter()
            if not quiet and now - last >= PROGRESS_EVERY_S:
                last = now
                _progress(stats, writer.count, now - started)
    except ModelMissing as exc:
        err(f"accord code: {exc}")
        raise typer.Exit(2) from None
    finally:
        writer.close()
        if output:
            stream.close()
    if not quiet:
        _summary(stats, writer.count, time.perf_counter() - started, skipped)


def _code_on_engine(engine, documents: Iterator[Document], folder: str | None, output: str | None,  # noqa: ANN001
                    fmt: str, partition_size: int, quiet: bool, stats: Counter, skipped: Counter[str]) -> None:
    """Partitions out, results back in partition order: events to one stream (as the plain path writes them)
    or, with ``folder``, one Parquet file per partition (``part-00000.parquet``, ...), each written by this
    process as its partition comes back, so the folder need not be shared with the workers."""
    if folder:
        os.makedirs(folder, exist_ok=True)
        stream = None
    else:
        stream = _output_stream(output, fmt)
    writer = EventWriter(stream, fmt) if stream is not None else None
    events = 0
    started = last = time.perf_counter()
    try:
        with engine:
            for part in engine.map(partitions(documents, partition_size)):
                if writer is None:
                    with open(os.path.join(folder, f"part-{part.index:05d}.parquet"), "wb") as out:
                        target = EventWriter(out, "parquet")
                        _take(part, target, stats, skipped)
                        target.close()
                    events += target.count
                else:
                    _take(part, writer, stats, skipped)
                    events = writer.count
                now = time.perf_counter()
                if not quiet and now - last >= PROGRESS_EVERY_S:
                    last = now
                    _progress(stats, events, now - started)
    except (ModelMissing, FileNotFoundError) as exc:
        err(f"accord code: {exc}")
        raise typer.Exit(2) from None
    finally:
        if writer is not None:
            writer.close()
            if output:
                stream.close()
    if not quiet:
        _summary(stats, events, time.perf_counter() - started, skipped)


def _output_stream(output: str | None, fmt: str) -> IO[Any]:
    """The file named by -o (binary for Parquet), else standard output; the caller closes a file it opened."""
    if output:
        return open(output, "wb" if fmt == "parquet" else "w", encoding=None if fmt == "parquet" else "utf-8")
    return sys.stdout.buffer if fmt == "parquet" else sys.stdout


def _progress(stats: Counter, events: int, seconds: float) -> None:
    err(f"... {stats['coded']} documents coded, {events} events, {stats['coded'] / seconds:.1f} documents/s")


def _summary(stats: Counter, events: int, seconds: float, skipped: Counter[str]) -> None:
    summary = (f"accord code: {stats['coded']} documents coded ({stats['sentences']} sentences, "
               f"{stats['parsed']} parsed), {events} events in {seconds:.1f} s")
    if skipped:
        summary += "; skipped: " + ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
    err(summary)


def _report_dictionaries(petrarch: dict[str, list[str]]) -> None:
    from accord.compat.petrarch import load_dictionaries

    try:
        report_problems(load_dictionaries(**petrarch).problems)
    except FileNotFoundError as exc:
        err(f"accord code: {exc}")
        raise typer.Exit(2) from None


def _take(part, writer: EventWriter, stats: Counter, skipped: Counter[str]) -> None:  # noqa: ANN001
    for doc in part.documents:
        if _tally(doc.doc_id, doc.skipped, doc.sentences, doc.parsed, stats, skipped):
            writer.write(doc.records)


def _tally(doc_id: str, reason: str | None, sentences: int, parsed: int, stats: Counter,
           skipped: Counter[str]) -> bool:
    """Counts one document's outcome, in process or from a worker; False (and said) when it was skipped."""
    if reason:
        skipped[reason] += 1
        err(f"{doc_id}: skipped: {reason}")
        return False
    stats["coded"] += 1
    stats["sentences"] += sentences
    stats["parsed"] += parsed
    return True
