"""Answers from memory for a store that cannot change: the API's read-only DuckDB file.

``accord serve`` without a token holds its DuckDB file read-only, and while it does no process can write it, so
an aggregate of the events built once stays exact for the server's life. :class:`Snapshot` is that aggregate,
one per server, built on first use (one grouped query: 0.7-0.9 s and 28.5 MiB of arrays on a million events)
and shared by every worker thread; :meth:`Snapshot.wrap` puts it in front of one thread's own store connection.

The aggregate is one row per (source side, target side, date, quad class, PLOVER category, issues text, both
codes known), each side being ``coalesce(country, code)`` as the network groups it, with the events, their
Goldstein sum and how many have one. It is kept as numpy columns sorted by side pair, with each pair's row range,
never as Python objects per row. It answers:

- ``period_counts`` when the dyad (or ``between`` pair) is two three-letter codes and the filter has no CAMEO
  ``code`` (source, target, country, quad class 1-4, issue, start and end are all columns of the aggregate);
- ``edge_counts`` at ``level="country"`` under the same filters;
- ``stats``, computed once.

Everything else goes to the wrapped store, as does any query the aggregate could not answer exactly: the SQL
filter takes a three-letter code X as ``country = X OR code = X``, which the coalesced side equals only when no
actor coded X has another country. The codes for which that fails (checked once, with one query, per side) are
answered by SQL. Results are those of the SQL: same rows, keys, order and rounding, with one limit: Goldstein
sums are added in another order than the database's, so they may differ in the last bits of a double. Rounded
to four decimals that shows only where the exact mean is a tie (23.0 / 32 = 0.71875: 0.7187 or 0.7188), and
there the database itself answers either way from one run to the next (its parallel sum has no fixed order).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.store.base import FREQUENCIES, EventFilter, Stats, clean_text, period_label
from accord.store.columns import EPOCH, NULL_DATE, encode, epoch_day, numbers

log = logging.getLogger("accord.store.snapshot")


# One row per group of events that no query of the aggregate tells apart. Both sides known: an event with
# neither country nor code on a side never matches a three-letter code and is never an edge.
AGGREGATE = """SELECT coalesce(source_country, source_code) AS s, coalesce(target_country, target_code) AS t,
    CAST(date AS DATE) AS d, CASE WHEN quad_class BETWEEN 1 AND 4 THEN quad_class ELSE 0 END AS qc,
    plover_event AS pe, issues AS iss,
    (source_code IS NOT NULL AND target_code IS NOT NULL) AS coded,
    count(*) AS n, coalesce(sum(goldstein), 0) AS gsum, count(goldstein) AS gcount
