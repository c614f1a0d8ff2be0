"""PETRARCH discard lists: phrases whose presence means a sentence (plain line) or the whole story (a line
starting with ``+``) is not political news (sports, weather, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.compat.petrarch.common import Problem, phrase_words, read_lines


@dataclass(frozen=True)
class Discard:
    words: tuple[str, ...]
    story: bool  # the whole document goes, not only the sentence


def read_discards(path: Path, problems: list[Problem]) -> list[Discard]:
    out = []
    for line in read_lines(path):
        text = line.text.strip()
        story = text.startswith("+")
        words = phrase_words(text.lstrip("+"))
        if not words or any("[" in w or "]" in w for w in words):
            problems.append(Problem(str(path), line.number, f"not a discard phrase: {text!r}"))
            continue
        out.append(Discard(words, story))
    return out
