"""The dashboard's files (index.html, app.js, style.css), served by ``accord serve`` at ``/`` and ``/static``."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"