FROM events
WHERE coalesce(source_country, source_code) IS NOT NULL AND coalesce(target_country, target_code) IS NOT NULL
GROUP BY ALL"""

# Codes X for which `country = X OR code = X` is not `coalesce(country, code) = X`: an actor coded X whose
# country is another. Only three-letter ones matter (checked in Python, as queries.py counts letters); strlen
# (bytes) keeps out long codes without trusting the database to count characters as Python does.
MISMATCHED = """SELECT DISTINCT 's', source_code FROM events
WHERE source_country IS NOT NULL AND source_code <> source_country AND strlen(source_code) <= 12
UNION ALL
SELECT DISTINCT 't', target_code FROM events
WHERE target_country IS NOT NULL AND target_code <> target_country AND strlen(target_code) <= 12"""


@dataclass
class _Cube:
    keys: list[str]  # side keys, sorted
    key_index: dict[str, int]
    pair_src: np.ndarray  # (P,) int32 key of each pair's source; pairs sorted by (source, target)
    pair_tgt: np.ndarray
    pair_names: list[tuple[str, str]]
    offsets: np.ndarray  # (P + 1,) int64: rows of pair p are offsets[p]:offsets[p + 1]
    pairs: dict[tuple[str, str], int]
    date: np.ndarray  # (R,) int32 days since 1970-01-01, NULL_DATE when missing
    month: np.ndarray  # (R,) int32 the first day of the row's month, as date (a calendar conversion done once)
    quad: np.ndarray  # (R,) int8, 0 when missing (or not 1-4: then no quad column counts the events)
    plover: np.ndarray  # (R,) int32 into plover_names, -1 when missing
    plover_names: list[str]
    plover_order: tuple[list[str], list[int]]  # the non-empty names sorted (as SQL orders them), their codes
    issues: np.ndarray  # (R,) int32 into issue_texts
    issue_texts: list[str]
    coded: np.ndarray  # (R,) bool: source_code and target_code both known
    coop: np.ndarray  # (R,) bool: quad class 1 or 2
    conf: np.ndarray  # (R,) bool: quad class 3 or 4
    n: np.ndarray  # (R,) int32 events
    gsum: np.ndarray  # (R,) float64 Goldstein sum (0 when none)
    gcount: np.ndarray  # (R,) int32 events with a Goldstein score
    bad_source: frozenset[str]  # three-letter codes the cube cannot answer on that side
    bad_target: frozenset[str]
    edge_totals: tuple[np.ndarray, ...]  # per pair over coded rows: n, cooperation, conflict, gsum, gcount

    def nbytes(self) -> int:
        arrays = (self.pair_src, self.pair_tgt, self.offsets, self.date, self.month, self.quad, self.plover,
                  self.issues, self.coded, self.coop, self.conf, self.n, self.gsum, self.gcount, *self.edge_totals)
        return int(sum(a.nbytes for a in arrays))


def build_cube(con: Any) -> _Cube:
    """The aggregate, from a DuckDB connection."""
    import pyarrow as pa

    table = con.sql(AGGREGATE).to_arrow_table()
    bad: dict[str, set[str]] = {"s": set(), "t": set()}
    for side, code in con.execute(MISMATCHED).fetchall():
        if code is not None and len(code) == 3:
            bad[side].add(code)
    (src, tgt), keys = encode([table.column("s"), table.column("t")])  # both sides never null (AGGREGATE)
    key_index = {key: i for i, key in enumerate(keys)}
    # by (source, target) as Python orders strings: code point order, the database's binary collation
    order = np.lexsort((tgt, src))
    src, tgt = src[order], tgt[order]
    rows = len(order)
    starts = np.flatnonzero(np.r_[True, (src[1:] != src[:-1]) | (tgt[1:] != tgt[:-1])]) if rows else \
        np.zeros(0, np.int64)
    offsets = np.r_[starts, rows].astype(np.int64)
    pair_src, pair_tgt = src[starts], tgt[starts]
    pair_names = [(keys[a], keys[b]) for a, b in zip(pair_src.tolist(), pair_tgt.tolist(), strict=True)]

    date = numbers(table.column("d").cast(pa.int32()), np.int32, NULL_DATE)[order]
    quad = numbers(table.column("qc"), np.int8, 0)[order]
    (plover_codes,), plover_names = encode([table.column("pe")])
    (issue_codes,), issue_texts = encode([table.column("iss")])
    coded = numbers(table.column("coded"), np.bool_, False)[order]
    n = numbers(table.column("n"), np.int32, 0)[order]
    gsum = numbers(table.column("gsum"), np.float64, 0.0)[order]
    gcount = numbers(table.column("gcount"), np.int32, 0)[order]
    del table
    cube = _Cube(keys=keys, key_index=key_index, pair_src=pair_src, pair_tgt=pair_tgt, pair_names=pair_names,
                 offsets=offsets, pairs={name: p for p, name in enumerate(pair_names)},
                 date=date, month=_month_starts(date), quad=quad, plover=plover_codes[order],
                 plover_names=plover_names, plover_order=_plover_order(plover_names), issues=issue_codes[order],
                 issue_texts=issue_texts, coded=coded, coop=(quad == 1) | (quad == 2), conf=(quad == 3) | (quad == 4),
                 n=n, gsum=gsum, gcount=gcount,
                 bad_source=frozenset(bad["s"]), bad_target=frozenset(bad["t"]), edge_totals=())
    cube.edge_totals = _edge_sums(cube, coded)
    return cube


def _month_starts(date: np.ndarray) -> np.ndarray:
    """The first day of each date's month (NULL_DATE stays), in days since 1970-01-01."""
    dated = date != NULL_DATE
    out = np.full(date.shape, NULL_DATE, dtype=np.int32)
    months = date[dated].astype("datetime64[D]").astype("datetime64[M]")
    out[dated] = months.astype("datetime64[D]").astype(np.int64)
    return out


def round4(values: np.ndarray) -> list[float]:
    """``[round(v, 4) for v in values]``, exactly, in a fraction of the time (Python's round of a float goes
    through a decimal conversion: ~1 us a value, most of a series' cost). ``rint(v * 1e4) / 1e4`` is the same
    double wherever ``v * 1e4`` is not within rounding error of a half: the integer is then the right one and
    the division is correctly rounded, as Python's result is. The values near a half, huge or not finite are
    rounded by Python."""
    with np.errstate(invalid="ignore", over="ignore"):  # infinities and NaN: rounded by Python below
        scaled = values * 1e4
        fast = np.rint(scaled) / 1e4
        doubtful = ~np.isfinite(scaled) | (np.abs(scaled) > 2.0**50) | \
            (np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6)
    out = fast.tolist()
    for i in np.flatnonzero(doubtful).tolist():
        out[i] = round(float(values[i]), 4)
    return out


