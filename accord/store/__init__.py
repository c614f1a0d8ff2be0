"""The event store (issue 5): ``open_store(url)`` gives a :class:`~accord.store.base.Store`."""

from __future__ import annotations

from pathlib import Path

from accord.store.base import (
    FREQUENCIES,
    SCHEMA_VERSION,
    BatchResult,
    EventFilter,
    Stats,
    Store,
    StoredDocument,
    content_hash,
    story_key,
)

__all__ = ["FREQUENCIES", "SCHEMA_VERSION", "BatchResult", "EventFilter", "Stats", "Store", "StoredDocument",
           "content_hash", "open_store", "story_key"]

DEFAULT_DB = "accord.duckdb"


def open_store(url: str | Path | None = None, *, read_only: bool = False) -> Store:
    """``None`` -> ``./accord.duckdb``; a path or ``duckdb:///abs/path`` (``duckdb://rel/path``) -> that DuckDB
    file (``:memory:`` too);
    ``postgresql://...`` (or ``postgres://``) -> that PostgreSQL database. The schema is migrated on open,
    unless ``read_only`` (``accord serve`` without a token): then nothing can be written and the schema must be
    current. A DuckDB file open read-only in one process cannot be opened to write by another."""
    text = str(url) if url is not None else DEFAULT_DB
    if text.startswith(("postgresql://", "postgres://")):
        from accord.store.postgres_store import PostgresStore  # psycopg loads only when used

        return PostgresStore(text, read_only=read_only)
    from accord.store.duckdb_store import DuckDBStore

    if text.startswith("duckdb://"):  # duckdb:///abs/path, as file:// URLs write it; duckdb://:memory:
        path = text.removeprefix("duckdb://") or DEFAULT_DB
        return DuckDBStore(":memory:" if path.strip("/") == ":memory:" else path, read_only=read_only)
    if "://" in text:
        raise ValueError(f"unknown database URL {text!r}: use a file path, duckdb:///path or postgresql://...")
    return DuckDBStore(text, read_only=read_only)
