"""A live progress bar on standard error for long runs (ingest, recode): documents, documents/s and events.
Shown only on a terminal: piped or redirected output, and ``--quiet``, get none."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class LiveProgress:
    """``with LiveProgress(enabled, "ingest") as bar: bar.update(documents, events)``; a no-op when disabled
    or when standard error is not a terminal."""

    def __init__(self, enabled: bool, label: str, total: int | None = None) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal and sys.stderr.isatty()
        self.label, self.total = label, total
        self._progress: Progress | None = None
        self._task = None
        self._started = time.perf_counter()
        self._last = 0.0

    def __enter__(self) -> LiveProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                TextColumn("{task.completed} documents"), TextColumn("{task.fields[rate]:.1f} documents/s"),
                TextColumn("{task.fields[events]} events"), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total, rate=0.0, events=0)
        return self

    def update(self, documents: int, events: int) -> None:
        if self._progress is None:
            return
        now = time.perf_counter()
        if now - self._last < 0.1:  # called once a document: redraw data ten times a second at most
            return
        self._last = now
        rate = documents / (now - self._started) if now > self._started else 0.0
        self._progress.update(self._task, completed=documents, rate=rate, events=events)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
