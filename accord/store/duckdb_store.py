"""The embedded backend: one DuckDB file (``./accord.duckdb`` by default). DuckDB lets one process write a file
at a time; a second one is refused with a clear message rather than waiting."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from accord.store import schema
from accord.store.sql_store import SqlStore

DEFAULT_PATH = "accord.duckdb"


class DuckDBStore(SqlStore):
    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        """``read_only``: DuckDB's read-only mode (``accord serve`` without a token). Several processes may
        hold a file read-only at once, but while any does, none can open it to write (and the other way
        round). A read-only store is not migrated: its schema must be current."""
        self.path = str(path)
        self.read_only = read_only
        if self.path == ":memory:":
            self.url = "duckdb://:memory:"
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.url = f"duckdb://{Path(self.path).resolve()}"
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:  # most often: another accord process holds the file
            raise RuntimeError(f"cannot open {self.path}: {exc}") from exc
        if read_only:
            self.check_schema()
        else:
            self.migrate()

    def clone(self) -> DuckDBStore:
        """Another connection to the same database, for another thread (a DuckDB connection must not be used
        by two threads at once; its cursors are connections of their own to the one open database)."""
        other = object.__new__(DuckDBStore)
        other.path, other.url, other.read_only = self.path, self.url, self.read_only
        other._con = self._con.cursor()
        return other

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._con.execute(sql, list(params)) if params else self._con.execute(sql)
        # statements without a result set (DDL, UPDATE) still answer fetchall with their row count
        return cursor.fetchall() if cursor.description else []

    @contextmanager
    def _staged(self, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> Iterator[None]:
        """The rows as the Arrow table ``accord_staged`` while the block runs."""
        self._con.register("accord_staged", pa.table(
            {column: list(values) for column, values in zip(columns, zip(*rows, strict=True), strict=True)}))
        try:
            yield
        finally:
            self._con.unregister("accord_staged")

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], conflict: str = "",
                returning: str = "") -> list[tuple[Any, ...]]:
        """DuckDB binds a long VALUES list slowly (about 0.1 s per thousand rows); an Arrow table of the rows,
        inserted with one INSERT ... SELECT, takes a few milliseconds. The values still travel as data."""
        if not rows:
            return []
        names = ", ".join(columns)
        sql = f"INSERT INTO {table} ({names}) SELECT {names} FROM accord_staged"
        if conflict:
            sql += f" ON CONFLICT ({conflict}) DO NOTHING"
        if returning:
            sql += f" RETURNING {returning}"
        with self._staged(columns, rows):
            return self._run(sql)

    def _update_events(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """One UPDATE ... FROM the staged rows, rather than a statement per story."""
        if not rows:
            return
        assign = ", ".join(f"{c} = s.{c}" for c in schema.EVENT_COLUMNS[1:])
        with self._staged(schema.EVENT_COLUMNS, rows):
            self._run(f"UPDATE events SET {assign} FROM accord_staged AS s WHERE events.story_key = s.story_key")

    def _for_keys(self, sql: str, keys: Sequence[str], *, fetch: bool = False,
                  params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The same trick for ``IN (...)`` lists: the keys as a one-column Arrow table, in one statement."""
        if not keys:
            return []
        self._con.register("accord_keys", pa.table({"k": list(keys)}))
        try:
            rows = self._run(sql.format(marks="SELECT k FROM accord_keys"), params)
        finally:
            self._con.unregister("accord_keys")
        return rows if fetch else []

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._con.begin()
        try:
            yield
        except BaseException:  # KeyboardInterrupt too: a batch is stored whole or not at all
            self._con.rollback()
            raise
        self._con.commit()

    def close(self) -> None:
        self._con.close()
