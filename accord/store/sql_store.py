"""The store's logic, once, over a small driver interface that the DuckDB and PostgreSQL backends provide."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from accord.store import queries as q
from accord.store import schema
from accord.store.base import BatchResult, EventFilter, Stats, StoredDocument, clean_text, story_key

# Parameters per statement, kept well under PostgreSQL's limit of 65,535 per statement.
_MAX_PARAMS = 8000


def clean(value: Any) -> Any:
    if type(value) is not str or (value.isascii() and "\x00" not in value):  # the common case, kept cheap
        return value
    return clean_text(value)


def _deep_clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {clean(k): _deep_clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_deep_clean(v) for v in value]
    return clean(value)


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if text.isascii() and "\\u0000" not in text:
        return text
    # cleaned before encoding: json.dumps writes NUL as \u0000, which would come back as NUL
    return json.dumps(_deep_clean(value), ensure_ascii=False, sort_keys=True)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


def _evidence(doc_hash: str, doc_id: str | None, record: dict[str, Any], coder_version: str) -> dict[str, Any]:
    trigger = record.get("trigger") or {}
    source, target = record.get("source") or {}, record.get("target") or {}
    return {"doc_hash": doc_hash, "doc_id": doc_id, "event_id": record.get("event_id"),
            "sentence": int(record.get("sentence") or 0), "text": record.get("text"),
            "trigger_text": trigger.get("text"), "trigger_start": trigger.get("start"),
            "trigger_end": trigger.get("end"),
            "source_text": source.get("text"), "source_start": source.get("start"), "source_end": source.get("end"),
            "target_text": target.get("text"), "target_start": target.get("start"), "target_end": target.get("end"),
            "coder_version": coder_version}


def event_rows(doc_hash: str, doc_id: str | None, outlet: str | None, record: dict[str, Any],
               coder_version: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The (events row, mentions row) of one coded event, in schema column order."""
    key = story_key(record)
    evidence = _evidence(doc_hash, doc_id, record, coder_version)
    row: dict[str, Any] = {"story_key": key, "date": q.parse_date(record.get("date"))}
    for side in ("source", "target"):
        actor = record.get(side) or {}
        for field in ("code", "country", "sector", "name", "role", "text", "start", "end"):
            row[f"{side}_{field}"] = actor.get(field)
    plover = record.get("plover") or {}
    location = record.get("location")
    goldstein = record.get("goldstein")
    quad = record.get("quad_class")
    row.update({
        "cameo": str(record.get("cameo") or ""), "cameo_root": record.get("cameo_root"),
        "cameo_name": record.get("cameo_name"), "quad_class": int(quad) if quad is not None else None,
        "goldstein": float(goldstein) if goldstein is not None else None,
        "plover_event": plover.get("event"), "plover_mode": plover.get("mode"),
        "negated": bool(record.get("negated")), "modality": record.get("modality"),
        "location": _json(location) if location else None, "issues": _json(list(record.get("issues") or [])),
        "attributes": _json(record.get("attributes") or {}), "num_articles": 1, "num_sources": 1,
        **evidence,
    })
    event = tuple(clean(row[c]) for c in schema.EVENT_COLUMNS)
    evidence.update(story_key=key, outlet=outlet)
    mention = tuple(clean(evidence[c]) for c in schema.MENTION_COLUMNS)
    return event, mention


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event as an output record (the contract's fields; ``event_id`` is the story key)."""
    record: dict[str, Any] = {"event_id": row["story_key"], "doc_id": row["doc_id"], "doc_hash": row["doc_hash"],
                              "sentence": row["sentence"], "date": _iso(row["date"])}
    for side in ("source", "target"):
        if row[f"{side}_code"] is None:
            record[side] = None
        else:
            record[side] = {f: row[f"{side}_{f}"] for f in ("code", "country", "sector", "text", "start", "end",
                                                            "name", "role")}
    record.update({
        "cameo": row["cameo"], "cameo_root": row["cameo_root"], "cameo_name": row["cameo_name"],
        "quad_class": row["quad_class"], "goldstein": row["goldstein"],
        "plover": {"event": row["plover_event"], "mode": row["plover_mode"]},
        "trigger": {"text": row["trigger_text"], "start": row["trigger_start"], "end": row["trigger_end"]},
        "negated": bool(row["negated"]), "modality": row["modality"],
        "location": json.loads(row["location"]) if row["location"] else None,
        "issues": json.loads(row["issues"]), "attributes": json.loads(row["attributes"]),
        "text": row["text"], "coder": row["coder_version"],
        "num_articles": row["num_articles"], "num_sources": row["num_sources"],
    })
    return record


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


class SqlStore:
    """A Store over one DB-API-like connection. Backends implement ``_run``, ``_transaction``,
    ``close`` and, where needed, ``_lock_migrations``."""

    url: str

    # ---- driver hooks -------------------------------------------------------------------------------------
    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        raise NotImplementedError
        yield

    def _lock_migrations(self) -> None:
        """Keeps two processes from migrating one database at once (a file is locked by its one writer)."""

    def close(self) -> None:
        raise NotImplementedError

    # ---- shared plumbing -------------------------------------------------------------------------------------
    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], conflict: str = "",
                returning: str = "") -> list[tuple[Any, ...]]:
        """Multi-row INSERTs (one statement per chunk: far faster than one per row on DuckDB)."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(rows, _MAX_PARAMS // len(columns)):
            params = [value for row in chunk for value in row]
            out.extend(self._run(q.insert(table, columns, len(chunk), conflict, returning), params))
        return out

    def _for_keys(self, sql: str, keys: Sequence[str], *, fetch: bool = False) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(list(keys), 1000):
            rows = self._run(sql.format(marks=q.marks(len(chunk))), list(chunk))
            if fetch:
                out.extend(rows)
        return out

    def migrate(self) -> int:
        """Applies the migrations this store lacks; returns the version it is at."""
        self._run(schema.CREATE_VERSION_TABLE)
        with self._transaction():
            self._lock_migrations()
            current = self.schema_version()
            if current > schema.LATEST:
                raise RuntimeError(f"{self.url}: schema version {current} is newer than this accord's "
                                   f"({schema.LATEST}); upgrade accord")
            for version, steps in schema.MIGRATIONS:
                if version <= current:
                    continue
                for ddl in steps:
                    self._run(ddl)
                self._run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", [version, _now()])
        return self.schema_version()

    # ---- the Store interface ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        rows = self._run("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def known(self, doc_hashes: Iterable[str]) -> set[str]:
        hashes = sorted(set(doc_hashes))
        return {row[0] for row in self._for_keys(q.KNOWN_DOCUMENTS, hashes, fetch=True)}

    def add_batch(self, documents: Sequence[StoredDocument],
                  events: Sequence[tuple[str, dict[str, Any]]]) -> BatchResult:
        result = BatchResult()
        now = _now()
        doc_rows: dict[str, tuple[Any, ...]] = {}
        for doc in documents:  # a document twice in one batch is one document
            if doc.doc_hash not in doc_rows:
                doc_rows[doc.doc_hash] = tuple(clean(v) for v in (
                    doc.doc_hash, doc.doc_id, q.parse_date(doc.date), doc.url, doc.title, doc.outlet,
                    doc.coder_version, doc.text, now))
        by_hash = {doc.doc_hash: doc for doc in documents}
        # Every row is built (and every date checked) before the transaction opens: a bad record is refused
        # with nothing written.
        prepared = []
        for doc_hash, record in events:
            doc = by_hash.get(doc_hash)
            if doc is None:
                raise ValueError(f"event of document {doc_hash[:12]} that is not in the batch")
            prepared.append((doc_hash, *event_rows(doc_hash, doc.doc_id, doc.outlet, record,
                                                   str(record.get("coder") or doc.coder_version))))
        with self._transaction():
            added = {row[0] for row in self._insert("documents", schema.DOCUMENT_COLUMNS, list(doc_rows.values()),
                                                     conflict="doc_hash", returning="doc_hash")}
            result.documents_added = len(added)
            result.documents_known = len(documents) - len(added)
            result.events_added, result.mentions_added = self._write_events(
                [(event, mention) for doc_hash, event, mention in prepared if doc_hash in added])
        return result

    def _write_events(self, rows: Sequence[tuple[tuple[Any, ...], tuple[Any, ...]]],
                      doc_hash: str | None = None) -> tuple[int, int]:
        """Inserts new stories and all mentions, then recounts the stories touched. With ``doc_hash`` (a
        recode), a story whose first mention is that document takes the new coding's fields."""
        events: dict[str, tuple[Any, ...]] = {}
        mentions: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for event, mention in rows:
            events.setdefault(event[0], event)
            mentions.setdefault(mention[:2] + (mention[schema.MENTION_COLUMNS.index("sentence")],), mention)
        existing = dict(self._for_keys(q.KNOWN_STORIES, list(events), fetch=True))
        new = [row for key, row in events.items() if key not in existing]
        if doc_hash is not None:
            assign = ", ".join(f"{c} = ?" for c in schema.EVENT_COLUMNS[1:])
            for key, row in events.items():
                if existing.get(key) == doc_hash:
                    self._run(f"UPDATE events SET {assign} WHERE story_key = ?", [*row[1:], key])
        self._insert("events", schema.EVENT_COLUMNS, new, conflict="story_key")
        self._insert("mentions", schema.MENTION_COLUMNS, list(mentions.values()),
                     conflict="story_key, doc_hash, sentence")
        self._for_keys(q.RECOUNT, list(events))
        return len(new), len(mentions)

    def replace_events(self, doc_hash: str, events: Sequence[dict[str, Any]], coder_version: str) -> None:
        rows = self._run("SELECT doc_id, outlet FROM documents WHERE doc_hash = ?", [doc_hash])
        if not rows:
            raise KeyError(f"no stored document {doc_hash}")
        doc_id, outlet = rows[0]
        prepared = [event_rows(doc_hash, doc_id, outlet, record, coder_version) for record in events]
        with self._transaction():
            old = [row[0] for row in self._run(q.DOCUMENT_STORIES, [doc_hash])]
            self._run(q.DELETE_MENTIONS, [doc_hash])
            self._write_events(prepared, doc_hash=doc_hash)
            touched = sorted(set(old) - {event[0] for event, _ in prepared})
            if touched:
                self._for_keys(q.DELETE_ORPHANS, touched)
                assign = ", ".join(f"{c} = f.{c}" for c in schema.EVIDENCE_COLUMNS)
                self._for_keys(q.REPOINT.replace("{assign}", assign), touched)
                self._for_keys(q.RECOUNT, touched)

    def documents(self, limit: int | None = None, offset: int = 0) -> list[StoredDocument]:
        sql = f"SELECT {', '.join(_DOC_FIELDS)} FROM documents ORDER BY ingested_at, doc_hash"
        sql, params = _page(sql, [], limit, offset)
        return [_document(row) for row in self._run(sql, params)]

    def document(self, doc_hash: str) -> StoredDocument | None:
        rows = self._run(f"SELECT {', '.join(_DOC_FIELDS)} FROM documents WHERE doc_hash = ?", [doc_hash])
        return _document(rows[0]) if rows else None

    def stats(self) -> Stats:
        documents, events, mentions, first, last = self._run(q.STATS)[0]
        versions = {version: int(n) for version, n in self._run(q.CODER_VERSIONS)}
        return Stats(documents=int(documents), events=int(events), mentions=int(mentions), first_date=_iso(first),
                     last_date=_iso(last), coder_versions=versions)

    def events(self, where: EventFilter, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(where)
        sql, params = _page(f"SELECT {', '.join(schema.EVENT_COLUMNS)} FROM events {where_sql} {q.EVENT_ORDER}",
                            params, limit, offset)
        return [event_record(dict(zip(schema.EVENT_COLUMNS, row, strict=True))) for row in self._run(sql, params)]

    def count_events(self, where: EventFilter) -> int:
        where_sql, params = q.where_clause(where)
        return int(self._run(f"SELECT count(*) FROM events {where_sql}", params)[0][0])

    def dyad(self, source: str, target: str, freq: str, where: EventFilter | None = None) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(replace(where or EventFilter(), source=source, target=target))
        out = []
        for period, n, q1, q2, q3, q4, total, mean in self._run(q.dyad_query(freq, where_sql), params):
            out.append({"period": period.strftime("%Y-%m") if freq == "month" else period.isoformat(),
                        "events": int(n), "quad1": int(q1), "quad2": int(q2), "quad3": int(q3), "quad4": int(q4),
                        "goldstein_sum": round(float(total), 4) if total is not None else 0.0,
                        "goldstein_mean": round(float(mean), 4) if mean is not None else None})
        return out


_DOC_FIELDS = ("doc_hash", "doc_id", "text", "date", "url", "title", "outlet", "coder_version")


def _document(row: tuple[Any, ...]) -> StoredDocument:
    values = dict(zip(_DOC_FIELDS, row, strict=True))
    values["date"] = _iso(values["date"])
    values["coder_version"] = values["coder_version"] or ""
    return StoredDocument(**values)


def _page(sql: str, params: list[Any], limit: int | None, offset: int) -> tuple[str, list[Any]]:
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    if offset:
        sql += " OFFSET ?"
        params = [*params, int(offset)]
    return sql, params


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as UTC, without zone (both databases agree)
