"""``accord recode``: re-code every stored document with the current coder and knowledge."""

from __future__ import annotations

import typer

from accord.cli.common import coder_or_exit, err
from accord.cli.db import DB_HELP, store_session
from accord.cli.progress import LiveProgress
from accord.coding.nlp import ModelMissing
from accord.ingest.recode import RecodeSummary, recode


def recode_command(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    everything: bool = typer.Option(False, "--all", help="Re-code every document, also those already coded "
                                    "with the current coder version (left alone by default)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
) -> None:
    """Code the stored documents again (those coded with another coder version, or all with --all); each
    event keeps the coder version that produced it."""
    coder = coder_or_exit("recode")
    with store_session(db, "recode") as store:
        total = store.stats().documents
        with LiveProgress(not quiet, "recode", total=total) as bar:

            def progress(summary: RecodeSummary) -> None:
                bar.update(summary.documents + summary.current, summary.events)

            try:
                summary = recode(store, coder, everything=everything, progress=progress)
            except ModelMissing as exc:
                err(f"accord recode: {exc}")
                raise typer.Exit(2) from None
    if not quiet:
        err(f"accord recode: {summary.line()}")
