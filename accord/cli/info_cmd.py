"""``accord info``: version, model and the size of the knowledge base."""

from __future__ import annotations

import json
import time

import typer

from accord import __version__
from accord.cli.common import knowledge_or_exit
from accord.settings import is_installed, spacy_model_name


def info(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Show the version, the spaCy model and what the knowledge base holds."""
    started = time.perf_counter()
    kb = knowledge_or_exit()
    load_seconds = time.perf_counter() - started
    model = spacy_model_name()
    report = {
        "version": __version__,
        "spacy_model": model,
        "spacy_model_installed": is_installed(model),
        **kb.counts(),
        "knowledge_load_seconds": round(load_seconds, 3),
    }
    if as_json:
        print(json.dumps(report))
        return
    for key, value in report.items():
        print(f"{key:24} {value}")
