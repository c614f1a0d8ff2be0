"""Arrow columns as numpy arrays, and days as integers: what the in-memory aggregate
(:mod:`accord.store.snapshot`) and the event index (:mod:`accord.store.event_index`) both build from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from accord.store import queries as q

NULL_DATE = np.iinfo(np.int32).min  # a missing date: below every real day
EPOCH = dt.date(1970, 1, 1)


def numbers(column: Any, dtype: Any, null: Any) -> np.ndarray:
    """A numeric or boolean Arrow column as a numpy array of ``dtype``, ``null`` where it had none."""
    import pyarrow as pa

    if not len(column):
        return np.zeros(0, dtype=dtype)
    array = column.combine_chunks().fill_null(null).cast(pa.from_numpy_dtype(np.dtype(dtype)))
    return np.ascontiguousarray(array.to_numpy(zero_copy_only=False), dtype=dtype)


def encode(columns: list[Any]) -> tuple[list[np.ndarray], list[str]]:
    """String columns as int32 codes (-1: null) into one sorted list of their distinct values (code point order,
    as Python and the database's binary collation order strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values: set[str] = set()
    for column in columns:
        if len(column):
            values.update(v for v in pc.unique(column).to_pylist() if v is not None)
    keys = sorted(values)
    lookup = pa.array(keys, type=pa.string())
    out = []
    for column in columns:
        if not len(column):
            out.append(np.zeros(0, np.int32))
            continue
        codes = pc.index_in(column, value_set=lookup).fill_null(-1).cast(pa.int32())
        out.append(np.ascontiguousarray(codes.to_numpy(zero_copy_only=False), dtype=np.int32))
    return out, keys


def epoch_day(value: Any) -> int | None:
    """An ISO date (as the SQL filters parse it, with their errors) as days since 1970-01-01."""
    day = q.parse_date(value)
    return None if day is None else (day - EPOCH).days
