"""Event pages from files built once, for a store that cannot change: the API's read-only DuckDB file.

``GET /api/events`` answers a filter with one page of event records, newest first, and how many match. SQL
does that by filtering, sorting and counting every event on each request (about 70 ms of CPU on a million
events), and fetching a page's rows by key costs DuckDB 4-14 ms more (a point lookup decompresses whole column
vectors). This index does it in about a millisecond. :func:`build_event_index` writes, into a directory:

- every event's output record as JSON text (DuckDB renders it, ``RECORD_JSON``; a test checks it parses to what
  :func:`accord.store.sql_store.event_record` gives), concatenated in ``records.bin`` with their offsets;
- the events' order, that of the SQL (``ORDER BY date DESC NULLS LAST, story_key``), as the row of each
  position;
- the filter columns by position (actor and country codes, CAMEO code and root, quad class, issues, date) and,
  per code, the sorted positions that have it (posting lists).

:class:`EventIndex` maps those files read-only (``numpy.load(mmap_mode="r")`` and ``mmap``): the pages of the
operating system's file cache, shared by every server process that opens the same directory, not memory of
each. A query takes the shortest posting list of its filters, cut to its date range (dates are sorted, so a
range is a slice), checks the other filters on those positions only, and returns the page's records as they
are stored: no row is read from the database and no JSON is encoded per request.

It answers exactly what ``Store.events`` and ``Store.count_events`` answer, for every filter the API takes,
and declines (``None``) what it cannot: a quad class outside 1-4.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from accord.store import queries as q
from accord.store.base import EventFilter, clean_text
from accord.store.columns import NULL_DATE, encode, epoch_day, numbers  # a missing date sorts last

FORMAT = 1  # bumped whenever the files change meaning
BATCH_ROWS = 65_536
BITMAPS = 32  # membership bitmaps kept per process (a million events: 1 MiB each)


def _side(side: str) -> str:
    return (f"CASE WHEN {side}_code IS NULL THEN NULL ELSE json_object('code', {side}_code, 'country', "
            f"{side}_country, 'sector', {side}_sector, 'text', {side}_text, 'start', {side}_start, 'end', "
            f"{side}_end, 'name', {side}_name, 'role', {side}_role) END")


# The record of accord.store.sql_store.event_record, rendered by DuckDB (vectorised: 2.2 s for a million events
# on 2 cores, against ~30 s through Python). Keep the two in step; tests/test_event_index.py compares them.
RECORD_JSON = f"""CAST(json_object('event_id', story_key, 'doc_id', doc_id, 'doc_hash', doc_hash,
    'sentence', sentence, 'date', date, 'source', {_side('source')}, 'target', {_side('target')},
    'cameo', cameo, 'cameo_root', cameo_root, 'cameo_name', cameo_name, 'quad_class', quad_class,
    'goldstein', goldstein, 'plover', json_object('event', plover_event, 'mode', plover_mode),
    'trigger', json_object('text', trigger_text, 'start', trigger_start, 'end', trigger_end),
    'negated', negated, 'modality', modality,
    'location', CASE WHEN location IS NULL OR location = '' THEN NULL ELSE json(location) END,
    'issues', json(issues), 'attributes', json(attributes), 'text', text, 'coder', coder_version,
    'num_articles', num_articles, 'num_sources', num_sources) AS VARCHAR)"""

# Both in table order (DuckDB keeps insertion order for a plain scan; the build checks that the row ids agree).
# Two scans, not one: a batch's columns share one allocation, so keeping its filter columns would keep its
# records in memory too.
RECORDS = f"SELECT rowid AS rid, {RECORD_JSON} AS record FROM events"
FILTERS = """SELECT rowid AS rid, CAST(date AS DATE) AS date, source_code, source_country, target_code,
    target_country, cameo, cameo_root, quad_class, issues FROM events"""
# Only the keys are sorted: sorting the records themselves would hold all of them in memory at once.
ORDER = f"SELECT rowid FROM events {q.EVENT_ORDER}"

_CODE_COLUMNS = ("source_code", "source_country", "target_code", "target_country")
_POSTINGS = ("source", "target", "either", "cameo", "root", "quad")


def build_event_index(con: Any, directory: str | Path, *, create: bool = True) -> dict[str, Any]:
    """Writes the index of the events behind the DuckDB connection ``con`` into ``directory`` (files already
    there are replaced; created unless ``create`` is False: a temporary directory removed meanwhile stays
    removed) and returns its summary (events, bytes, seconds)."""
    import pyarrow as pa

    started = time.perf_counter()
    directory = Path(directory)
    if create:
        directory.mkdir(parents=True, exist_ok=True)
    row_ids: list[np.ndarray] = []
    record_ends: list[np.ndarray] = []
    written = 0
    with open(directory / "records.bin", "wb") as out:
        for batch in con.sql(RECORDS).to_arrow_reader(BATCH_ROWS):
            records = batch.column("record")
            if records.null_count:
                raise ValueError("an event record rendered as NULL")
            records = records.cast(pa.large_string())  # int64 offsets, whatever the batch's size
            offsets = np.frombuffer(records.buffers()[1], dtype=np.int64, count=len(records) + 1,
                                    offset=records.offset * 8)
            data = records.buffers()[2]
            out.write(memoryview(data)[offsets[0]:offsets[-1]])
            record_ends.append(offsets[1:] - offsets[0] + written)
            written += int(offsets[-1] - offsets[0])
            row_ids.append(np.array(batch.column("rid").to_numpy()))  # a copy: the batch is let go
            del batch, records, data, offsets
    rid = np.concatenate(row_ids) if row_ids else np.zeros(0, np.int64)
    if len(rid) > 1 and not bool(np.all(rid[1:] > rid[:-1])):
        raise ValueError("the events did not come back in row order")
    table = con.sql(FILTERS).to_arrow_table()
    if not np.array_equal(np.asarray(table.column("rid").to_numpy()), rid):
        raise ValueError("the events changed while they were indexed")
    ordered = np.asarray(con.sql(ORDER).to_arrow_table().column(0).to_numpy(), dtype=np.int64)
    if len(ordered) != len(rid):
        raise ValueError("the events changed while they were indexed")
    # position p (in the SQL's order) -> the event's row in records.bin
    perm = np.searchsorted(rid, ordered).astype(np.int64)
    if len(perm) and not bool(np.array_equal(rid[perm], ordered)):
        raise ValueError("an ordered row id is missing from the scan")

    def column(name: str) -> Any:
        return table.column(name)

    arrays: dict[str, np.ndarray] = {
        "perm": perm.astype(np.int32),
        "record_offsets": np.r_[np.int64(0), *record_ends] if record_ends else np.zeros(1, np.int64),
    }
    days = column("date")
    arrays["date"] = numbers(days.cast(pa.int32()) if len(days) else days, np.int32, NULL_DATE)[perm]
    code_values, keys = encode([column(name) for name in _CODE_COLUMNS])
    sc, sn, tc, tn = (codes[perm] for codes in code_values)
    (cameo,), cameos = encode([column("cameo")])
    (root,), roots = encode([column("cameo_root")])
    (issues,), issue_texts = encode([column("issues")])
    quad = numbers(column("quad_class"), np.int64, 0)[perm]
    arrays.update(sc=sc, sn=sn, tc=tc, tn=tn, cameo=cameo[perm], root=root[perm], issues=issues[perm],
                  quad=np.where((quad >= 1) & (quad <= 4), quad, 0).astype(np.int8))
    # posting lists: per code, the positions that carry it, each position once
    postings = {
        "source": _postings([(sc, None), (sn, sn != sc)], len(keys)),
        "target": _postings([(tc, None), (tn, tn != tc)], len(keys)),
        "either": _postings([(sc, None), (sn, sn != sc), (tc, (tc != sc) & (tc != sn)),
                             (tn, (tn != sc) & (tn != sn) & (tn != tc))], len(keys)),
        "cameo": _postings([(arrays["cameo"], None)], len(cameos)),
        "root": _postings([(arrays["root"], None)], len(roots)),
        "quad": _postings([(arrays["quad"].astype(np.int32), None)], 5),
    }
    for name, (starts, positions) in postings.items():
        arrays[f"{name}_starts"], arrays[f"{name}_positions"] = starts, positions
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", np.ascontiguousarray(array))
    seconds = time.perf_counter() - started
    meta = {"format": FORMAT, "events": int(len(perm)), "keys": keys, "cameos": cameos, "roots": roots,
            "issue_texts": issue_texts, "record_bytes": written, "build_seconds": round(seconds, 3)}
    # written last, and whole (a rename): other processes take its presence to mean the index is complete
    (directory / "meta.json.part").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(directory / "meta.json.part", directory / "meta.json")
    return _summary(directory, meta)


def _postings(parts: list[tuple[np.ndarray, np.ndarray | None]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR posting lists: (starts, positions), the positions of code k being positions[starts[k]:starts[k+1]],
    ascending. ``parts`` are (codes by position, which positions to take from them or None for all)."""
    codes, positions = [], []
    for values, keep in parts:
        where = values >= 0 if keep is None else (values >= 0) & keep
        chosen = np.flatnonzero(where)
        codes.append(values[chosen].astype(np.int64))
        positions.append(chosen.astype(np.int32))
    code = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    position = np.concatenate(positions) if positions else np.zeros(0, np.int32)
    # one int64 key (code, then position) sorts 6x faster than lexsort on two
    order = np.argsort(code * np.int64(int(position.max()) + 1) + position, kind="stable") if len(code) else code
    counts = np.bincount(code, minlength=size) if len(code) else np.zeros(size, np.int64)
    return np.r_[np.int64(0), np.cumsum(counts)].astype(np.int64), position[order]


