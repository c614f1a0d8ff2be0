"""How requests reach the store: one connection per worker thread.

A DuckDB connection (and a psycopg one) must not be used by two threads at once. The API's handlers are
plain ``def`` functions that Starlette runs in its worker threads (40 by default), so each thread gets a
connection of its own the first time it needs one, opened from the one store ``create_app`` opened: for
DuckDB a cursor of that connection (one open database, so no second file lock), for PostgreSQL a new
connection. All of them are closed when the app shuts down.

A DuckDB file held read-only (no token) cannot change while the server runs: there each thread's connection
comes wrapped with one shared :class:`~accord.store.snapshot.Snapshot`, an in-memory aggregate built on first
use that answers the dyad series, the network and the stats without scanning the events each time.
"""

from __future__ import annotations

import threading
from typing import Any

from accord.store import Store, open_store
from accord.store.snapshot import Snapshot


class StoreProvider:
    def __init__(self, url: str | None, *, read_only: bool) -> None:
        self.read_only = read_only
        self.base: Any = open_store(url, read_only=read_only)  # raises when the store cannot be opened
        self.url = self.base.url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []
        self._closed = False
        # only where nothing can change the store while it is open (see accord.store.snapshot)
        self.snapshot = Snapshot() if read_only and self.url.startswith("duckdb://") else None

    def get(self) -> Store:
        """This thread's connection to the store."""
        store = getattr(self._local, "store", None)
        if store is None:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the store is closed")
                store = self.base.clone()
                self._opened.append(store)
            if self.snapshot is not None:
                store = self.snapshot.wrap(store)
            self._local.store = store
        return store

    def close(self) -> None:
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, []
        for store in [*opened, self.base]:
            try:
                store.close()
            except Exception:  # a connection already lost: nothing left to close
                pass
