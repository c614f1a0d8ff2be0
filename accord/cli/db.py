"""Opening the event store for a command: ``--db`` (a DuckDB file, ``./accord.duckdb`` by default, or a
``postgresql://`` URL), with every database failure turned into one line on standard error and an exit code,
never a traceback."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from accord.cli.common import err
from accord.store import DEFAULT_DB, Store, open_store

DB_HELP = "The event store: a DuckDB file (default ./accord.duckdb) or a postgresql://user@host/db URL."
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def redact(url: str) -> str:
    """The URL without its password, fit for an error message."""
    return _PASSWORD.sub(r"\1***@", url)


def one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return _PASSWORD.sub(r"\1***@", text)[:300]


class OpeningStore:
    """``open_store(db)`` on a thread of its own, started now: importing the database driver and Arrow, opening
    the file and checking its schema (about half a second) then overlap loading the spaCy pipeline, which an
    ingest needs first anyway. Hand it to :func:`store_session`, or ``discard`` it when the command stops first.
    """

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: Store | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._open, name="accord-store-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            self._store = open_store(self.db)
        except Exception as exc:  # raised again on the caller's thread by result()
            self._error = exc

    def result(self) -> Store:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store

    def discard(self) -> None:
        """Close the store once open (the command failed before using it); a failure to open is moot."""
        self._thread.join()
        if self._store is not None:
            self._store.close()


@contextmanager
def store_session(db: str | None, command: str, create: bool = False,
                  opening: OpeningStore | None = None) -> Iterator[Store]:
    """The open store (the one ``opening`` opened, when given); exit 2 when it cannot be opened (or, unless
    ``create``, when a DuckDB file does not exist yet: a query must not leave an empty store behind a typo), 1
    when a query fails."""
    where = redact(db or "./accord.duckdb")
    path = _duckdb_path(db)
    if not create and path is not None and not Path(path).exists():
        if opening is not None:
            opening.discard()
        err(f"accord {command}: no store at {path} (accord ingest creates it)")
        raise typer.Exit(2)
    try:
        store = opening.result() if opening is not None else open_store(db)
    except Exception as exc:  # a bad URL, an unreachable server, a locked or corrupt file: all one line
        err(f"accord {command}: cannot open the store {where}: {one_line(exc)}")
        raise typer.Exit(2) from None
    try:
        yield store
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        err(f"accord {command}: store {where}: {one_line(exc)}")
        raise typer.Exit(1) from None
    finally:
        try:
            store.close()
        except Exception:  # a connection already lost: nothing left to close
            pass


def _duckdb_path(db: str | None) -> str | None:
    """The file of a DuckDB store URL, or None for PostgreSQL and in-memory stores."""
    text = db or DEFAULT_DB
    if "://" in text and not text.startswith("duckdb://"):
        return None
    path = text.removeprefix("duckdb://") or DEFAULT_DB
    return None if path == ":memory:" else path
