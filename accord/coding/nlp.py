"""The spaCy pipeline the coder parses with: loaded once per process, with only what the rules use."""

from __future__ import annotations

import functools

from accord.settings import spacy_model_name, use_blis

# The rules read fine-grained tags and the dependency parse. Named entities come from accord's own phrase
# matching and lemmas from the lexicon's form table, so those components are never run (about 2.5x faster).
_UNUSED = ("ner", "lemmatizer", "attribute_ruler", "tagger")


class ModelMissing(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):  # noqa: ANN201 - spacy.Language, imported lazily
    """The parsing pipeline named by the setting (see accord.settings), loaded once."""
    import spacy
    from thinc.api import use_ops

    model = name or spacy_model_name()
    try:
        # Every layer keeps the ops it was built with. thinc multiplies matrices with blis by default; numpy's
        # OpenBLAS does the same products about twice as fast on current x86 CPUs (AVX-512) and gives the
        # same parses (bench/code_throughput.py measures both). ACCORD_GEMM=blis restores thinc's default.
        with use_ops("numpy", use_blis=use_blis()):
            return spacy.load(model, exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelMissing(f"spaCy pipeline {model!r} is not installed ({exc})") from None
