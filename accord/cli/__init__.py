"""The ``accord`` command line: one small module per command, each a thin shell over the Python API."""

from __future__ import annotations

import typer

from accord.cli import actors_cmd, code_cmd, info_cmd, resolve_cmd, summary_cmd

app = typer.Typer(add_completion=False, no_args_is_help=True, help="accord: news text to political event data.")
app.command("info")(info_cmd.info)
app.command("resolve")(resolve_cmd.resolve)
app.command("actors")(actors_cmd.actors)
app.command("code")(code_cmd.code)
app.command("summary")(summary_cmd.summary)


def main() -> None:
    app()
