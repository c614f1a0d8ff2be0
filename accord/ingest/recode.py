"""``accord recode``: the stored documents coded again with the current coder and knowledge, a page at a time;
each page's mentions are replaced in one transaction (the store keeps the story counts right), each event
records the coder version that produced it, and each document the version it was last coded with. Documents
already coded with the current version are left alone unless ``everything`` is asked for."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.ingest.pipeline import stored_record
from accord.ingest.version import coder_version
from accord.store.base import Store
from accord.text.documents import Document

if TYPE_CHECKING:
    from accord.coding.coder import Coder

PAGE = 256


@dataclass
class RecodeSummary:
    documents: int = 0  # re-coded
    events: int = 0  # event records written
    skipped: int = 0  # documents the coder now skips (left with no events)
    current: int = 0  # already coded with this version: left alone
    seconds: float = 0.0
    version: str = ""

    def line(self) -> str:
        text = (f"{self.documents} documents re-coded with {self.version}, {self.events} events "
                f"({self.skipped} documents without events now) in {self.seconds:.1f} s")
        if self.current:
            text += f"; {self.current} documents already coded with it left alone (--all re-codes them too)"
        return text


def recode(store: Store, coder: Coder, *, page: int = PAGE, everything: bool = False,
           progress: Callable[[RecodeSummary], None] | None = None) -> RecodeSummary:
    """Re-code the stored documents, in the store's order, a page at a time: those coded with another version
    than the current one, or every one with ``everything``."""
    summary = RecodeSummary(version=coder_version())
    started = time.perf_counter()
    offset = 0
    while stored := store.documents(limit=page, offset=offset):
        offset += len(stored)  # recoding changes events and coder versions, never the order: the paging stays put
        todo = stored if everything else [d for d in stored if d.coder_version != summary.version]
        summary.current += len(stored) - len(todo)
        # the stored text is the coder's cleaned text: cleaned=True spares cleaning it again
        documents = (Document(id=d.doc_id, text=d.text, date=d.date, title=d.title, url=d.url, source=d.outlet)
                     for d in todo)
        replaced: list[tuple[str, list[dict[str, Any]]]] = []
        for doc, result in zip(todo, coder.code_documents(documents, cleaned=True), strict=True):
            records = [] if result.skipped else [stored_record(e, summary.version) for e in result.events]
            replaced.append((doc.doc_hash, records))
            summary.events += len(records)
            summary.skipped += result.skipped is not None
        if replaced:
            store.replace_many(replaced, summary.version)
        summary.documents += len(replaced)
        if progress is not None:
            progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
