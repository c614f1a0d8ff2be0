"""``--engine dask``: partitions coded by the workers of a dask.distributed cluster.

Without ``--scheduler`` the command starts a LocalCluster of ``--workers`` processes (one thread each) and
closes it at the end; with ``--scheduler tcp://HOST:PORT`` it uses that cluster, whose workers must have
accord (and its spaCy model) installed. Each worker process loads the coder on its first partition and keeps
it (:func:`accord.engines.worker.load_coder`). A worker lost mid-task (its nanny restarts it) has its
partitions run again elsewhere, and a failing task is retried twice; the client uses results in partition
order, so a retried partition is neither lost nor counted twice. Only this module imports dask.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from accord.engines.base import Engine, Parts, in_order
from accord.engines.worker import CoderSpec, PartitionResult, code_partition

RETRIES = 2
CONNECT_TIMEOUT_S = 60


class DaskEngine(Engine):
    def __init__(self, spec: CoderSpec, workers: int = 1, scheduler: str | None = None) -> None:
        from distributed import Client, LocalCluster

        self.spec = spec
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=":0")  # a free port: never 8787 taken
            try:
                self.client = Client(self.cluster, timeout=CONNECT_TIMEOUT_S)
            except BaseException:
                self.cluster.close()
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
            if self.cluster is not None:
                self.cluster.close()
