"""``POST /api/documents``: documents through the same pipeline as ``accord ingest``, one request at a time."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from typing import Any

from accord.store import Store


class Ingestor:
    """Codes and stores posted documents with :func:`accord.ingest.pipeline.ingest`. The coder (the spaCy
    pipeline: a few seconds, a few hundred MB) is loaded on the first request, once; requests are served one
    at a time (the coder is not shared between threads, and a DuckDB file has one writer)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._coder: Any = None

    def coder(self) -> Any:
        if self._coder is None:
            from accord.coding.coder import Coder

            coder = Coder()
            coder.nlp  # noqa: B018 - load the pipeline now, under the lock
            self._coder = coder
        return self._coder

    def ingest(self, store: Store, documents: list[dict[str, Any]]) -> dict[str, Any]:
        """The ingest summary (``IngestSummary.to_dict``) of these documents (JSONL records: text, date, title,
        url, source, id). They go through a JSONL file, as ``accord ingest FILE.jsonl`` reads them; nothing is
        fetched from the network."""
        from accord.ingest.pipeline import ingest

        with self._lock:
            coder = self.coder()
            handle, path = tempfile.mkstemp(prefix="accord-api-", suffix=".jsonl")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    for document in documents:
                        document.setdefault("id", document.get("url") or "api")  # not the temp file's name
                        out.write(json.dumps(document, ensure_ascii=False) + "\n")
                summary = ingest([path], store, coder, fetch_items=False)
            finally:
                os.unlink(path)
        result = summary.to_dict()
        result["failed_inputs"] = [line.replace(path, "request") for line in result["failed_inputs"]]
        return result
