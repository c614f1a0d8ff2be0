"""``--engine local``: partitions coded in this process (``--workers 1``) or by a pool of processes of this
machine, each loading the coder once (its initializer) and coding partition after partition."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from accord.engines.base import Engine, Parts, in_order
from accord.engines.worker import CoderSpec, PartitionResult, code_partition, init_process


class InProcess(Engine):
    """One process: the coder already loaded here codes each partition."""

    def __init__(self, coder: Any) -> None:  # noqa: ANN401 - Coder or PetrarchDocuments
        self.coder = coder

    def map(self, parts: Parts, cleaned: bool = False, keep_text: bool = False) -> Iterator[PartitionResult]:
        for index, documents in parts:
            yield code_partition(index, documents, CoderSpec(), cleaned, keep_text, coder=self.coder)


class ProcessPool(Engine):
    """``workers`` processes (started with spawn: no state of this process is copied), results in order."""

    def __init__(self, spec: CoderSpec, workers: int) -> None:
        self.spec, self.workers = spec, workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init_process, initargs=(spec,))

    def map(self, parts: Parts, cleaned: bool = False, keep_text: bool = False) -> Iterator[PartitionResult]:
        def submit(index: int, documents: list) -> Any:  # noqa: ANN401 - a Future
            return self.pool.submit(code_partition, index, documents, self.spec, cleaned, keep_text)

        return in_order(submit, parts, 2 * self.workers)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
