"""Running a PETRARCH validation suite through the same path as ``accord code --no-builtin``.

A record passes when its set of (source, target, code) codings equals the expected set; a record that
expects no event passes with none. ERROR-category records (which test how PETRARCH fails) are reported
apart and are not counted as passed or failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from accord.coding.coder import CodedDocument
from accord.compat.petrarch.dictionaries import Dictionaries, load_dictionaries
from accord.compat.petrarch.documents import PetrarchDocuments
from accord.compat.petrarch.suite import Record, read_suite
from accord.knowledge.schemas import CameoRow
from accord.text.documents import Document


@dataclass
class Outcome:
    record: Record
    found: set[tuple[str, str, str]]

    @property
    def passed(self) -> bool:
        return self.found == self.record.expected


@dataclass
class SuiteReport:
    outcomes: list[Outcome] = field(default_factory=list)  # non-ERROR records
    errors: list[Outcome] = field(default_factory=list)  # ERROR-category records
    dictionaries: Dictionaries | None = None

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return len(self.outcomes) - self.passed


def run_suite(path: Path, cameo: dict[str, CameoRow], model: str | None = None) -> SuiteReport:
    suite = read_suite(path)
    dictionaries = load_dictionaries(**suite.files)
    coder = PetrarchDocuments(dictionaries, cameo, builtin=None, model=model)
    documents = [Document(id=str(i), text=r.text, date=r.day.isoformat()) for i, r in enumerate(suite.records)]
    report = SuiteReport(dictionaries=dictionaries)
    # One call per record: a record is coded on its own, as PETRARCH codes each, under the options the
    # suite's <Config> tags set for it (PETRARCH-1 suites only: see Suite.honours_config)
    results = (r for record, d in zip(suite.records, documents, strict=True)
               for r in _code_one(coder, d, record.config if suite.honours_config else {}))
    for record, result in zip(suite.records, results, strict=True):
        found = {(e.source.actor.code if e.source else "", e.target.actor.code if e.target else "", e.cameo.code)
                 for e in result.events}
        outcome = Outcome(record, found)
        (report.errors if record.category == "ERROR" else report.outcomes).append(outcome)
    return report



def _code_one(coder: PetrarchDocuments, document: Document, config: dict[str, str]) -> list[CodedDocument]:
    # PETRARCH reads the option as "anything but false": TRUE, True and true all keep the dyad rule
    coder.coder.require_dyad = "false" not in config.get("require_dyad", "true")
    return list(coder.code_documents([document]))
