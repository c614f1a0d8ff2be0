"""The shared-server backend: PostgreSQL through psycopg 3, one connection, autocommit outside the store's
own transactions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg

from accord.store.sql_store import SqlStore

# Any constant: every accord process takes this advisory lock while it migrates.
_MIGRATION_LOCK = 0x0ACC0D


@lru_cache(maxsize=512)
def _psycopg_sql(sql: str) -> str:
    # The shared SQL uses ? and never a literal ? or % (values are parameters), so this rewrite is exact.
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(SqlStore):
    def __init__(self, url: str, *, read_only: bool = False) -> None:
        """``read_only``: every transaction of the session is read-only, and the schema must be current."""
        self.url = url
        self.read_only = read_only
        self._con = psycopg.connect(url, autocommit=True)
        if read_only:
            self._run("SET default_transaction_read_only = on")
            self.check_schema()
        else:
            self.migrate()

    def clone(self) -> PostgresStore:
        """Another connection to the same database, for another thread."""
        other = object.__new__(PostgresStore)
        other.url, other.read_only = self.url, self.read_only
        other._con = psycopg.connect(self.url, autocommit=True)
        if self.read_only:
            other._run("SET default_transaction_read_only = on")
        return other

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._con.cursor() as cursor:
            cursor.execute(_psycopg_sql(sql), list(params) if params else None)
            return cursor.fetchall() if cursor.description else []

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._con.transaction():  # BEGIN ... COMMIT, or ROLLBACK when the block raises
            yield

    def _lock_migrations(self) -> None:
        self._run("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])

    def close(self) -> None:
        self._con.close()
