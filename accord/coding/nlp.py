"""The spaCy pipeline the coder parses with: loaded once per process, with only what the rules use."""

from __future__ import annotations

import functools

from accord.settings import spacy_model_name

# The rules read fine-grained tags and the dependency parse. Named entities come from accord's own phrase
# matching and lemmas from the lexicon's form table, so those components are never run (about 2.5x faster).
_UNUSED = ("ner", "lemmatizer", "attribute_ruler", "tagger")


class ModelMissing(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):  # noqa: ANN201 - spacy.Language, imported lazily
    """The parsing pipeline named by the setting (see accord.settings), loaded once."""
    import spacy

    model = name or spacy_model_name()
    try:
        return spacy.load(model, exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelMissing(f"spaCy pipeline {model!r} is not installed ({exc})") from None
