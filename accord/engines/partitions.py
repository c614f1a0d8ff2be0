"""Documents in partitions of ``size``, each with its index (0, 1, ...): the unit of work sent to a worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def partitions(items: Iterable[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """``(index, items)`` of at most ``size`` items each, in input order; no empty partition."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    part: list[T] = []
    index = 0
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield index, part
            index, part = index + 1, []
    if part:
        yield index, part
