"""All four kinds of PETRARCH dictionary, loaded together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from accord.compat.petrarch.actors import ActorEntry, read_actors
from accord.compat.petrarch.agents import Agent, read_agents
from accord.compat.petrarch.common import Problem
from accord.compat.petrarch.discards import Discard, read_discards
from accord.compat.petrarch.pico import read_negations
from accord.compat.petrarch.verbs import VerbDictionary, read_verbs


@dataclass
class Dictionaries:
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    discards: list[Discard] = field(default_factory=list)
    negations: dict[str, str] = field(default_factory=dict)  # from a PICO file: code -> its negation's code
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "verb blocks": len(self.verbs.blocks),
            "verb patterns": sum(len(b.patterns) for b in self.verbs.blocks),
            "verb forms": len(self.verbs.forms),
            "synsets": len(self.verbs.synsets),
            "actors": len(self.actors),
            "actor names": sum(len(a.names) for a in self.actors),
            "agents": len(self.agents),
            "discards": len(self.discards),
            "problems": len(self.problems),
        }


def load_dictionaries(verbs: Iterable[Path | str] = (), actors: Iterable[Path | str] = (),
                      agents: Iterable[Path | str] = (), discards: Iterable[Path | str] = (),
                      pico: Iterable[Path | str] = ()) -> Dictionaries:
    """Read every file given; a missing file raises FileNotFoundError, a malformed line is only reported."""
    out = Dictionaries()
    for path in map(Path, verbs):
        out.verbs.merge(read_verbs(_existing(path), out.problems))
    for path in map(Path, actors):
        out.actors.extend(read_actors(_existing(path), out.problems))
    for path in map(Path, agents):
        out.agents.extend(read_agents(_existing(path), out.problems))
    for path in map(Path, discards):
        out.discards.extend(read_discards(_existing(path), out.problems))
    for path in map(Path, pico):
        out.negations.update(read_negations(_existing(path), out.problems))
    return out


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"no such dictionary file: {path}")
    return path
