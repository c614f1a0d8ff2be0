"""One read document made ready for the store: cleaned once, identified by its content hash, dated, and with
every field safe for both databases (no NUL or lone surrogate, bounded length)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from accord.store.base import content_hash
from accord.text.clean import clean_document
from accord.text.documents import Document, Skipped

# PostgreSQL rejects NUL in text and no encoder takes a lone surrogate (JSON's "\ud800" gives one): both go,
# with the other control characters, from the short fields. The text itself is cleaned by clean_document.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
MAX_ID_CHARS = 1_000
MAX_TITLE_CHARS = 2_000
MAX_URL_CHARS = 4_000
MAX_OUTLET_CHARS = 500


@dataclass(frozen=True, slots=True)
class Prepared:
    doc_hash: str
    document: Document  # the cleaned text, the final date and safe fields: what the coder sees
    dated_today: bool = False  # no date in the record, the page or --date


def prepare(document: Document, default_date: str | None) -> Prepared | Skipped:
    """Clean the document; its date is the record's, else the page's, else ``default_date``, else today."""
    article = clean_document(document.text)
    if not article.text.strip():
        return Skipped(document.id, "no text after cleaning")
    chosen = document.date or article.date or default_date
    dated_today = not chosen
    if chosen:
        day = iso_day(chosen)
        if day is None:
            return Skipped(document.id, "bad date")
    else:
        # As the coder would: an undated document is news of today. Fixed here so that the stored
        # document and its events carry the same day.
        day = dt.date.today().isoformat()
    safe = Document(
        id=safe_field(document.id, MAX_ID_CHARS) or "document",
        text=article.text,
        date=day,
        title=safe_field(document.title or article.title, MAX_TITLE_CHARS),
        url=safe_field(document.url, MAX_URL_CHARS),
        source=safe_field(document.source, MAX_OUTLET_CHARS),
    )
    return Prepared(content_hash(article.text), safe, dated_today)


def iso_day(value: str) -> str | None:
    """YYYY-MM-DD of an ISO date or timestamp, or None when it is not one."""
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def safe_field(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(_UNSAFE.sub("", str(value)).split())
    return text[:limit] or None
