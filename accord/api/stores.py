"""How requests reach the store: one connection per worker thread, and what speeds up a store that cannot change.

A DuckDB connection (and a psycopg one) must not be used by two threads at once. The API's handlers are
plain ``def`` functions that Starlette runs in its worker threads, so each thread gets a connection of its own
the first time it needs one, opened from the one store ``create_app`` opened: for DuckDB a cursor of that
connection (one open database, so no second file lock), for PostgreSQL a new connection. All of them are
closed when the app shuts down.

A DuckDB file held read-only (no token) cannot change while the server runs. There, :meth:`StoreProvider.start`
prepares two read-only structures on a thread of its own, and until each is ready the SQL answers as before:

- one shared :class:`~accord.store.snapshot.Snapshot` (an in-memory aggregate that answers the dyad series,
  the network and the stats), put in front of each thread's connection;
- the :class:`~accord.store.event_index.EventIndex` that answers ``/api/events`` pages, mapped once its
  directory is complete: built by :class:`~accord.store.event_index.IndexBuild` in a process of its own, the
  provider's or, given ``event_index``, the one ``accord serve`` started for all its server processes (the
  files are built once and their pages shared).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from accord.store import Store, open_store
from accord.store.event_index import EventIndex, IndexBuild, is_complete
from accord.store.snapshot import Snapshot

log = logging.getLogger("accord.api")

INDEX_POLL_SECONDS = 0.5  # how often a server process looks for the index its parent is building


class NeedsSQL(Exception):
    """Raised by :meth:`StoreProvider.memory`'s store when an answer would need the database."""


class _NoDatabase:
    """The store behind the memory-only view: every use of it raises :class:`NeedsSQL`."""

    url = "memory:"

    def __getattr__(self, name: str) -> Any:
        raise NeedsSQL(name)


class StoreProvider:
    def __init__(self, url: str | None, *, read_only: bool, event_index: str | Path | None = None) -> None:
        self.read_only = read_only
        self.base: Any = open_store(url, read_only=read_only)  # raises when the store cannot be opened
        self.url = self.base.url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []
        self._closed = False
        # only where nothing can change the store while it is open (see accord.store.snapshot)
        self.unchanging = read_only and self.url.startswith("duckdb://")
        self.snapshot = Snapshot() if self.unchanging else None
        self._index: EventIndex | None = None
        # the index's directory: built by the process that started this one (accord serve), else by this
        # provider's own build, which start() starts
        self._source = url
        self._build: IndexBuild | None = None
        self._index_dir = Path(event_index) if event_index and self.unchanging else None
        self._next_look = 0.0

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

    def memory(self) -> Store | None:
        """A store answering from the built aggregate only, on any thread (it holds no connection): a query it
        cannot answer from memory raises :class:`NeedsSQL`. None until the aggregate is built."""
        if self.snapshot is None or not self.snapshot.ready:
            return None
        return self.snapshot.wrap(_NoDatabase())  # type: ignore[return-value]

    # ---- the read-only speed-ups ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Starts preparing an unchanging store's aggregate (on a thread) and event index (in a process of its
        own, unless another process builds it); nothing otherwise."""
        if not self.unchanging:
            return
        if self._index_dir is None:
            self._build = IndexBuild(self._source)
            self._index_dir = self._build.directory
            self._build.start()
        threading.Thread(target=self._prepare, name="accord-prepare", daemon=True).start()

    def _prepare(self) -> None:
        try:
            store = self.get()
            assert self.snapshot is not None
            self.snapshot.cube(store.store)  # type: ignore[attr-defined]
        except Exception:  # closed meanwhile: nothing to prepare
            if not self._closed:
                log.warning("accord: no in-memory aggregate of %s", self.url, exc_info=True)

    def event_index(self) -> EventIndex | None:
        """The event index once it is ready, else None."""
        index = self._index
        if index is not None or self._index_dir is None:
            return index
        now = time.monotonic()
        if now < self._next_look:
            return None
        self._next_look = now + INDEX_POLL_SECONDS
        if is_complete(self._index_dir):
            with self._lock:
                if self._index is None and not self._closed:
                    try:
                        self._index = EventIndex(self._index_dir)
                    except Exception:
                        log.warning("accord: cannot open the event index in %s", self._index_dir, exc_info=True)
                        self._index_dir = None
        return self._index

    def close(self) -> None:
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, []
            index, self._index = self._index, None
        for store in [*opened, self.base]:
            try:
                store.close()
            except Exception:  # a connection already lost: nothing left to close
                pass
        if index is not None:
            index.close()
        if self._build is not None:
            self._build.stop()
