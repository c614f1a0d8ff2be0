"""accord: news text to political event data (CAMEO + PLOVER), with actors that know who held which
office on the article's date.

The public Python API::

    import accord
    accord.resolve("Japan's prime minister", date="2025-10-28")   # Actor(code='JPNGOV', ...)
    accord.knowledge_base().counts()
"""

from __future__ import annotations

from accord.actors import Actor, Mention, find_mentions, resolve
from accord.knowledge import KnowledgeBase, default_knowledge

__version__ = "0.1.0"


def knowledge_base() -> KnowledgeBase:
    """The package's knowledge base (loaded on first use, then shared)."""
    return default_knowledge()


__all__ = ["Actor", "KnowledgeBase", "Mention", "__version__", "find_mentions", "knowledge_base", "resolve"]
