"""``--engine dask``: partitions coded by the workers of a dask.distributed cluster.

Without ``--scheduler`` the command starts a LocalCluster of ``--workers`` processes (one thread each) and
closes it at the end; with ``--scheduler tcp://HOST:PORT`` it uses that cluster, whose workers must have
accord (and its spaCy model) installed. Each worker process loads the coder once and keeps it
(:func:`accord.engines.worker.load_coder`): the LocalCluster's workers are forked from a forkserver that has
loaded it already (:mod:`accord.engines.forkserver_preload`), a running cluster's on their first partition.
A worker lost mid-task (its nanny restarts it) has its partitions run again elsewhere, and a failing task is
retried twice; the client uses results in partition order, so a retried partition is neither lost nor
counted twice. Only this module imports dask.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import uuid
from collections.abc import Iterator
from typing import Any

from accord.engines.base import Engine, Parts, in_order
from accord.engines.worker import CoderSpec, PartitionResult, code_partition

RETRIES = 2
CONNECT_TIMEOUT_S = 60
PRELOAD = "accord.engines.forkserver_preload"

# Dask settings of the LocalCluster that ``--workers N`` starts for one command; a cluster given by
# ``--scheduler`` keeps its own (whoever starts its workers sets them). None changes what is computed. Together
# they took dask x2 from 8.12 to 6.83 s on 1,500 articles and its start-up from 5.3 to 3.4 s (docs/scaling.md).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Workers forked from one forkserver process instead of spawned from nothing: that process imports the
    # worker runtime and loads the spaCy pipeline once (PRELOAD), so N workers cost one model load, not N
    # competing for the same cores, and a worker restarted after a crash starts with the model loaded.
    "distributed.worker.multiprocessing-method": "forkserver",
    # The nanny sets MALLOC_TRIM_THRESHOLD_=65536 so that a long-lived worker hands freed memory back to the
    # OS. Setting any malloc threshold turns off glibc's dynamic mmap threshold: the parser's short-lived
    # arrays above 128 KiB are then mmapped and unmapped (page faults) on every call, and coding ran 22-35%
    # slower (in one process, two runs each). These workers live for one command and keep the model, so
    # memory given back sooner buys nothing: None unsets it (glibc's defaults).
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The worker's sampling profiler (a thread walking the task thread's stack every 10 ms, competing with
    # it for the GIL) feeds the dashboard, which a command-line run never shows (dask x1 on 6,000 articles:
    # 20.35 s without it, 22.19 s with it, one run each: docs/scaling.md).
    "distributed.worker.profile.enabled": False,
}


class DaskEngine(Engine):
    def __init__(self, spec: CoderSpec, workers: int = 1, scheduler: str | None = None) -> None:
        self.spec = spec
        self.cluster = None
        self._config = None
        if scheduler:
            from distributed import Client

            self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        else:
            self._config = _configure_local_cluster()  # first: the model loads while distributed is imported
            try:
                from distributed import Client, LocalCluster

                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)  # nobody looks at it: not started
                try:
                    self.client = Client(self.cluster, timeout=CONNECT_TIMEOUT_S)
                except BaseException:
                    self.cluster.close()
                    raise
            except BaseException:
                self._config.__exit__(None, None, None)
                raise
        self.workers = workers

    def map(self, parts: Parts, cleaned: bool = False, keep_text: bool = False) -> Iterator[PartitionResult]:
        run = uuid.uuid4().hex[:12]  # keys unique on a shared scheduler too

        def submit(index: int, documents: list) -> Any:  # noqa: ANN401 - a distributed.Future
            return self.client.submit(code_partition, index, documents, self.spec, cleaned, keep_text,
                                      key=f"accord-partition-{run}-{index}", pure=False, retries=RETRIES)

        return in_order(submit, parts, 2 * self.workers)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            try:
                if self.cluster is not None:
                    self.cluster.close()
            finally:
                if self._config is not None:
                    self._config.__exit__(None, None, None)


def _configure_local_cluster() -> Any:  # noqa: ANN401 - a dask.config.set, undone by close()
    """Apply LOCAL_CLUSTER_CONFIG until the engine closes (a worker the nanny restarts is started the same way)
    and start the forkserver now, before this process imports distributed and starts the scheduler: its
    imports and model load (about 2 s, PRELOAD) run meanwhile on another core instead of after them."""
    import dask

    config = dict(LOCAL_CLUSTER_CONFIG)
    if "forkserver" not in multiprocessing.get_all_start_methods():  # not on Windows: spawned, as by default
        del config["distributed.worker.multiprocessing-method"]
    applied = dask.config.set(config)
    if "distributed.worker.multiprocessing-method" in config:
        # What the nanny puts in os.environ before it starts a worker (one BLAS thread a worker, a fixed hash
        # seed: see distributed.nanny), here before the forkserver starts: workers forked from it keep its
        # environment. As the nanny does, variables already set win.
        for name, value in dask.config.get("distributed.nanny.pre-spawn-environ").items():
            if value is not None:
                os.environ.setdefault(name, str(value))
        if os.environ.get("PYTHONHASHSEED") in (None, "0"):
            os.environ["PYTHONHASHSEED"] = "6640"  # distributed.nanny's value
        # "__main__": this command's script is imported once there (under spawn's rule: not as "__main__", so
        # what its ``if __name__ == "__main__"`` guards does not run), not again in every worker.
        # distributed later sets its own preload list, which changes nothing once the server runs.
        multiprocessing.forkserver.set_forkserver_preload(["__main__", PRELOAD])
        multiprocessing.forkserver.ensure_running()
    return applied
