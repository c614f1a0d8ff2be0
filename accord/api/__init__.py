"""accord's REST API (issue 6, docs/api.md): ``create_app(store_url)`` gives the FastAPI application that
``accord serve`` runs."""

from __future__ import annotations

from accord.api.app import create_app

__all__ = ["create_app"]
