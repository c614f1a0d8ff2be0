"""Finding PETRARCH actor and agent names in a sentence's words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accord.compat.petrarch.actors import ActorEntry
from accord.compat.petrarch.agents import Agent

_MIN_STEM = 4  # a stem shorter than this ("ENT") would match half the dictionary of English


@dataclass(frozen=True)
class Found:
    first: int  # word indices, inclusive
    last: int
    actor: ActorEntry | None = None
    agent: Agent | None = None


class PhraseIndex:
    """Names by their first word; a name whose last word is a stem (no trailing ``_`` in the dictionary)
    also matches longer capitalised words that begin with it ("ARGENTIN" -> "Argentina")."""

    def __init__(self, actors: Sequence[ActorEntry], agents: Sequence[Agent]) -> None:
        self.exact: dict[str, list[tuple[tuple[str, ...], bool, ActorEntry | None, Agent | None]]] = {}
        self.stems: dict[str, list[ActorEntry]] = {}  # one-word stems
        for entry in actors:
            for words, exact in entry.names:
                for form in _forms(words):
                    self.exact.setdefault(form[0], []).append((form, exact, entry, None))
                if len(words) == 1 and not exact and len(words[0]) >= _MIN_STEM:
                    self.stems.setdefault(words[0], []).append(entry)
        for agent in agents:
            for form in _forms(agent.words):
                self.exact.setdefault(form[0], []).append((form, True, None, agent))
        for options in self.exact.values():
            options.sort(key=lambda o: -len(o[0]))  # longest name first
        self.stem_lengths = sorted({len(s) for s in self.stems}, reverse=True)

    def find(self, words: Sequence[str], capitalised: Sequence[bool], low: int, high: int) -> list[Found]:
        """Longest names left to right in ``words[low:high]`` (lower-case words)."""
        out: list[Found] = []
        i = low
        while i < high:
            found = self._at(words, capitalised, i, high)
            if found:
                out.append(found)
                i = found.last + 1
            else:
                i += 1
        return out

    def _at(self, words: Sequence[str], capitalised: Sequence[bool], i: int, high: int) -> Found | None:
        for name, exact, actor, agent in self.exact.get(words[i], ()):
            n = len(name)
            if i + n > high:
                continue
            if all(words[i + k] == name[k] for k in range(n - 1)) and _last_ok(words[i + n - 1], name[-1], exact):
                return Found(i, i + n - 1, actor, agent)
        if capitalised[i]:
            word = words[i]
            for length in self.stem_lengths:
                if length < len(word) and word[:length] in self.stems:
                    return Found(i, i, self.stems[word[:length]][0], None)
        return None


def _last_ok(word: str, name: str, exact: bool) -> bool:
    return word == name or (not exact and len(name) >= _MIN_STEM and word.startswith(name))



def _forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name as written and, when a word holds a hyphen, as the parser splits it: BARAD-DUR is also
    ("barad", "-", "dur")."""
    if not any("-" in w.strip("-") for w in words):
        return [words]
    split: list[str] = []
    for word in words:
        parts = word.split("-")
        if len(parts) > 1 and all(parts):
            for k, part in enumerate(parts):
                split.extend(["-", part] if k else [part])
        else:
            split.append(word)
    return [words, tuple(split)]
