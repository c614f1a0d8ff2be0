"""accord: news text to political event data (CAMEO + PLOVER), with actors that know who held which
office on the article's date.

The public Python API::

    import accord
    accord.resolve("Japan's prime minister", date="2025-10-28")   # Actor(code='JPNGOV', ...)
    events = accord.code_text("Trump praised Takaichi in Tokyo.", date="2025-10-28")
    for result in accord.code_documents(documents): ...           # many documents, one parse call a batch
    accord.knowledge_base().counts()
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

__version__ = "0.1.0"

from accord.actors import Actor, Mention, find_mentions, resolve  # noqa: E402
from accord.knowledge import KnowledgeBase, default_knowledge  # noqa: E402
from accord.text.documents import Document  # noqa: E402

if TYPE_CHECKING:
    from accord.coding.coder import CodedDocument, Coder
    from accord.coding.events import Event


def knowledge_base() -> KnowledgeBase:
    """The package's knowledge base (loaded on first use, then shared)."""
    return default_knowledge()


@functools.lru_cache(maxsize=1)
def default_coder() -> Coder:
    """The coder over the package's knowledge and the configured spaCy model, built once per process."""
    from accord.coding.coder import Coder

    return Coder()


def code_text(text: str, date: dt.date | str | None = None, doc_id: str = "doc") -> list[Event]:
    """Code one text; ``date`` (default today) decides who held which office."""
    return default_coder().code_text(text, date=date, doc_id=doc_id)


def code_documents(documents: Iterable[Document], batch_size: int = 128) -> Iterator[CodedDocument]:
    """Code many documents; yields one result (events, or the reason it was skipped) per document."""
    return default_coder().code_documents(documents, batch_size=batch_size)


__all__ = [
    "Actor", "Document", "KnowledgeBase", "Mention", "__version__", "code_documents", "code_text",
    "default_coder", "find_mentions", "knowledge_base", "resolve",
]