def _summary(directory: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """What a built index holds: events, bytes on disk, seconds its build took."""
    size = sum(path.stat().st_size for path in directory.iterdir() if path.is_file())
    return {"events": meta["events"], "bytes": size, "seconds": meta["build_seconds"]}


class EventIndex:
    """The files of :func:`build_event_index`, mapped read-only; safe to share between threads."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        meta = json.loads((self.directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"event index format {meta.get('format')!r}, expected {FORMAT}")
        self.events = int(meta["events"])
        self.key_index = {key: i for i, key in enumerate(meta["keys"])}
        self.cameo_index = {code: i for i, code in enumerate(meta["cameos"])}
        self.root_index = {code: i for i, code in enumerate(meta["roots"])}
        self.issue_texts: list[str] = meta["issue_texts"]
        self.build_seconds = float(meta.get("build_seconds") or 0.0)

        def load(name: str) -> np.ndarray:
            # a plain ndarray over the mapped file: numpy.memmap's own indexing costs ~50 us a call
            return np.load(self.directory / f"{name}.npy", mmap_mode="r").view(np.ndarray)

        self.perm, self.record_offsets = load("perm"), load("record_offsets")
        self.date, self.quad = load("date"), load("quad")
        self.sc, self.sn, self.tc, self.tn = load("sc"), load("sn"), load("tc"), load("tn")
        self.cameo, self.root, self.issues = load("cameo"), load("root"), load("issues")
        self.postings = {name: (load(f"{name}_starts"), load(f"{name}_positions")) for name in _POSTINGS}
        dated = np.flatnonzero(np.asarray(self.date) == NULL_DATE)
        self.dated = int(dated[0]) if len(dated) else self.events  # nulls come last
        self._descending = -np.asarray(self.date[:self.dated], dtype=np.int64)  # ascending, for searchsorted
        self._file = open(self.directory / "records.bin", "rb")  # noqa: SIM115 - closed by close()
        size = os.fstat(self._file.fileno()).st_size
        self._records = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._issue_positions: dict[str, np.ndarray] = {}
        self._bitmaps: dict[tuple[Any, ...], np.ndarray] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        if isinstance(self._records, mmap.mmap):
            self._records.close()
        self._file.close()

    # ---- answering -----------------------------------------------------------------------------------------------
    def page(self, where: EventFilter | None, limit: int | None, offset: int = 0) -> tuple[list[bytes], int] | None:
        """(the JSON records of the page, newest first; how many events match in all), or None when the index
        cannot answer the filter (then SQL does)."""
        chosen = self._match(where or EventFilter())
        if chosen is None:
            return None
        offset = max(0, int(offset))
        end = None if limit is None else offset + max(0, int(limit))
        total = len(chosen)
        if isinstance(chosen, range):  # no list of positions to cut: the page's own
            positions = np.arange(chosen.start + min(offset, total),
                                  chosen.start + (total if end is None else min(end, total)))
        else:
            positions = chosen[offset:end]
        rows = np.asarray(self.perm[positions], dtype=np.int64)
        starts = self.record_offsets[rows].tolist()
        ends = self.record_offsets[rows + 1].tolist()
        records = self._records
        return [records[a:b] for a, b in zip(starts, ends, strict=True)], total

    def _match(self, where: EventFilter) -> range | np.ndarray | None:
        """The positions (ascending: newest first) of the events the filter keeps: a range when only dates
        restrict them; None when the index cannot answer."""
        if where.quad_class is not None and where.quad_class not in (1, 2, 3, 4):
            return None
        low, high = 0, self.events
        if where.start or where.end:
            high = self.dated  # a date bound never matches an event without a date
            start = epoch_day(where.start) if where.start else None
            end = epoch_day(where.end) if where.end else None
            if start is not None:  # date >= start: the positions before the first older event
                high = min(high, int(np.searchsorted(self._descending, -start, side="right")))
            if end is not None:
                low = int(np.searchsorted(self._descending, -end, side="left"))
        if low >= high:
            return range(0, 0)
        # each filter: (its posting list, a check of positions or None when the posting list is exact, a key)
        filters: list[tuple[np.ndarray, Callable[[np.ndarray], np.ndarray] | None, tuple[Any, ...]]] = []
        for value, side in ((where.source, "source"), (where.target, "target"), (where.country, "either")):
            if value:
                found = self._actor(value, side)
                if found is None:
                    return range(0, 0)
                filters.append(found)
        if where.code:
            code = clean_text(where.code.strip())
            index, name = (self.root_index, "root") if len(code) == 2 else (self.cameo_index, "cameo")
            k = index.get(code)
            if k is None:
                return range(0, 0)
            filters.append((self._posting(name, k), None, (name, k)))
        if where.quad_class is not None:
            k = int(where.quad_class)
            filters.append((self._posting("quad", k), None, ("quad", k)))
        if where.issue:
            key = clean_text(where.issue.strip())
            filters.append((self._issue_posting(key), None, ("issue", key)))
        if not filters:
            return range(low, high)
        # start from the filter with the fewest positions in the date range; check the others on those only
        # (the bounds in each list's own dtype: numpy would otherwise convert the whole list to compare them)
        ranges = [posting.searchsorted(np.array([low, high], dtype=posting.dtype)) for posting, _, _ in filters]
        best = int(np.argmin([b - a for a, b in ranges]))
        posting, check, _ = filters[best]
        positions = np.asarray(posting[ranges[best][0]:ranges[best][1]])
        if check is not None:
            positions = positions[check(positions)]
        for i, (other, other_check, key) in enumerate(filters):
            if i != best and len(positions):
                # an exact list is checked through its bitmap: one lookup a position, not one per column
                keep = other_check(positions) if other_check is not None else self._bitmap(key, other)[positions]
                positions = positions[keep]
        return positions

    def _posting(self, name: str, code: int) -> np.ndarray:
        starts, positions = self.postings[name]
        return positions[int(starts[code]):int(starts[code + 1])]

    def _bitmap(self, key: tuple[Any, ...], posting: np.ndarray) -> np.ndarray:
        """Which positions are in ``posting`` (cached for the last BITMAPS keys: 1 byte an event each)."""
        bitmap = self._bitmaps.get(key)
        if bitmap is None:
            bitmap = np.zeros(self.events, dtype=bool)
            bitmap[posting] = True
            with self._lock:
                while len(self._bitmaps) >= BITMAPS:
                    self._bitmaps.pop(next(iter(self._bitmaps)))
                self._bitmaps[key] = bitmap
        return bitmap

    def _actor(self, value: str, side: str) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray] | None,
                                                     tuple[Any, ...]] | None:
        """As queries.where_clause reads an actor filter: a three-letter code matches the country or the code
        (the posting list, built from both, is exact), a longer one the code only (the list needs a check)."""
        code = clean_text(value.strip().upper())
        k = self.key_index.get(code)
        if k is None:
            return None
        if len(code) == 3:
            return self._posting(side, k), None, (side, k)
        columns = {"source": (self.sc,), "target": (self.tc,), "either": (self.sc, self.tc)}[side]

        def check(p: np.ndarray) -> np.ndarray:
            hit = columns[0][p] == k
            for column in columns[1:]:
                hit |= column[p] == k
            return hit

        return self._posting(side, k), check, (side, "code", k)

    def _issue_posting(self, issue: str) -> np.ndarray:
        """The positions whose issues text holds the issue as queries.where_clause looks for it (cached)."""
        positions = self._issue_positions.get(issue)
        if positions is None:
            needle = json.dumps(issue, ensure_ascii=False)
            match = np.array([needle in text for text in self.issue_texts] + [False], dtype=bool)
            positions = np.flatnonzero(match[self.issues]).astype(np.int32)  # code -1 (none) reads the last False
            with self._lock:
                if len(self._issue_positions) < 256:
                    self._issue_positions[issue] = positions
        return positions


def is_complete(directory: str | Path) -> bool:
    """Whether :func:`build_event_index` has finished writing ``directory``."""
    return (Path(directory) / "meta.json").is_file()


class IndexBuild:
    """An index of the DuckDB file ``db`` built into a temporary directory of its own (``directory``) by a
    process of its own: the build's memory (~0.6 GB at the peak for a million events) goes back to the system
    when it ends, and readers in any process map the directory once :func:`is_complete` says so.
    ``on_built(summary)`` is called when it is; a failed build says why on standard error and leaves no files.
    :meth:`stop` ends a build still running and removes the directory."""

    def __init__(self, db: str | None, on_built: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.db = db
        self.directory = Path(tempfile.mkdtemp(prefix="accord-events-"))
        self.on_built = on_built
        self.finished = threading.Event()  # set when the build has ended, built or not
        self._process: Any = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="accord-event-index", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        import multiprocessing

        try:
            process = multiprocessing.get_context("spawn").Process(
                target=build_in_process, args=(self.db, str(self.directory)), name="accord-event-index", daemon=True)
            if self._stopped.is_set():
                return
            self._process = process
            process.start()
            process.join()
            if self._stopped.is_set():
                return
            if process.exitcode == 0:
                if self.on_built is not None:
                    self.on_built(self.summary())
            else:
                shutil.rmtree(self.directory, ignore_errors=True)
        finally:
            self.finished.set()

    def summary(self) -> dict[str, Any]:
        """What the complete index holds: events, bytes, seconds its build took."""
        return _summary(self.directory, json.loads((self.directory / "meta.json").read_text(encoding="utf-8")))

    def stop(self) -> None:
        self._stopped.set()
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(5)
        shutil.rmtree(self.directory, ignore_errors=True)


def build_in_process(db: str | None, directory: str) -> None:
    """Builds the index of the DuckDB file ``db`` into ``directory``: what :class:`IndexBuild`'s process runs.
    A failure is one line on standard error and exit status 1."""
    from accord.store import open_store

    try:
        store = open_store(db, read_only=True)
        try:
            build_event_index(store._con, directory, create=False)  # type: ignore[attr-defined]
        finally:
            store.close()
    except Exception as exc:
        reason = " ".join(str(exc).split())[:300]
        print(f"accord serve: no event index ({type(exc).__name__}: {reason}); /api/events answers from SQL",
              file=sys.stderr, flush=True)
        sys.exit(1)
