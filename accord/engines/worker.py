"""What runs in a worker process: the coder, loaded once per process and kept, codes one partition.

The same function serves the local process pool and Dask's workers. It returns plain data (event records as
``Event.to_record()`` gives them, counts, skip reasons), small to pickle and the same whatever the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.text.documents import Document

# Testing hook (tests/test_dask_engine.py): "K:MARKER" makes the first process that codes partition K exit
# at once, as a crashed worker would, unless the file MARKER exists (it is created first: it happens once).
CRASH_ENV = "ACCORD_ENGINE_CRASH_ONCE"


@dataclass(frozen=True)
class CoderSpec:
    """How to build the coder in a worker: the ``--petrarch-*`` files by kind and ``--no-builtin``."""

    petrarch: tuple[tuple[str, tuple[str, ...]], ...] = ()
    builtin: bool = True

    @classmethod
    def of(cls, petrarch: dict[str, list[str]] | None = None, builtin: bool = True) -> CoderSpec:
        files = tuple(sorted((kind, tuple(os.path.abspath(n) for n in names))  # the workers' cwd may differ
                             for kind, names in (petrarch or {}).items() if names))
        return cls(files, builtin)


@dataclass
class DocResult:
    """One document's outcome: its event records, or why it was skipped."""

    doc_id: str
    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None
    sentences: int = 0
    parsed: int = 0
    text: str = ""  # the coded (cleaned) text; only when asked for (ingest stores it)


@dataclass
class PartitionResult:
    index: int
    documents: list[DocResult]
    pid: int = 0


# spec -> coder: loaded once per process. A process forked from one that loaded it keeps it: Dask's workers are
# forked from a forkserver that loaded the default coder for them (accord.engines.forkserver_preload; it runs
# no other thread, so the copy is whole).
_CODERS: dict[CoderSpec, Any] = {}


def load_coder(spec: CoderSpec) -> Any:  # noqa: ANN401 - Coder or PetrarchDocuments
    coder = _CODERS.get(spec)
    if coder is None:
        from accord.cli.common import petrarch_coder, settle_heap
        from accord.coding.coder import Coder

        coder = Coder()
        coder.nlp  # noqa: B018 - load the pipeline now
        petrarch = {kind: list(names) for kind, names in spec.petrarch}
        if petrarch:
            coder = petrarch_coder(petrarch, coder, spec.builtin, quiet=True)
        settle_heap()
        _CODERS[spec] = coder
    return coder


def init_process(spec: CoderSpec) -> None:
    """The process pool's initializer: load the coder before the first partition arrives. A failure (no spaCy
    model, a missing dictionary) is left for the first partition to raise: an initializer's breaks the pool."""
    try:
        load_coder(spec)
    except Exception:  # noqa: BLE001, S110 - raised again, with its own type, by code_partition
        pass


def code_partition(index: int, documents: list[Document], spec: CoderSpec, cleaned: bool = False,
                   keep_text: bool = False, coder: Any = None) -> PartitionResult:  # noqa: ANN401
    """Code one partition with this process's coder (or ``coder`` when given: the in-process engine)."""
    _maybe_crash(index)
    if not documents:  # a partition ingest found all stored: no coder needed
        return PartitionResult(index, [], os.getpid())
    coder = coder if coder is not None else load_coder(spec)
    out = []
    # PetrarchDocuments (the --petrarch-* coder) takes no ``cleaned``: only ingest, with the plain coder, asks it
    coded = coder.code_documents(documents, cleaned=True) if cleaned else coder.code_documents(documents)
    for result in coded:
        if result.skipped:
            out.append(DocResult(result.doc.id, skipped=result.skipped))
            continue
        out.append(DocResult(result.doc.id, [event.to_record() for event in result.events], None, result.sentences,
                             result.parsed, (result.text or result.doc.text) if keep_text else ""))
    return PartitionResult(index, out, os.getpid())


def _maybe_crash(index: int) -> None:
    hook = os.environ.get(CRASH_ENV)
    if not hook:
        return
    target, _, marker = hook.partition(":")
    if int(target) != index or not marker:
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # exactly one process wins
    except FileExistsError:
        return
    os.close(fd)
    Path(marker).write_text(str(os.getpid()))
    os._exit(1)
