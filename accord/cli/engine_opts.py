"""The ``--engine``, ``--workers``, ``--scheduler`` and ``--partition-size`` options of ``accord code`` and
``accord ingest`` (see :mod:`accord.engines`)."""

from __future__ import annotations

import importlib.util
from typing import Any

import typer

from accord.cli.common import err
from accord.engines import ENGINES, open_engine

ENGINE_HELP = "local (this machine) or dask (a dask.distributed cluster: --scheduler, or one started here)."
WORKERS_HELP = ("Processes: of this machine for --engine local (1: this process), or the workers of the "
                "LocalCluster that --engine dask starts (without --scheduler).")
SCHEDULER_HELP = "--engine dask: use the cluster of this scheduler (tcp://HOST:PORT) instead of starting one."
PARTITION_HELP = "Documents per task sent to a worker (--workers > 1 or --engine dask)."


def check_engine(command: str, engine: str, scheduler: str | None) -> None:
    if engine not in ENGINES:
        err(f"accord {command}: unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        err(f"accord {command}: --scheduler needs --engine dask")
        raise typer.Exit(2)
    if engine == "dask" and importlib.util.find_spec("distributed") is None:
        err(f"accord {command}: --engine dask needs dask.distributed (pip install 'dask[distributed]')")
        raise typer.Exit(2)


def engine_or_exit(command: str, engine: str, spec: Any, workers: int, scheduler: str | None,  # noqa: ANN401
                   coder: Any = None) -> Any:  # noqa: ANN401
    """The engine (see :func:`accord.engines.open_engine`), or exit 2 when its cluster cannot be reached."""
    try:
        return open_engine(engine, spec, workers, scheduler, coder)
    except OSError as exc:  # no scheduler at that address (distributed raises OSError after its timeout)
        err(f"accord {command}: cannot start or reach the Dask cluster: {exc}")
        raise typer.Exit(2) from None
