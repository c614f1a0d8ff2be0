"""The SQL both backends run, written once with ``?`` placeholders (the PostgreSQL backend rewrites them to
psycopg's ``%s``). User values only ever travel as parameters; the only text spliced into SQL is column
names and placeholder lists built here, and the period of ``dyad``, checked against a fixed list."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from accord.store.base import FREQUENCIES, EventFilter, clean_text

EVENT_ORDER = "ORDER BY date DESC NULLS LAST, story_key"

KNOWN_DOCUMENTS = "SELECT doc_hash FROM documents WHERE doc_hash IN ({marks})"
KNOWN_STORIES = "SELECT story_key, doc_hash FROM events WHERE story_key IN ({marks})"
DOCUMENT_OUTLETS = "SELECT doc_hash, doc_id, outlet FROM documents WHERE doc_hash IN ({marks})"
DOCUMENTS_STORIES = "SELECT DISTINCT story_key FROM mentions WHERE doc_hash IN ({marks})"
DELETE_DOCUMENTS_MENTIONS = "DELETE FROM mentions WHERE doc_hash IN ({marks})"
SET_CODER_VERSION = "UPDATE documents SET coder_version = ? WHERE doc_hash IN ({marks})"

# GDELT's NumArticles/NumSources: distinct documents and distinct outlets reporting the story. Documents with
# no known outlet count together as one source, so a story always has at least one.
RECOUNT = """UPDATE events SET num_articles = c.articles, num_sources = c.sources
FROM (SELECT story_key, count(DISTINCT doc_hash) AS articles, count(DISTINCT coalesce(outlet, '')) AS sources
      FROM mentions WHERE story_key IN ({marks}) GROUP BY story_key) AS c
WHERE events.story_key = c.story_key"""

DELETE_ORPHANS = """DELETE FROM events WHERE story_key IN ({marks})
AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.story_key = events.story_key)"""

# After a recode the event's first mention may be gone: take the evidence of the earliest remaining one.
REPOINT = """UPDATE events SET {assign}
FROM (SELECT m.*, row_number() OVER (PARTITION BY m.story_key ORDER BY d.ingested_at, m.doc_hash, m.sentence) AS rn
      FROM mentions m JOIN documents d ON d.doc_hash = m.doc_hash WHERE m.story_key IN ({marks})) AS f
