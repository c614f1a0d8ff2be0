"""accord's knowledge base: the CAMEO/PLOVER ontology, countries, places, people with dated offices,
organisations, generic agents and topics, as checked data files under ``data/``."""

from accord.knowledge.errors import KnowledgeError
from accord.knowledge.loader import KnowledgeLoadError, default_knowledge, load_knowledge
from accord.knowledge.model import KnowledgeBase, Office, Person

__all__ = [
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeLoadError",
    "Office",
    "Person",
    "default_knowledge",
    "load_knowledge",
]
