"""The event store's one interface. Two backends implement it: DuckDB (an embedded file, the default) and
PostgreSQL (a shared server). Everything above the store (ingest, queries, the API) talks to this only.

Identity rules (issue 5):
- A document is its content: ``doc_hash`` is the SHA-256 of its cleaned text. Storing a document whose hash
  is already stored adds nothing.
- An event is a story, not an article: events with the same ``story_key`` (day, source code, target code,
  CAMEO code) from many documents are one event; each document that reports it is one *mention*. The event
  carries ``num_articles`` (distinct documents) and ``num_sources`` (distinct outlets), as GDELT's
  NumArticles/NumSources.
- ``add_batch`` writes its documents, events and mentions in one transaction: after a crash, a batch is
  either wholly stored or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

SCHEMA_VERSION = 1
FREQUENCIES = ("day", "week", "month")


def period_label(start: dt.date, freq: str) -> str:
    """How a period is named in series: ``2025-10`` for a month, the first day (an ISO week's Monday) else."""
    return start.strftime("%Y-%m") if freq == "month" else start.isoformat()


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Text as both databases store it: lone surrogates (undecodable bytes read with ``surrogateescape``, or
    ``\\ud800`` in JSON) and NUL (which PostgreSQL refuses in text) become U+FFFD. The store applies this to
    every string it writes."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = _SURROGATE.sub("\ufffd", value)
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def content_hash(text: str) -> str:
    """The document's identity: SHA-256 of its cleaned text, whitespace runs folded. Text that
    :func:`clean_text` changes hashes as its cleaned form, so a stored text hashes to its own ``doc_hash``."""
    return hashlib.sha256(" ".join(clean_text(text).split()).encode("utf-8")).hexdigest()


def story_key(record: dict[str, Any]) -> str:
    """What makes events reported by different documents one event: same day, same actors, same code."""
    source, target = record.get("source") or {}, record.get("target") or {}
    raw = "|".join([str(record.get("date") or ""), source.get("code") or "", target.get("code") or "",
                    str(record.get("cameo") or "")])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class StoredDocument:
    doc_hash: str
    doc_id: str  # the id the input gave (file name, JSONL id, feed item link)
    text: str
    date: str | None = None  # ISO date
    url: str | None = None
    title: str | None = None
    outlet: str | None = None  # the publishing source ("Reuters", a feed's site)
    coder_version: str = ""


@dataclass(frozen=True)
class EventFilter:
    """Filters of ``accord events`` and ``GET /api/events``. A three-letter ``source``/``target``/``country``
    matches every actor of that country (USA matches USA, USAGOV, USAMIL ...); a longer code matches
    exactly. ``code`` matches a CAMEO code or, with two digits, its root."""

    source: str | None = None
    target: str | None = None
    country: str | None = None  # either side
    code: str | None = None
    quad_class: int | None = None
    issue: str | None = None
    start: str | None = None  # ISO date, inclusive
    end: str | None = None  # ISO date, inclusive


@dataclass
class BatchResult:
    documents_added: int = 0
    documents_known: int = 0  # already stored (same content hash): nothing added
    events_added: int = 0  # new stories
    mentions_added: int = 0  # new (event, document) reports, including of stories already stored


@dataclass
class Stats:
    documents: int = 0
    events: int = 0
    mentions: int = 0
    first_date: str | None = None
    last_date: str | None = None
    coder_versions: dict[str, int] = field(default_factory=dict)  # events by coder version

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "events": self.events, "mentions": self.mentions,
                "first_date": self.first_date, "last_date": self.last_date, "coder_versions": self.coder_versions}


class Store(Protocol):
    """One open connection to an event store. Every query is parameterised."""

    url: str

    def schema_version(self) -> int: ...

    def known(self, doc_hashes: Iterable[str]) -> set[str]:
        """The hashes among these that are already stored."""

    def add_batch(self, documents: Sequence[StoredDocument],
                  events: Sequence[tuple[str, dict[str, Any]]]) -> BatchResult:
        """Store documents and their events (pairs of doc_hash and the event's output record, as
        ``Event.to_record()`` gives it) in one transaction, exactly once."""

    def replace_events(self, doc_hash: str, events: Sequence[dict[str, Any]], coder_version: str) -> None:
        """``accord recode``: the document's mentions are replaced by these, in one transaction; events left
        with no mention are removed; counts are kept right; the document records ``coder_version``."""

    def replace_many(self, documents: Sequence[tuple[str, Sequence[dict[str, Any]]]], coder_version: str) -> None:
        """``replace_events`` for many documents (pairs of doc_hash and its new event records) in one
        transaction: a page of ``accord recode``. A story whose first mention's document no longer reports
        it shows the evidence of its earliest remaining mention, the page's new mentions included."""

    def documents(self, limit: int | None = None, offset: int = 0) -> list[StoredDocument]: ...

    def document(self, doc_hash: str) -> StoredDocument | None: ...

    def stats(self) -> Stats: ...

    def events(self, where: EventFilter, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Event records (the output contract's fields plus ``num_articles``, ``num_sources``, ``doc_hash``
        of the first mention), newest first."""

    def count_events(self, where: EventFilter) -> int: ...

    def dyad(self, source: str, target: str, freq: str, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """Per period (``2025-10`` for month, ``2025-10-28`` for day, ISO week start for week): ``events``,
        counts by quad class (``quad1`` .. ``quad4``), ``goldstein_sum``, ``goldstein_mean``."""

    # ---- aggregates for accord.analysis (issue 6): grouped in the database ------------------------------------
    def period_counts(self, where: EventFilter | None, freq: str, *,
                      between: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        """``dyad``'s rows for any filter, plus ``plover`` (events by PLOVER category, ``{"AGREE": 3}``).
        ``between`` keeps the events between two actors in either direction; the filter's source and target
        are then ignored."""

    def edge_counts(self, where: EventFilter | None = None, level: str = "country", min_events: int = 1,
                    limit: int = 200) -> list[dict[str, Any]]:
        """Directed (source, target) pairs of countries (``level="country"``; an actor without one counts
        under its code) or actor codes (``"actor"``) with at least ``min_events`` events, heaviest first:
        ``source``, ``target``, ``events``, ``cooperation`` (quad 1-2), ``conflict`` (quad 3-4),
        ``goldstein_mean``."""

    def actor_counts(self, where: EventFilter | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Actor codes by events on either side, most first: ``code``, ``country``, ``name``, ``events``."""

    def top_events(self, where: EventFilter | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """Event records (as ``events``) ranked by |goldstein| x num_articles, then newest."""

    def document_mentions(self, doc_hash: str) -> list[dict[str, Any]]:
        """The events one document reports, with that document's evidence (offsets into its text), in
        sentence order: ``story_key``, ``sentence``, ``sentence_text``, ``cameo``, ``cameo_name``,
        ``quad_class``, ``goldstein``, ``trigger``, ``source`` and ``target`` (``code``, ``text``, ``start``,
        ``end``; None for a missing actor)."""

    def close(self) -> None: ...
