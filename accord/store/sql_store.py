"""The store's logic, once, over a small driver interface that the DuckDB and PostgreSQL backends provide."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from accord.store import queries as q
from accord.store import schema
from accord.store.base import BatchResult, EventFilter, Stats, StoredDocument, clean_text, period_label, story_key

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


# One encoder, made once: json.dumps with options builds a new one on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(value: Any) -> str:
    if not value and type(value) in (list, dict):  # most events have no issues or attributes
        return "[]" if type(value) is list else "{}"
    text = _ENCODE(value)
    if text.isascii() and "\\u0000" not in text:
        return text
    # cleaned before encoding: json.dumps writes NUL as \u0000, which would come back as NUL
    return _ENCODE(_deep_clean(value))


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


_ACTOR_FIELDS = ("code", "country", "sector", "name", "role", "text", "start", "end")
# The order event_rows builds its tuples in; checked against the schema's column lists when imported.
_EVENT_ORDER = ("story_key", "date", *(f"source_{f}" for f in _ACTOR_FIELDS),
                *(f"target_{f}" for f in _ACTOR_FIELDS), "cameo", "cameo_root", "cameo_name", "quad_class",
                "goldstein", "plover_event", "plover_mode", "negated", "modality", "location", "issues",
                "attributes", "coder_version", "num_articles", "num_sources", "doc_hash", "doc_id", "event_id",
                "sentence", "text", "trigger_text", "trigger_start", "trigger_end")
_MENTION_ORDER = ("story_key", "doc_hash", "doc_id", "event_id", "sentence", "text", "trigger_text",
                  "trigger_start", "trigger_end", "source_text", "source_start", "source_end", "target_text",
                  "target_start", "target_end", "coder_version", "outlet")
if _EVENT_ORDER != schema.EVENT_COLUMNS or _MENTION_ORDER != schema.MENTION_COLUMNS:
    raise RuntimeError("accord.store: event_rows no longer builds rows in the schema's column order")
_NO_ACTOR = (None,) * len(_ACTOR_FIELDS)
_SENTENCE = schema.MENTION_COLUMNS.index("sentence")
_DOC_HASH = schema.EVENT_COLUMNS.index("doc_hash")
_NUM_ARTICLES = schema.EVENT_COLUMNS.index("num_articles")
if schema.EVENT_COLUMNS[_NUM_ARTICLES + 1] != "num_sources":
    raise RuntimeError("accord.store: num_sources must follow num_articles")


def clean_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row with every string as :func:`clean_text` gives it. One test for the whole row in the common
    case (all ASCII, no NUL), value by value only when it fails."""
    joined = "".join([v for v in row if type(v) is str])
    if joined.isascii() and "\x00" not in joined:
        return row
    return tuple(clean(v) for v in row)


def _actor(actor: dict[str, Any] | None) -> tuple[Any, ...]:
    if not actor:
        return _NO_ACTOR
    get = actor.get
    return (get("code"), get("country"), get("sector"), get("name"), get("role"), get("text"), get("start"),
            get("end"))


