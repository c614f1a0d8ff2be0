"""The ``accord`` command line: one small module per command, each a thin shell over the Python API."""

from __future__ import annotations

import os

# One process uses one core unless told otherwise: numpy's BLAS (which multiplies spaCy's matrices, see
# accord.coding.nlp) would otherwise start a thread per core. Set before numpy is first imported;
# OPENBLAS_NUM_THREADS in the environment still wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import typer  # noqa: E402

from accord.cli import (  # noqa: E402
    actors_cmd,
    code_cmd,
    dyad_cmd,
    evaluate_cmd,
    events_cmd,
    info_cmd,
    ingest_cmd,
    lint_cmd,
    network_cmd,
    recode_cmd,
    resolve_cmd,
    serve_cmd,
    stats_cmd,
    summary_cmd,
    validate_cmd,
)

app = typer.Typer(add_completion=False, no_args_is_help=True, help="accord: news text to political event data.")
app.command("info")(info_cmd.info)
app.command("resolve")(resolve_cmd.resolve)
app.command("actors")(actors_cmd.actors)
app.command("code")(code_cmd.code)
app.command("summary")(summary_cmd.summary)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("validate")(validate_cmd.validate)
app.command("lint")(lint_cmd.lint)
app.command("ingest")(ingest_cmd.ingest_command)
app.command("recode")(recode_cmd.recode_command)
app.command("stats")(stats_cmd.stats)
app.command("events")(events_cmd.events)
app.command("dyad")(dyad_cmd.dyad)
app.command("serve")(serve_cmd.serve)
app.command("network")(network_cmd.network)


def main() -> None:
    app()