WHERE f.rn = 1 AND events.story_key = f.story_key
AND NOT EXISTS (SELECT 1 FROM mentions x WHERE x.story_key = events.story_key AND x.doc_hash = events.doc_hash)"""

STATS = """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
(SELECT min(date) FROM events), (SELECT max(date) FROM events)"""
CODER_VERSIONS = "SELECT coalesce(coder_version, ''), count(*) FROM events GROUP BY 1 ORDER BY 1"


def marks(n: int) -> str:
    return ", ".join("?" * n)


def insert(table: str, columns: Sequence[str], rows: int, conflict: str = "", returning: str = "") -> str:
    row = f"({marks(len(columns))})"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * rows)}"
    if conflict:
        sql += f" ON CONFLICT ({conflict}) DO NOTHING"
    if returning:
        sql += f" RETURNING {returning}"
    return sql


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (a longer ISO timestamp is cut to its day); anything else is refused before any write."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"not an ISO date: {str(value)[:40]!r}") from None


def _actor(side: str, code: str) -> tuple[str, list[Any]]:
    # A three-letter code names a country (or IGO/NGO, as event records write it): every actor of it matches,
    # and so does an actor coded with exactly those letters (REB, GOV ...). A longer code matches exactly.
    code = code.strip().upper()
    if len(code) == 3:
        return f"({side}_country = ? OR {side}_code = ?)", [code, code]
    return f"{side}_code = ?", [code]


def where_clause(where: EventFilter | None) -> tuple[str, list[Any]]:
    """``WHERE ...`` (or ``""``) and its parameters."""
    if where is None:
        return "", []
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, values: list[Any]) -> None:
        parts.append(sql)
        params.extend(values)

    if where.source:
        add(*_actor("source", where.source))
    if where.target:
        add(*_actor("target", where.target))
    if where.country:
        src, src_params = _actor("source", where.country)
        tgt, tgt_params = _actor("target", where.country)
        add(f"({src} OR {tgt})", src_params + tgt_params)
    if where.code:
        code = where.code.strip()
        add("cameo_root = ?" if len(code) == 2 else "cameo = ?", [code])
    if where.quad_class is not None:
        add("quad_class = ?", [int(where.quad_class)])
    if where.issue:
        # issues are a JSON list: look for the issue as a whole JSON string, quotes included
        add("strpos(issues, ?) > 0", [json.dumps(clean_text(where.issue.strip()), ensure_ascii=False)])
    if where.start:
        add("date >= ?", [parse_date(where.start)])
    if where.end:
        add("date <= ?", [parse_date(where.end)])
    # a filter value the database cannot even encode (a lone surrogate) matches what storing it would give
    params = [clean_text(p) if isinstance(p, str) else p for p in params]
    return ("WHERE " + " AND ".join(parts)) if parts else "", params


def dyad_query(freq: str, where_sql: str) -> str:
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown frequency {freq!r} (choose from {', '.join(FREQUENCIES)})")
    # freq is one of FREQUENCIES (checked above), never a user's text; week is the ISO week, from Monday
    period = f"CAST(date_trunc('{freq}', CAST(date AS TIMESTAMP)) AS DATE)"
    where_sql = f"{where_sql} AND date IS NOT NULL" if where_sql else "WHERE date IS NOT NULL"
    quads = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
    return (f"SELECT {period} AS period, count(*), {quads}, sum(goldstein), avg(goldstein) "
            f"FROM events {where_sql} GROUP BY 1 ORDER BY 1")


# ---- analysis aggregates (issue 6) ----------------------------------------------------------------------------
# Each groups in the database and returns a few hundred rows at most, so the analysis layer never reads events
# one by one: on a million events a scan and a hash aggregate take milliseconds, reading the rows would not.

_QUADS = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
# The side of an edge or actor: a country-level node is the actor's country, or its code when it has none
# (rebels, a company): such actors would otherwise all fall together under NULL.
EDGE_LEVELS = {
    "country": ("coalesce(source_country, source_code)", "coalesce(target_country, target_code)"),
    "actor": ("source_code", "target_code"),
}


def _and(where_sql: str, condition: str) -> str:
    return f"{where_sql} AND {condition}" if where_sql else f"WHERE {condition}"


def pair_clause(first: str, second: str) -> tuple[str, list[Any]]:
    """Events between two actors in either direction (first -> second or second -> first)."""
    a_src, a_src_p = _actor("source", first)
    b_tgt, b_tgt_p = _actor("target", second)
    b_src, b_src_p = _actor("source", second)
    a_tgt, a_tgt_p = _actor("target", first)
    params = [clean_text(p) for p in (*a_src_p, *b_tgt_p, *b_src_p, *a_tgt_p)]
    return f"(({a_src} AND {b_tgt}) OR ({b_src} AND {a_tgt}))", params


def period_query(freq: str, where_sql: str) -> str:
    """Per period and PLOVER category: events, quad counts, Goldstein sum and how many events have one."""
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown frequency {freq!r} (choose from {', '.join(FREQUENCIES)})")
    period = f"CAST(date_trunc('{freq}', CAST(date AS TIMESTAMP)) AS DATE)"  # freq: one of FREQUENCIES
    return (f"SELECT {period} AS period, plover_event, count(*), {_QUADS}, sum(goldstein), count(goldstein) "
            f"FROM events {_and(where_sql, 'date IS NOT NULL')} GROUP BY 1, 2 ORDER BY 1, 2")


def edge_query(level: str, where_sql: str) -> str:
    """Directed edges with at least ``?`` events, heaviest first, at most ``?`` of them."""
    if level not in EDGE_LEVELS:
        raise ValueError(f"unknown level {level!r} (choose from {', '.join(EDGE_LEVELS)})")
    src, tgt = EDGE_LEVELS[level]
    where_sql = _and(where_sql, "source_code IS NOT NULL AND target_code IS NOT NULL")
    return (f"SELECT {src} AS src, {tgt} AS tgt, count(*) AS n, "
            "sum(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END), "
            "sum(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END), avg(goldstein) "
            f"FROM events {where_sql} GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY n DESC, src, tgt LIMIT ?")


def actor_query(where_sql: str) -> str:
    """Actors by events on either side; an event whose two sides are one code counts once for it. Each side is
    grouped on its own before the two are added up: a fraction of the work of grouping both sides' rows."""
    source_where = _and(where_sql, "source_code IS NOT NULL")
    target_where = _and(where_sql, "target_code IS NOT NULL AND target_code IS DISTINCT FROM source_code")
    return ("SELECT code, max(country), max(name), sum(n) AS total FROM ("
            "SELECT source_code AS code, max(source_country) AS country, max(source_name) AS name, count(*) AS n "
            f"FROM events {source_where} GROUP BY 1 "
            "UNION ALL "
            "SELECT target_code, max(target_country), max(target_name), count(*) "
            f"FROM events {target_where} GROUP BY 1"
            ") AS sides GROUP BY code ORDER BY total DESC, code LIMIT ?")


# |goldstein| x num_articles: a violent or warm event many outlets report ranks above a minor one
TOP_ORDER = "ORDER BY abs(coalesce(goldstein, 0)) * num_articles DESC, date DESC NULLS LAST, story_key"

DOCUMENT_MENTIONS = """SELECT m.story_key, m.sentence, m.text, m.trigger_text, m.trigger_start, m.trigger_end,
m.source_text, m.source_start, m.source_end, m.target_text, m.target_start, m.target_end,
e.source_code, e.target_code, e.cameo, e.cameo_name, e.quad_class, e.goldstein
FROM mentions m JOIN events e ON e.story_key = m.story_key
WHERE m.doc_hash = ? ORDER BY m.sentence, m.trigger_start, m.story_key"""