def _group(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for days: counted over their range rather than sorted, which
    is several times faster for the few thousand rows of a dyad (a range far wider than the rows: sorted)."""
    if not len(values):
        return values.astype(np.int64), np.zeros(0, np.intp)
    low = int(values.min())
    span = int(values.max()) - low + 1
    if span > 4 * len(values) + 100_000:
        return np.unique(values, return_inverse=True)
    offsets = values.astype(np.int64) - low
    present = np.bincount(offsets, minlength=span) > 0
    order = np.cumsum(present) - 1  # a present day's rank among the present days
    return np.flatnonzero(present) + low, order[offsets]


def _plover_order(names: list[str]) -> tuple[list[str], list[int]]:
    codes = sorted((i for i, name in enumerate(names) if name), key=lambda i: names[i])
    return [names[i] for i in codes], codes


def _edge_sums(cube: _Cube, rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per pair: events, cooperation (quad 1-2), conflict (quad 3-4), Goldstein sum and scored events over
    ``rows``: a mask of all rows (summed pair by pair over the pairs' row ranges, no gathering) or an index
    array of rows."""
    if rows.dtype == np.bool_:
        if not len(cube.pair_names):
            return (np.zeros(0),) * 5
        starts = cube.offsets[:-1]

        def total(column: np.ndarray, where: np.ndarray) -> np.ndarray:
            return np.add.reduceat(column * where, starts, dtype=np.float64)  # (np.where is 5x slower)

        return (total(cube.n, rows), total(cube.n, rows & cube.coop), total(cube.n, rows & cube.conf),
                total(cube.gsum, rows), total(cube.gcount, rows))
    pair = np.searchsorted(cube.offsets, rows, side="right") - 1
    size = len(cube.pair_names)

    def count(column: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        weights = column[rows] if where is None else column[rows] * where
        return np.bincount(pair, weights=weights, minlength=size)

    return (count(cube.n), count(cube.n, cube.coop[rows]), count(cube.n, cube.conf[rows]), count(cube.gsum),
            count(cube.gcount))


def _index(cube: _Cube, rows: np.ndarray | slice) -> np.ndarray:
    return np.arange(*rows.indices(cube.n.shape[0])) if isinstance(rows, slice) else rows


class Snapshot:
    """The aggregate of one read-only DuckDB store, shared by the threads that query it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cube: _Cube | None = None
        self._failed = False
        self._stats: Stats | None = None
        self._issue_masks: dict[str, np.ndarray] = {}
        self._labels: dict[str, dict[int, str]] = {freq: {} for freq in FREQUENCIES}  # period start -> its text
        self.build_seconds: float | None = None

    @property
    def ready(self) -> bool:
        """Whether the aggregate is built."""
        return self._cube is not None

    def wrap(self, store: Any) -> SnapshotStore:
        return SnapshotStore(store, self)

    # ---- building, once -------------------------------------------------------------------------------------
    def cube(self, store: Any) -> _Cube | None:
        """The aggregate (built on first call, from ``store``'s connection); None when it could not be built."""
        cube = self._cube
        if cube is not None or self._failed:
            return cube
        with self._lock:
            if self._cube is None and not self._failed:
                import time

                started = time.perf_counter()
                try:
                    self._cube = build_cube(store._con)
                except Exception:  # answered by SQL, as without a snapshot
                    log.warning("accord: no in-memory aggregate of %s; answering from SQL", store.url,
                                exc_info=True)
                    self._failed = True
                    return None
                self.build_seconds = time.perf_counter() - started
                log.info("accord: in-memory aggregate of %s: %d rows, %.1f MiB, %.2f s", store.url,
                         len(self._cube.n), self._cube.nbytes() / 2**20, self.build_seconds)
            return self._cube

    def stats(self, store: Any) -> Stats:
        if self._stats is None:
            with self._lock:
                if self._stats is None:
                    self._stats = store.stats()
        return copy.deepcopy(self._stats)

    def _issue_mask(self, cube: _Cube, issue: str) -> np.ndarray:
        """Which issues texts hold the issue as queries.where_clause looks for it; one more False at the end."""
        needle = json.dumps(clean_text(issue.strip()), ensure_ascii=False)
        mask = self._issue_masks.get(needle)
        if mask is None:
            mask = np.array([needle in text for text in cube.issue_texts] + [False], dtype=bool)
            if len(self._issue_masks) < 256:
                self._issue_masks[needle] = mask
        return mask

    # ---- selecting ------------------------------------------------------------------------------------------
    def _key(self, cube: _Cube, code: str, *, source: bool, target: bool) -> int | None:
        """The side key of a three-letter filter code (-1: no event has it), or None when the aggregate cannot
        answer for it (a longer code, or one that some actor with another country carries)."""
        code = clean_text(code.strip().upper())
        if len(code) != 3 or (source and code in cube.bad_source) or (target and code in cube.bad_target):
            return None
        return cube.key_index.get(code, -1)

    def _select(self, cube: _Cube, where: EventFilter, between: tuple[str, str] | None,
                need_pair: bool) -> tuple[np.ndarray | slice, np.ndarray | None] | None:
        """The rows a filter keeps: (rows, keep), rows a slice or an index array into the aggregate's columns
        (its pairs), keep None or which of those rows the other filters keep; None when the aggregate cannot
        answer the filter (then SQL does)."""
        if where.code or (where.quad_class is not None and where.quad_class not in (1, 2, 3, 4)):
            return None
        pair_mask: np.ndarray | None = None  # over pairs
        single: list[int] | None = None  # pair ids, when the filter names the pair(s)
        if between is not None:
            a = self._key(cube, between[0], source=True, target=True)
            b = self._key(cube, between[1], source=True, target=True)
            if a is None or b is None:
                return None
            names = {(cube.keys[a], cube.keys[b]) if a >= 0 and b >= 0 else None,
                     (cube.keys[b], cube.keys[a]) if a >= 0 and b >= 0 else None}
            single = sorted(cube.pairs[name] for name in names if name in cube.pairs)
        else:
            s = self._key(cube, where.source, source=True, target=False) if where.source else None
            t = self._key(cube, where.target, source=False, target=True) if where.target else None
            if (where.source and s is None) or (where.target and t is None):
                return None
            if need_pair and not (where.source and where.target):
                return None
            if where.source and where.target:
                name = (cube.keys[s], cube.keys[t]) if s >= 0 and t >= 0 else None
                single = [cube.pairs[name]] if name in cube.pairs else []
            elif where.source or where.target:
                pair_mask = (cube.pair_src == s) if where.source else (cube.pair_tgt == t)
        if where.country:
            c = self._key(cube, where.country, source=True, target=True)
            if c is None:
                return None
            mask = (cube.pair_src == c) | (cube.pair_tgt == c)
            if single is not None:
                single = [p for p in single if mask[p]]
            else:
                pair_mask = mask if pair_mask is None else pair_mask & mask
        if single is None and pair_mask is not None:
            single = np.flatnonzero(pair_mask).tolist()

        rows: np.ndarray | slice
        if single is None:
            rows = slice(None)
        elif len(single) == 1:
            rows = slice(int(cube.offsets[single[0]]), int(cube.offsets[single[0] + 1]))
        else:  # the pairs' row ranges, one after the other
            chosen = np.asarray(single, dtype=np.int64)
            starts, lengths = cube.offsets[chosen], cube.offsets[chosen + 1] - cube.offsets[chosen]
            rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        # row filters
        keep: np.ndarray | None = None

        def both(mask: np.ndarray) -> None:
            nonlocal keep
            keep = mask if keep is None else keep & mask

        date = cube.date[rows]
        start, end = (epoch_day(where.start) if where.start else None), (epoch_day(where.end) if where.end else None)
        if start is not None:
            both(date >= start)
        if end is not None:
            both((date <= end) & (date != NULL_DATE))
        if where.quad_class is not None:
            both(cube.quad[rows] == int(where.quad_class))
        if where.issue:
            both(self._issue_mask(cube, where.issue)[cube.issues[rows]])
        return rows, keep

    # ---- answering --------------------------------------------------------------------------------------------
    def period_counts(self, store: Any, where: EventFilter | None, freq: str, *,
                      between: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        if freq not in FREQUENCIES:
            return store.period_counts(where, freq, between=between)  # its error
        cube = self.cube(store)
        chosen = None if cube is None else self._select(cube, where or EventFilter(), between, need_pair=True)
        if chosen is None:
            return store.period_counts(where, freq, between=between)
        assert cube is not None
        rows, keep = chosen
        if keep is not None:
            rows = _index(cube, rows)[keep]
        date = cube.date[rows]
        dated = date != NULL_DATE
        if not dated.all():
            rows = _index(cube, rows)[dated]
            date = date[dated]
        if date.size == 0:
            return []
        if freq == "day":
            period = date
        elif freq == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
            period = date - (date.astype(np.int64) + 3) % 7
        else:
            period = cube.month[rows]
        periods, inverse = _group(period)
        size = len(periods)
        n = cube.n[rows]
        # events by period and quad class (column 0: none) in one pass
        by_quad = np.bincount(inverse * 5 + cube.quad[rows], weights=n, minlength=size * 5).reshape(size, 5)
        events = by_quad.sum(axis=1).astype(np.int64).tolist()
        quads = by_quad[:, 1:].astype(np.int64).tolist()
        scored_counts = np.bincount(inverse, weights=cube.gcount[rows], minlength=size).astype(np.int64)
        gsum_values = np.bincount(inverse, weights=cube.gsum[rows], minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = round4(gsum_values / scored_counts)  # the quotient Python's / gives: IEEE division either way
        scored, gsums = scored_counts.tolist(), round4(gsum_values)
        # events by PLOVER category and period, in the SQL's ORDER BY plover_event; a missing or empty
        # category is left out, as there
        by_plover: list[dict[str, int]] = [{} for _ in range(size)]
        names, columns = cube.plover_order
        if columns:
            plover = cube.plover[rows]
            named = plover >= 0
            pn = len(cube.plover_names)
            counts = np.bincount(inverse[named] * pn + plover[named], weights=n[named], minlength=size * pn)
            table = counts.reshape(size, pn)[:, columns].astype(np.int64).tolist()
            by_plover = [{name: value for name, value in zip(names, row, strict=True) if value} for row in table]
        labels = self._labels[freq]
        days = periods.tolist()
        for day in days:
            if day not in labels:
                labels[day] = period_label(EPOCH + dt.timedelta(days=day), freq)
        # one comprehension: the rows are the answer's bulk (120 for ten years by month)
        return [{"period": labels[day], "events": total, "quad1": q[0], "quad2": q[1], "quad3": q[2], "quad4": q[3],
                 "goldstein_sum": gsum, "goldstein_mean": mean if count else None, "plover": plover}
                for day, total, q, gsum, mean, count, plover in zip(days, events, quads, gsums, means, scored,
                                                                     by_plover, strict=True)]

    def edge_counts(self, store: Any, where: EventFilter | None = None, level: str = "country",
                    min_events: int = 1, limit: int = 200) -> list[dict[str, Any]]:
        cube = None if level != "country" else self.cube(store)
        where = where or EventFilter()
        chosen = None if cube is None else self._select(cube, where, None, need_pair=False)
        if chosen is None:
            return store.edge_counts(where, level, min_events, limit)
        assert cube is not None
        rows, keep = chosen
        if isinstance(rows, slice) and rows == slice(None):  # every pair: masks of all rows, no index
            totals = cube.edge_totals if keep is None else _edge_sums(cube, keep & cube.coded)
        else:
            index = _index(cube, rows)
            wanted = cube.coded[index] if keep is None else keep & cube.coded[index]
            totals = _edge_sums(cube, index[wanted])
        n, coop, conf, gsum, gcount = totals
        keep = np.flatnonzero(n >= max(1, int(min_events)))
        # pairs are in (source, target) order: a stable sort by events, most first, is the SQL's ORDER BY
        order = keep[np.argsort(-n[keep], kind="stable")][:max(0, int(limit))]
        out = []
        for p in order.tolist():
            src, tgt = cube.pair_names[p]
            out.append({"source": src, "target": tgt, "events": int(n[p]), "cooperation": int(coop[p]),
                        "conflict": int(conf[p]),
                        "goldstein_mean": round(float(gsum[p]) / int(gcount[p]), 4) if gcount[p] else None})
        return out


class SnapshotStore:
    """One thread's store connection with the shared :class:`Snapshot` in front of it."""

    def __init__(self, store: Any, snapshot: Snapshot) -> None:
        self.store = store
        self.snapshot = snapshot

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def period_counts(self, where: EventFilter | None, freq: str, *,
                      between: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        return self.snapshot.period_counts(self.store, where, freq, between=between)

    def edge_counts(self, where: EventFilter | None = None, level: str = "country", min_events: int = 1,
                    limit: int = 200) -> list[dict[str, Any]]:
        return self.snapshot.edge_counts(self.store, where, level, min_events, limit)

    def stats(self) -> Stats:
        return self.snapshot.stats(self.store)
