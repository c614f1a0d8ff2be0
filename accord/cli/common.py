"""Helpers every command shares: loading knowledge with a clean error, printing to stderr."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

import typer

from accord.knowledge import KnowledgeBase, KnowledgeLoadError, default_knowledge

if TYPE_CHECKING:
    from accord.coding.coder import Coder
    from accord.compat.petrarch.documents import PetrarchDocuments


def err(message: str) -> None:
    print(message, file=sys.stderr)


def knowledge_or_exit() -> KnowledgeBase:
    """The knowledge base, or exit 2 listing each malformed entry as ``file:line: problem``."""
    try:
        return default_knowledge()
    except KnowledgeLoadError as exc:
        err(f"accord: {exc}")
        raise typer.Exit(2) from None


def settle_heap() -> None:
    """Call once the long-lived structures (knowledge, spaCy pipeline) are loaded: they move out of the
    cyclic collector's sight, so its full passes during a long run no longer walk a million objects that
    never die (about 5% of a coding run)."""
    gc.freeze()


def dictionary_files(verbs: str | None, actors: str | None, agents: str | None,
                     discards: str | None) -> dict[str, list[str]]:
    """The ``--petrarch-*`` options (each ``F[,F]``) as file lists by kind, for load_dictionaries."""
    given = {"verbs": verbs, "actors": actors, "agents": agents, "discards": discards}
    return {kind: [p for p in (names or "").split(",") if p.strip()] for kind, names in given.items()}


def petrarch_coder(files: dict[str, list[str]], coder: Coder, builtin: bool, quiet: bool) -> PetrarchDocuments:
    """A coder with PETRARCH dictionaries (file lists by kind); malformed lines are reported on standard
    error as ``file:line: problem`` and skipped."""
    from accord.compat.petrarch import load_dictionaries
    from accord.compat.petrarch.documents import PetrarchDocuments

    dictionaries = load_dictionaries(**files)
    if not quiet:
        report_problems(dictionaries.problems)
    return PetrarchDocuments(dictionaries, coder.kb.cameo, builtin=coder if builtin else None, model=coder.model)


def report_problems(problems: list) -> None:
    """Malformed dictionary lines on standard error, as ``file:line: problem: skipped`` (50 at most)."""
    for problem in problems[:50]:
        err(f"{problem}: skipped")
    if len(problems) > 50:
        err(f"... and {len(problems) - 50} more malformed lines (accord lint lists them all)")


def coder_or_exit(command: str, petrarch: dict[str, list[str]] | None = None, builtin: bool = True,
                  quiet: bool = False) -> Coder | PetrarchDocuments:
    """The coder with its spaCy pipeline loaded (and PETRARCH dictionaries when given), or exit 2 with the
    reason: a missing model or dictionary is reported before any input is read."""
    from accord.coding.coder import Coder
    from accord.coding.nlp import ModelMissing

    try:
        coder = Coder()  # the knowledge from the disk cache when nothing changed since the last run
        coder.nlp  # noqa: B018 - load the pipeline now
        wrapped = petrarch_coder(petrarch, coder, builtin, quiet) if petrarch and any(petrarch.values()) else coder
    except KnowledgeLoadError as exc:
        err(f"accord: {exc}")
        raise typer.Exit(2) from None
    except (ModelMissing, FileNotFoundError) as exc:
        err(f"accord {command}: {exc}")
        raise typer.Exit(2) from None
    settle_heap()
    return wrapped
