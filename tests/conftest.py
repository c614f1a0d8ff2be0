"""Shared fixtures: the real knowledge base and resolver (no mocks anywhere in these tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.actors import ActorResolver
from accord.knowledge import KnowledgeBase, load_knowledge
from tests.api_server import demo_api, demo_db, demo_store  # noqa: F401  (fixtures)
from tests.pg_server import postgres_server, postgres_url, store_url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ACCORD_SHARED", ROOT.parent / "shared"))
CLI = ROOT / ".venv" / "bin" / "accord"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def resolver(kb: KnowledgeBase) -> ActorResolver:
    return ActorResolver(kb)


def shared_file(*parts: str) -> Path:
    """A file of ../shared (CI has it); tests that need it fail loudly when it is missing."""
    path = SHARED.joinpath(*parts)
    assert path.exists(), f"{path} is missing: these tests read the shared evaluation data"
    return path
