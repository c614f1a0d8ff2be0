"""Engines share this: partitions go out (a bounded number in flight), results come back in partition order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from accord.engines.worker import PartitionResult
from accord.text.documents import Document

Parts = Iterable[tuple[int, list[Document]]]


def in_order(submit: Callable[[int, list[Document]], Any], parts: Parts, window: int) -> Iterator[PartitionResult]:
    """Submit each partition (``submit`` returns a future) with at most ``window`` in flight; yield results
    in partition order. Later partitions keep the workers busy while the client waits for an earlier one."""
    flight: deque = deque()
    try:
        for index, documents in parts:
            flight.append(submit(index, documents))
            if len(flight) >= window:
                yield flight.popleft().result()
        while flight:
            yield flight.popleft().result()
    finally:
        for future in flight:  # a failure or an early stop: what is left is not needed
            future.cancel()


class Engine:
    """A context manager; ``map`` codes partitions and yields their results in partition order."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def map(self, parts: Parts, cleaned: bool = False, keep_text: bool = False) -> Iterator[PartitionResult]:
        raise NotImplementedError
