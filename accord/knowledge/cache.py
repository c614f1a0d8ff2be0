"""A disk cache of built knowledge structures, so each `accord` run does not re-validate and re-index
thousands of rows (about 0.5 s saved per start).

The cache key is a fingerprint of every knowledge file (path, size, modification time), of the modules whose
classes are pickled (knowledge, actors, coding) and of the accord
version: editing any file, or upgrading accord, builds afresh. ``ACCORD_CACHE_DIR`` moves the cache;
``ACCORD_CACHE_DIR=off`` disables it. A cache file that cannot be read is rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    chosen = os.environ.get("ACCORD_CACHE_DIR", "").strip()
    if chosen.lower() == "off":
        return None
    return Path(chosen) if chosen else Path.home() / ".cache" / "accord"


def fingerprint(data_dir: Path) -> str:
    from accord import __version__

    digest = hashlib.sha1(__version__.encode())
    for path in sorted(data_dir.rglob("*.csv")):
        stat = path.stat()
        digest.update(f"{path.relative_to(data_dir)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    # The pickled objects are instances of these modules' classes: a changed class must not meet an old copy.
    package = Path(__file__).resolve().parent.parent
    for folder in ("knowledge", "actors", "coding"):
        for path in sorted((package / folder).glob("*.py")):
            stat = path.stat()
            digest.update(f"{folder}/{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes hundreds of thousands of objects that all live on; the cyclic collector would
    walk them again and again while they are made (about a third of the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_or_build(name: str, data_dir: Path, build: Callable[[], T]) -> T:
    """The cached result of ``build`` for the knowledge in ``data_dir``, building and storing it if needed."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{fingerprint(data_dir)}.pickle"
    try:
        with path.open("rb") as fh, _no_gc():
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # one version of each structure is enough
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only home still codes, only without the speed-up
    return built
