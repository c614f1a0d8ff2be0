"""Running the coder on more than one core: ``--engine local`` (this process, or ``--workers N`` processes of
this machine) or ``--engine dask`` (a dask.distributed cluster). Documents travel in partitions (see
:mod:`accord.engines.partitions`); each worker process loads the coder once and keeps it
(:mod:`accord.engines.worker`); results come back and are used in partition order, so that every engine
gives the same events, with the same ids, in the same order. Dask is imported only by ``--engine dask``."""

from __future__ import annotations

ENGINES = ("local", "dask")
DEFAULT_PARTITION_SIZE = 200  # documents a task: few round trips, little to redo when a worker is lost


def open_engine(name: str, spec: object, workers: int = 1, scheduler: str | None = None,
                coder: object = None) -> object:
    """The engine to code with (a context manager with ``map``); ``coder``: the one loaded in this process,
    used by ``--engine local --workers 1``."""
    if name == "dask":
        from accord.engines.dask_engine import DaskEngine

        return DaskEngine(spec, workers, scheduler)  # type: ignore[arg-type]
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
    if workers > 1:
        from accord.engines.local import ProcessPool

        return ProcessPool(spec, workers)  # type: ignore[arg-type]
    from accord.engines.local import InProcess

    return InProcess(coder)
