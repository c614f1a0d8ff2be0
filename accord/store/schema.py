"""The store's schema as numbered migrations. Opening a store applies, in one transaction, every step newer
than the version recorded in ``schema_version``; a store already at the latest version is left alone. The DDL
is the common subset of DuckDB and PostgreSQL, so both backends run the same text.

Add a step by appending ``(N + 1, [...])``; never edit a step that has shipped (stores already applied it).
"""

from __future__ import annotations

# Column lists shared by the DDL and the INSERT statements, so the two cannot drift apart.
DOCUMENT_COLUMNS = ("doc_hash", "doc_id", "date", "url", "title", "outlet", "coder_version", "text", "ingested_at")

_ACTOR = ("code", "country", "sector", "name", "role", "text", "start", "end")
# The evidence of one mention: where in which document the event was read.
EVIDENCE_COLUMNS = (
    "doc_hash", "doc_id", "event_id", "sentence", "text", "trigger_text", "trigger_start", "trigger_end",
    "source_text", "source_start", "source_end", "target_text", "target_start", "target_end", "coder_version",
)
EVENT_COLUMNS = (
    "story_key", "date",
    *(f"source_{f}" for f in _ACTOR), *(f"target_{f}" for f in _ACTOR),
    "cameo", "cameo_root", "cameo_name", "quad_class", "goldstein", "plover_event", "plover_mode",
    "negated", "modality", "location", "issues", "attributes", "coder_version", "num_articles", "num_sources",
    # the first mention's evidence, copied so that listing events needs no join
    "doc_hash", "doc_id", "event_id", "sentence", "text", "trigger_text", "trigger_start", "trigger_end",
)
# outlet copied from the document: counting a story's sources then reads mentions alone
MENTION_COLUMNS = ("story_key", *EVIDENCE_COLUMNS, "outlet")

_V1 = [
    """CREATE TABLE IF NOT EXISTS documents (
        doc_hash TEXT PRIMARY KEY,
        doc_id TEXT,
        date DATE,
        url TEXT,
        title TEXT,
        outlet TEXT,
        coder_version TEXT,
        text TEXT NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        story_key TEXT PRIMARY KEY,
        date DATE,
        source_code TEXT, source_country TEXT, source_sector TEXT, source_name TEXT, source_role TEXT,
        source_text TEXT, source_start INTEGER, source_end INTEGER,
        target_code TEXT, target_country TEXT, target_sector TEXT, target_name TEXT, target_role TEXT,
        target_text TEXT, target_start INTEGER, target_end INTEGER,
        cameo TEXT NOT NULL,
        cameo_root TEXT,
        cameo_name TEXT,
        quad_class INTEGER,
        goldstein DOUBLE PRECISION,
        plover_event TEXT,
        plover_mode TEXT,
        negated BOOLEAN NOT NULL,
        modality TEXT,
        location TEXT,
        issues TEXT NOT NULL,
        attributes TEXT NOT NULL,
        coder_version TEXT,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        doc_hash TEXT NOT NULL,
        doc_id TEXT,
        event_id TEXT,
        sentence INTEGER,
        text TEXT,
        trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        story_key TEXT NOT NULL,
        doc_hash TEXT NOT NULL,
        doc_id TEXT,
        event_id TEXT,
        sentence INTEGER NOT NULL,
        text TEXT,
        trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
        source_text TEXT, source_start INTEGER, source_end INTEGER,
        target_text TEXT, target_start INTEGER, target_end INTEGER,
        coder_version TEXT,
        outlet TEXT,
        PRIMARY KEY (story_key, doc_hash, sentence)
    )""",
    "CREATE INDEX IF NOT EXISTS events_date ON events (date)",
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country, date)",
    # recode and exactly-once checks look mentions up by document
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_hash)",
]

#: (version, DDL statements), in order.
MIGRATIONS: list[tuple[int, list[str]]] = [(1, _V1)]
LATEST = MIGRATIONS[-1][0]

CREATE_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)"""
