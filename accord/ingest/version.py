"""Which coder produced an event: accord's version and a digest of the knowledge it coded with, so that
``accord recode`` after a knowledge edit is visible in the store (``accord stats``: events by coder version)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from accord.coding.coder import CODER
from accord.knowledge.loader import DATA_DIR
from accord.settings import knowledge_dir


@functools.cache
def coder_version() -> str:
    """``accord 0.1.0+kb.1a2b3c4d5e6f``: the same files (by content, not by date) give the same version."""
    folder = Path(knowledge_dir() or DATA_DIR)
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.csv")):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return f"{CODER}+kb.{digest.hexdigest()[:12]}"
