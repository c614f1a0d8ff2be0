"""read -> clean and hash -> drop what is stored already -> code a batch -> store it in one transaction.

Exactly once: a document is its content hash, so a document already stored (or met earlier in this run) is
never coded again, and each batch is written by ``Store.add_batch`` in one transaction. A run killed at any
moment leaves whole batches behind; running it again skips them and codes the rest, ending where a clean
run ends. Batch k is written on a thread of its own while batch k+1 is coded (one batch in flight at most,
committed in order), so the database's time mostly hides behind the coder's.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accord.engines.partitions import partitions
from accord.ingest.prepare import Prepared, prepare
from accord.ingest.sources import InputFailed, read_inputs
from accord.ingest.version import coder_version
from accord.store.base import BatchResult, Store, StoredDocument
from accord.text.documents import Skipped

if TYPE_CHECKING:
    from accord.coding.coder import CodedDocument, Coder
    from accord.coding.events import Event
    from accord.engines.base import Engine
    from accord.engines.worker import DocResult

DEFAULT_BATCH_SIZE = 512  # documents a transaction: few commits (DuckDB ~50 ms each), little to redo on a crash


@dataclass
class IngestSummary:
    read: int = 0  # documents (and unreadable items) met in the inputs
    coded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # by reason
    duplicates: int = 0  # already stored, or met earlier in this run
    documents_added: int = 0
    events_written: int = 0  # event records stored (mentions of a story, one per document reporting it)
    new_events: int = 0  # stories the store did not hold yet
    batches: int = 0
    dated_today: int = 0  # no date in the record, the page or --date
    failed_inputs: list[str] = field(default_factory=list)  # "INPUT: reason" for inputs that gave nothing
    seconds: float = 0.0
    events_coded: int = 0  # events seen so far, including those of the batch not yet written (for progress)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "coded": self.coded, "skipped": dict(self.skipped.most_common()),
                "duplicates": self.duplicates, "documents_added": self.documents_added,
                "events_written": self.events_written, "new_events": self.new_events, "batches": self.batches,
                "dated_today": self.dated_today, "failed_inputs": self.failed_inputs,
                "seconds": round(self.seconds, 3)}

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        rate = self.coded / self.seconds if self.seconds else 0.0
        text = (f"{self.read} read, {self.coded} coded, {self.duplicates} duplicates, "
                f"{self.documents_added} documents and {self.events_written} events written "
                f"({self.new_events} new stories) in {self.seconds:.1f} s ({rate:.1f} documents/s)")
        if self.skipped:
            text += "; skipped: " + ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
        if self.dated_today:
            text += f"; {self.dated_today} undated documents dated today"
        return text


Progress = Callable[[IngestSummary], None]
SkipReport = Callable[[Skipped], None]


def ingest(inputs: Iterable[str], store: Store, coder: Coder, *, date: str | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
           on_skip: SkipReport | None = None, fetch_items: bool = True) -> IngestSummary:
    """Read, code and store every new document of ``inputs``; ``date`` dates documents that carry none.
    ``progress`` is called with the running summary after each document; ``on_skip`` with each skip."""
    run = _Run(store, coder, progress, on_skip)
    try:
        for _, batch in partitions(_prepared(inputs, run, date, fetch_items), batch_size):
            run.code_batch(batch)
        run.finish()
    finally:
        run.writer.close()
    return run.summary


def ingest_partitioned(inputs: Iterable[str], store: Store, engine: Engine, *, date: str | None = None,
                       partition_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
                       on_skip: SkipReport | None = None, fetch_items: bool = True) -> IngestSummary:
    """``ingest`` with the coding done by an engine's workers (``--workers N``, ``--engine dask``). This
    process alone reads, hashes and asks ``known()``, then sends each partition's new documents out; results
    come back in partition order and each partition is stored here in one transaction, so exactly-once holds
    as in ``ingest`` (a partition is one batch). ``engine`` is entered and closed here."""
    run = _Run(store, None, progress, on_skip)
    sent: dict[int, list[Prepared]] = {}

    def parts() -> Iterator[tuple[int, list]]:
        for index, batch in partitions(_prepared(inputs, run, date, fetch_items), partition_size):
            run.writer.wait()  # the store is idle while known() is asked
            fresh = run.fresh(batch)
            sent[index] = fresh
            yield index, [p.document for p in fresh]

    try:
        with engine:
            for part in engine.map(parts(), cleaned=True, keep_text=True):
                run.writer.wait()
                run.take(sent.pop(part.index), part.documents)
                run._submit()
        run.finish()
    finally:
        run.writer.close()
    return run.summary


def _prepared(inputs: Iterable[str], run: _Run, date: str | None, fetch_items: bool) -> Iterator[Prepared]:
    """Each new document of the inputs, cleaned and hashed; one met earlier in this run is a duplicate."""
    seen: set[str] = set()
    for item in read_inputs(inputs, fetch_items=fetch_items):
        run.summary.read += 1
        prepared = item if isinstance(item, Skipped) else prepare(item, date)
        if isinstance(prepared, Skipped):
            run.skip(prepared)
            continue
        if prepared.doc_hash in seen:
            run.summary.duplicates += 1
            continue
        seen.add(prepared.doc_hash)
        yield prepared


class _Run:
    """One ingest: codes batch after batch while the writer stores the one before (see ``_Writer``)."""

    def __init__(self, store: Store, coder: Coder, progress: Progress | None, on_skip: SkipReport | None) -> None:
        self.store, self.coder, self.progress, self.on_skip = store, coder, progress, on_skip
        self.summary = IngestSummary()
        self.version = coder_version()
        self.writer = _Writer(store)
        self.started = time.perf_counter()
        self.pending: tuple[list[StoredDocument], list[tuple[str, dict[str, Any]]]] | None = None

    def skip(self, item: Skipped, reason: str | None = None) -> None:
        self.summary.skipped[reason or item.reason] += 1
        if isinstance(item, InputFailed):
            self.summary.failed_inputs.append(f"{item.where}: {item.reason}")
        if self.on_skip is not None:
            self.on_skip(item)

    def code_batch(self, batch: list[Prepared]) -> None:
        # Ask what is stored while the writer is idle, then hand it the previous batch and code this one
        # meanwhile. A document of the batch in flight cannot be here: ``seen`` already dropped it.
        self.writer.wait()
        fresh = self.fresh(batch)
        self._submit()
        self.take(fresh, self.coder.code_documents((p.document for p in fresh), cleaned=True))

    def fresh(self, batch: list[Prepared]) -> list[Prepared]:
        """The documents of the batch the store does not hold (the writer must be idle)."""
        known = self.store.known([p.doc_hash for p in batch])
        fresh = [p for p in batch if p.doc_hash not in known]
        self.summary.duplicates += len(batch) - len(fresh)
        return fresh

    def take(self, fresh: list[Prepared], results: Iterable[CodedDocument | DocResult]) -> None:
        """The coder's results for ``fresh`` (in order: events, or event records from an engine's worker)
        become the batch to store next."""
        summary = self.summary
        documents: list[StoredDocument] = []
        events: list[tuple[str, dict[str, Any]]] = []
        for prepared, result in zip(fresh, results, strict=True):
            if result.skipped:
                self.skip(Skipped(prepared.document.id, result.skipped), _reason(result.skipped))
                continue
            doc = prepared.document
            records = getattr(result, "records", None)
            if records is None:
                records = [event.to_record() for event in result.events]
            summary.coded += 1
            summary.dated_today += prepared.dated_today
            summary.events_coded += len(records)
            documents.append(StoredDocument(doc_hash=prepared.doc_hash, doc_id=doc.id, text=result.text or doc.text,
                                            date=doc.date, url=doc.url, title=doc.title, outlet=doc.source,
                                            coder_version=self.version))
            events.extend((prepared.doc_hash, with_coder(record, self.version)) for record in records)
            self._report()
        self.pending = (documents, events)
        self._report()

    def finish(self) -> None:
        self.writer.wait()
        self._submit()
        self.writer.wait()
        self._report()

    def _submit(self) -> None:
        if self.pending is not None and self.pending[0]:
            self.writer.submit(*self.pending, done=self._stored)
        self.pending = None

    def _stored(self, written: BatchResult) -> None:  # on the writer's thread, once the batch is committed
        summary = self.summary
        summary.documents_added += written.documents_added
        summary.duplicates += written.documents_known  # stored by another run since known() was asked
        summary.events_written += written.mentions_added
        summary.new_events += written.events_added
        summary.batches += 1

    def _report(self) -> None:
        self.summary.seconds = time.perf_counter() - self.started
        if self.progress is not None:
            self.progress(self.summary)


class _Writer:
    """Stores one batch at a time on a thread of its own, so that the database's work (which DuckDB and
    psycopg do without the GIL) overlaps coding the next batch. Batches are committed in order, one at a
    time; the store is never used by two threads at once (the caller waits before its own queries)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, documents: list[StoredDocument], events: list[tuple[str, dict[str, Any]]],
               done: Callable[[BatchResult], None]) -> None:
        self.wait()

        def work() -> None:
            try:
                done(self.store.add_batch(documents, events))
            except BaseException as exc:  # handed to the caller's thread by wait()
                self._error = exc

        self._thread = threading.Thread(target=work, name="accord-store-writer")
        self._thread.start()

    def wait(self) -> None:
        """Until the batch in flight is committed; its failure is raised here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Let a batch in flight finish (the caller is about to close the store), raising nothing."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def stored_record(event: Event, version: str) -> dict[str, Any]:
    """The event's output record as stored: ``coder`` names the knowledge too, so that events coded before and
    after a knowledge edit (and ``accord recode``) are told apart."""
    return with_coder(event.to_record(), version)


def with_coder(record: dict[str, Any], version: str) -> dict[str, Any]:
    """An output record as stored: with ``coder``, the version that coded it."""
    record["coder"] = version
    return record


def _reason(reason: str) -> str:
    # The coder's "bad date '2025-13-01'" names the value: counted under one reason.
    return "bad date" if reason.startswith("bad date") else reason