def event_rows(doc_hash: str, doc_id: str | None, outlet: str | None, record: dict[str, Any],
               coder_version: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The (events row, mentions row) of one coded event, in schema column order, cleaned."""
    key = story_key(record)
    get = record.get
    source, target = _actor(get("source")), _actor(get("target"))
    trigger = get("trigger") or {}
    trigger_text, trigger_start, trigger_end = trigger.get("text"), trigger.get("start"), trigger.get("end")
    event_id, sentence, text = get("event_id"), int(get("sentence") or 0), get("text")
    plover = get("plover") or {}
    location = get("location")
    goldstein = get("goldstein")
    quad = get("quad_class")
    event = (key, q.parse_date(get("date")), *source, *target,
             str(get("cameo") or ""), get("cameo_root"), get("cameo_name"),
             int(quad) if quad is not None else None, float(goldstein) if goldstein is not None else None,
             plover.get("event"), plover.get("mode"), bool(get("negated")), get("modality"),
             _json(location) if location else None, _json(list(get("issues") or [])),
             _json(get("attributes") or {}), coder_version, 1, 1,
             doc_hash, doc_id, event_id, sentence, text, trigger_text, trigger_start, trigger_end)
    mention = (key, doc_hash, doc_id, event_id, sentence, text, trigger_text, trigger_start, trigger_end,
               source[5], source[6], source[7], target[5], target[6], target[7], coder_version, outlet)
    return clean_row(event), clean_row(mention)


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

    def _for_keys(self, sql: str, keys: Sequence[str], *, fetch: bool = False,
                  params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """``sql`` once per chunk of keys, its ``{marks}`` the chunk's placeholders; ``params`` bind the
        placeholders written before ``{marks}``."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(list(keys), 1000):
            rows = self._run(sql.format(marks=q.marks(len(chunk))), [*params, *chunk])
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

    def check_schema(self) -> int:
        """The schema version of a store opened read-only, which cannot be migrated: it must be this accord's."""
        try:
            current = self.schema_version()
        except Exception:  # no schema_version table: not an accord store, or an empty file
            current = 0
        if current != schema.LATEST:
            raise RuntimeError(f"{self.url}: schema version {current}, this accord needs {schema.LATEST}: open it "
                               "once with a command that writes (accord ingest) to migrate it")
        return current

    def _update_events(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Overwrite stored events (matched by story key) with these rows."""
        assign = ", ".join(f"{c} = ?" for c in schema.EVENT_COLUMNS[1:])
        for row in rows:
            self._run(f"UPDATE events SET {assign} WHERE story_key = ?", [*row[1:], row[0]])

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
                doc_rows[doc.doc_hash] = clean_row((
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
            result.events_added, result.mentions_added, _ = self._write_events(
                [(event, mention) for doc_hash, event, mention in prepared if doc_hash in added])
        return result

    def _write_events(self, rows: Sequence[tuple[tuple[Any, ...], tuple[Any, ...]]],
                      recoded: Collection[str] = ()) -> tuple[int, int, list[str]]:
        """Inserts new stories and all mentions, then recounts the stories stored before; returns the counts
        of new stories and mentions, and the stories that lost their first mention. With ``recoded`` (a
        recode's documents), a story whose first mention is one of them takes that document's new coding (its
        first row of the story) when it still reports the story, and has lost its first mention otherwise."""
        events: dict[str, tuple[Any, ...]] = {}
        mentions: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for event, mention in rows:
            events.setdefault(event[0], event)
            mentions.setdefault((mention[0], mention[1], mention[_SENTENCE]), mention)
        existing = dict(self._for_keys(q.KNOWN_STORIES, list(events), fetch=True))
        lost: list[str] = []
        if recoded:
            owners: dict[tuple[str, str], tuple[Any, ...]] = {}
            for event, _ in rows:
                owners.setdefault((event[0], event[_DOC_HASH]), event)
            updates = []
            for key, owner in existing.items():
                if owner in recoded:
                    if (key, owner) in owners:
                        updates.append(owners[key, owner])
                    else:
                        lost.append(key)
            self._update_events(updates)
        # A new story's mentions are all in ``rows`` (a story is never stored without its event): its counts
        # are known here, and only stories stored before need counting in the database.
        reporters: dict[str, tuple[set[Any], set[Any]]] = {}
        for mention in mentions.values():
            if mention[0] not in existing:
                documents, outlets = reporters.setdefault(mention[0], (set(), set()))
                documents.add(mention[1])
                outlets.add(mention[-1] or "")
        new = []
        for key, row in events.items():
            if key not in existing:
                documents, outlets = reporters[key]
                new.append((*row[:_NUM_ARTICLES], len(documents), len(outlets), *row[_NUM_ARTICLES + 2:]))
        self._insert("events", schema.EVENT_COLUMNS, new, conflict="story_key")
        self._insert("mentions", schema.MENTION_COLUMNS, list(mentions.values()),
                     conflict="story_key, doc_hash, sentence")
        self._for_keys(q.RECOUNT, sorted(existing))
        return len(new), len(mentions), lost

    def replace_events(self, doc_hash: str, events: Sequence[dict[str, Any]], coder_version: str) -> None:
        self.replace_many([(doc_hash, events)], coder_version)

    def replace_many(self, documents: Sequence[tuple[str, Sequence[dict[str, Any]]]], coder_version: str) -> None:
        hashes = [doc_hash for doc_hash, _ in documents]
        if len(set(hashes)) != len(hashes):
            raise ValueError("a document twice in one replace_many")
        info = {row[0]: row[1:] for row in self._for_keys(q.DOCUMENT_OUTLETS, hashes, fetch=True)}
        missing = [doc_hash for doc_hash in hashes if doc_hash not in info]
        if missing:
            raise KeyError(f"no stored document {missing[0]}")
        prepared = [event_rows(doc_hash, *info[doc_hash], record, coder_version)
                    for doc_hash, records in documents for record in records]
        with self._transaction():
            old = [row[0] for row in self._for_keys(q.DOCUMENTS_STORIES, hashes, fetch=True)]
            self._for_keys(q.DELETE_DOCUMENTS_MENTIONS, hashes)
            self._for_keys(q.SET_CODER_VERSION, hashes, params=[clean(coder_version)])
            _, _, lost = self._write_events(prepared, recoded=set(hashes))
            # Stories these documents reported and report no more: gone when no mention is left, else shown
            # with the evidence of their earliest remaining mention (the page's new ones included) where their
            # first mention's document was one of these.
            gone = sorted(set(old) - {event[0] for event, _ in prepared})
            if gone:
                self._for_keys(q.DELETE_ORPHANS, gone)
            if gone or lost:
                assign = ", ".join(f"{c} = f.{c}" for c in schema.EVIDENCE_COLUMNS)
                self._for_keys(q.REPOINT.replace("{assign}", assign), sorted(set(gone) | set(lost)))
            if gone:
                self._for_keys(q.RECOUNT, gone)

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
        columns = ", ".join(f"events.{c}" for c in schema.EVENT_COLUMNS)
        if limit is None and not offset:
            sql = f"SELECT {columns} FROM events {where_sql} {q.EVENT_ORDER}"
        else:
            # A page: sort only the keys, then read the page's rows. Sorting all ~45 columns of every match
            # to keep 50 cost 3x as much on a million events (deep offsets: 211 -> 64 ms, bench/api_load.py).
            page, params = _page(f"SELECT story_key AS page_key FROM events {where_sql} {q.EVENT_ORDER}",
                                 params, limit, offset)
            sql = (f"SELECT {columns} FROM events JOIN ({page}) AS page ON page.page_key = events.story_key "
                   f"{q.EVENT_ORDER}")
        return [event_record(dict(zip(schema.EVENT_COLUMNS, row, strict=True))) for row in self._run(sql, params)]

    def count_events(self, where: EventFilter) -> int:
        where_sql, params = q.where_clause(where)
        return int(self._run(f"SELECT count(*) FROM events {where_sql}", params)[0][0])

    def dyad(self, source: str, target: str, freq: str, where: EventFilter | None = None) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(replace(where or EventFilter(), source=source, target=target))
        out = []
        for period, n, q1, q2, q3, q4, total, mean in self._run(q.dyad_query(freq, where_sql), params):
            out.append({"period": period_label(period, freq),
                        "events": int(n), "quad1": int(q1), "quad2": int(q2), "quad3": int(q3), "quad4": int(q4),
                        "goldstein_sum": round(float(total), 4) if total is not None else 0.0,
                        "goldstein_mean": round(float(mean), 4) if mean is not None else None})
        return out

    # ---- analysis aggregates (issue 6): grouped in the database, a few rows back ------------------------------
    def period_counts(self, where: EventFilter | None, freq: str, *,
                      between: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        where = where or EventFilter()
        if between is not None:  # either direction: the filter's own source/target give way to the pair
            where = replace(where, source=None, target=None)
        where_sql, params = q.where_clause(where)
        if between is not None:
            pair_sql, pair_params = q.pair_clause(*between)
            where_sql = f"{where_sql} AND {pair_sql}" if where_sql else f"WHERE {pair_sql}"
            params = [*params, *pair_params]
        out: dict[Any, dict[str, Any]] = {}
        for period, plover, n, q1, q2, q3, q4, total, scored in self._run(q.period_query(freq, where_sql), params):
            row = out.setdefault(period, {
                "period": period_label(period, freq), "events": 0,
                "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0, "goldstein_sum": 0.0, "goldstein_mean": None,
                "plover": {}, "_scored": 0})
            for name, value in (("events", n), ("quad1", q1), ("quad2", q2), ("quad3", q3), ("quad4", q4),
                                ("_scored", scored)):
                row[name] += int(value or 0)
            row["goldstein_sum"] += float(total or 0.0)
            if plover:
                row["plover"][plover] = row["plover"].get(plover, 0) + int(n)
        rows = [out[period] for period in sorted(out)]
        for row in rows:
            scored = row.pop("_scored")
            row["goldstein_mean"] = round(row["goldstein_sum"] / scored, 4) if scored else None
            row["goldstein_sum"] = round(row["goldstein_sum"], 4)
        return rows

    def edge_counts(self, where: EventFilter | None = None, level: str = "country", min_events: int = 1,
                    limit: int = 200) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(where)
        rows = self._run(q.edge_query(level, where_sql), [*params, max(1, int(min_events)), max(0, int(limit))])
        return [{"source": src, "target": tgt, "events": int(n), "cooperation": int(coop or 0),
                 "conflict": int(conf or 0), "goldstein_mean": round(float(mean), 4) if mean is not None else None}
                for src, tgt, n, coop, conf, mean in rows]

    def actor_counts(self, where: EventFilter | None = None, limit: int = 100) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(where)
        rows = self._run(q.actor_query(where_sql), [*params, *params, max(0, int(limit))])
        return [{"code": code, "country": country, "name": name, "events": int(n)} for code, country, name, n in rows]

    def top_events(self, where: EventFilter | None = None, limit: int = 10) -> list[dict[str, Any]]:
        where_sql, params = q.where_clause(where)
        sql = f"SELECT {', '.join(schema.EVENT_COLUMNS)} FROM events {where_sql} {q.TOP_ORDER} LIMIT ?"
        return [event_record(dict(zip(schema.EVENT_COLUMNS, row, strict=True)))
                for row in self._run(sql, [*params, max(0, int(limit))])]

    def document_mentions(self, doc_hash: str) -> list[dict[str, Any]]:
        out = []
        for row in self._run(q.DOCUMENT_MENTIONS, [doc_hash]):
            (key, sentence, text, t_text, t_start, t_end, s_text, s_start, s_end, o_text, o_start, o_end,
             s_code, o_code, cameo, cameo_name, quad, goldstein) = row
            out.append({
                "story_key": key, "sentence": sentence, "sentence_text": text, "cameo": cameo,
                "cameo_name": cameo_name, "quad_class": quad, "goldstein": goldstein,
                "trigger": {"text": t_text, "start": t_start, "end": t_end},
                "source": None if s_code is None else {"code": s_code, "text": s_text, "start": s_start, "end": s_end},
                "target": None if o_code is None else {"code": o_code, "text": o_text, "start": o_start, "end": o_end},
            })
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
