"""One document with the evidence of every event it reports, for reading the coding against the text."""

from __future__ import annotations

from typing import Any

from accord.store.base import Store


def document_view(store: Store, doc_hash: str) -> dict[str, Any] | None:
    """The document and its events' evidence; every offset is into ``text`` (the cleaned document the coder
    read), so ``text[start:end]`` is the span's text. None when no such document is stored."""
    document = store.document(doc_hash)
    if document is None:
        return None
    events = []
    for mention in store.document_mentions(doc_hash):
        events.append({
            "event_id": mention["story_key"], "sentence": mention["sentence"], "cameo": mention["cameo"],
            "cameo_name": mention["cameo_name"], "quad_class": mention["quad_class"],
            "goldstein": mention["goldstein"], "sentence_text": mention["sentence_text"],
            "trigger": _span(document.text, mention["trigger"]),
            "source": _span(document.text, mention["source"]), "target": _span(document.text, mention["target"]),
        })
    return {"doc_hash": document.doc_hash, "doc_id": document.doc_id, "title": document.title,
            "date": document.date, "url": document.url, "outlet": document.outlet, "text": document.text,
            "events": events}


def _span(text: str, span: dict[str, Any] | None) -> dict[str, Any] | None:
    """The span as stored when its offsets point at its text, as accord's coder writes them. A span that does
    not match (a record stored by other means) keeps its text and loses its offsets rather than have a reader
    highlight the wrong words."""
    if span is None:
        return None
    start, end, words = span.get("start"), span.get("end"), span.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)
            and words is not None and text[start:end] == words):
        span = {**span, "start": None, "end": None}
    return span
