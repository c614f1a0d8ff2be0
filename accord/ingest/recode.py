"""``accord recode``: every stored document coded again with the current coder and knowledge; its mentions
are replaced in one transaction per document (the store keeps the story counts right), and each event
records the coder version that produced it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.ingest.pipeline import stored_record
from accord.ingest.version import coder_version
from accord.store.base import Store
from accord.text.documents import Document

if TYPE_CHECKING:
    from accord.coding.coder import Coder

PAGE = 256


@dataclass
class RecodeSummary:
    documents: int = 0
    events: int = 0  # event records written
    skipped: int = 0  # documents the coder now skips (left with no events)
    seconds: float = 0.0
    version: str = ""

    def line(self) -> str:
        return (f"{self.documents} documents re-coded with {self.version}, {self.events} events "
                f"({self.skipped} documents without events now) in {self.seconds:.1f} s")


def recode(store: Store, coder: Coder, *, page: int = PAGE,
           progress: Callable[[RecodeSummary], None] | None = None) -> RecodeSummary:
    """Re-code every stored document, in the store's order, a page at a time."""
    summary = RecodeSummary(version=coder_version())
    started = time.perf_counter()
    offset = 0
    while stored := store.documents(limit=page, offset=offset):
        offset += len(stored)  # recoding changes events, never the documents: the paging stays put
        documents = (Document(id=d.doc_id, text=d.text, date=d.date, title=d.title, url=d.url, source=d.outlet)
                     for d in stored)
        for doc, result in zip(stored, coder.code_documents(documents), strict=True):
            records = [] if result.skipped else [stored_record(e, summary.version) for e in result.events]
            store.replace_events(doc.doc_hash, records, summary.version)
            summary.documents += 1
            summary.events += len(records)
            summary.skipped += result.skipped is not None
            if progress is not None:
                progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
