"""Gold readers for ``accord evaluate``: each gold format becomes one :class:`GoldSet` of records, each with
the events it expects, in the same :class:`Coding` shape that accord's own output is read into.

Formats and their document ids (a PRED file must use the same ids to be scored):

- ``tsv``: ``sentence<TAB>class`` (class 0-4, as ``../shared/eval/conflibert-train/train.tsv``); the id is
  ``s0``, ``s1``, ... counting non-blank lines from 0. One expected event a sentence, scored on its first
  predicted event.
- ``plover``: a JSON list of PLOVER gold records (``PLOVER_GSR_CAMEO.txt``; a JSONL file of such records also
  reads), or the derived join TSV; the id is the record's ``id`` (``plover_id`` in the TSV). Old PLOVER 0.5
  event names are read as their current successors. A ``*cameo*join*.tsv`` beside the JSON adds a CAMEO code
  to the records it matched closely (token Jaccard >= 0.8), so roots and quad classes are scored there too.
- ``petrarch``: PETRARCH validation XML (``<Sentence id date category>`` with ``<EventCoding>`` and
  ``<Text>``); the id is the sentence id. Every coding of a record is expected; a record with no coding or a
  ``noevents`` marker expects none; ``category="ERROR"`` records are kept apart; ``evaluate="false"`` ones
  are left out.

A repeated id gets ``#2``, ``#3``, ... on its later occurrences.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from accord.knowledge.schemas import CameoRow

FORMATS = ("auto", "plover", "tsv", "petrarch")
DEFAULT_DATE = "2000-01-01"  # the gold sets without dates are edited news of the 1990s and 2000s
OUTSIDE_CAMEO = "event code outside CAMEO's roots (scored on the full code only)"
JOIN_MIN_JACCARD = 0.8  # below it the derived join's CAMEO code is a guess (see plover-gsr/SOURCE.txt)
_EXAMPLES = 5
# The PLOVER gold records use PLOVER 0.5 event names; they are read as their PLOVER 2021 successors.
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def penta_class(cameo: str) -> str:
    """The five classes of the sentence/label TSV sets: 0 = CAMEO roots 01-02, 1 = 03-05, 2 = 06-08,
    3 = 09-13 and 16, 4 = 14-15 and 17-20."""
    root = int(cameo[:2])
    return "0" if root <= 2 else "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 or root == 16 else "4"


class GoldError(Exception):
    """A gold file that cannot be read at all (missing, empty, not the format asked for)."""


@dataclass(frozen=True)
class Actors:
    """One side of an event as codes: full actor codes (``HUNGOV``) and the countries they name (``HUN``)."""

    codes: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Coding:
    """One event, gold or predicted: its label in each scored dimension, and its source and target."""

    labels: Mapping[str, str]
    source: Actors = Actors()
    target: Actors = Actors()

    def label(self, dimension: str) -> str | None:
        return self.labels.get(dimension)


@dataclass
class GoldRecord:
    id: str
    text: str
    date: str
    events: list[Coding]  # empty: the record expects no event
    where: str = ""  # file:line, for messages
    category: str | None = None


@dataclass
class Problems:
    """Malformed or unknown input, counted by reason, with the first few places for the report."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, reason: str, where: str) -> None:
        self.counts[reason] += 1
        if len(self.examples) < _EXAMPLES:
            self.examples.append(f"{where}: {reason}")

    def to_dict(self) -> dict:
        return {"total": sum(self.counts.values()), "by_reason": dict(self.counts.most_common()),
                "examples": self.examples}


@dataclass
class GoldSet:
    """The records of one gold file, and how to score them."""

    path: Path
    format: str
    records: list[GoldRecord]
    dimensions: tuple[str, ...]  # scored label dimensions, the first one the main (confusion, worst examples)
    matching: str  # "first": one gold event against the first predicted one; "all": every event, as a multiset
    error_records: list[GoldRecord] = field(default_factory=list)  # PETRARCH's expected-error cases
    left_out: Counter[str] = field(default_factory=Counter)  # well-formed records not scored, by reason
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)

    @property
    def main(self) -> str:
        return self.dimensions[0]


# -- labels ----------------------------------------------------------------------------------------

def cameo_labels(code: str, cameo: Mapping[str, CameoRow]) -> dict[str, str]:
    """Every label a CAMEO code decides: the code itself, and root, quad class, five-class and PLOVER event
    when its root is a CAMEO root. A code CAMEO lacks (PETRARCH's test codes "903", "174L") is read through
    its nearest ancestor that exists."""
    labels = {"cameo": code}
    root = cameo.get(code[:2])
    if root is None:
        return labels
    labels.update(root=root.code, quad=str(root.quad_class), **{"class": penta_class(code)})
    row = next((cameo[c] for c in (code, code[:3]) if c in cameo), root)
    if row.plover_event:
        labels["plover"] = row.plover_event
    return labels


def actor_side(codes: Iterable[str]) -> Actors:
    """Gold actor codes to an :class:`Actors`: the first three letters are the country (or IGO, NGO);
    ``---`` is PETRARCH's unknown country and names none."""
    full = {c.strip().upper() for c in codes if c and c.strip()}
    countries = {c[:3] for c in full if len(c) >= 3 and c[:3].isalpha()}
    return Actors(frozenset(full), frozenset(countries))


# -- reading ---------------------------------------------------------------------------------------

def read_gold(path: Path, fmt: str, cameo: Mapping[str, CameoRow]) -> GoldSet:
    """Read a gold file in ``fmt`` (or the format its first bytes show, for ``auto``)."""
    if not path.is_file():
        raise GoldError(f"{path}: {'a folder, not a gold file' if path.is_dir() else 'no such file'}")
    try:
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror}") from None
    if not raw.strip():
        raise GoldError(f"{path}: empty")
    fmt = detect_format(raw) if fmt == "auto" else fmt
    readers = {"tsv": _read_tsv, "plover": _read_plover, "petrarch": _read_petrarch}
    if fmt not in readers:
        raise GoldError(f"unknown gold format {fmt!r} (choose from {', '.join(FORMATS)})")
    gold = readers[fmt](path, raw, cameo)
    _unique_ids(gold.records + gold.error_records)
    if not gold.records and not gold.error_records:
        raise GoldError(f"{path}: no {fmt} gold records found ({gold.problems.to_dict()['total']} malformed)")
    return gold


def detect_format(raw: str) -> str:
    head = raw.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("<"):
        return "petrarch"
    if head.startswith(("[", "{")) or head.startswith("plover_id\t"):
        return "plover"
    return "tsv"


def _unique_ids(records: list[GoldRecord]) -> None:
    for record, unique in zip(records, unique_ids(r.id for r in records), strict=True):
        record.id = unique


def unique_ids(ids: Iterable[str]) -> list[str]:
    """The ids with ``#2``, ``#3``, ... added to the later occurrences of a repeated one."""
    seen: Counter[str] = Counter()
    unique = []
    for doc_id in ids:
        seen[doc_id] += 1
        unique.append(doc_id if seen[doc_id] == 1 else f"{doc_id}#{seen[doc_id]}")
    return unique


def _read_tsv(path: Path, raw: str, cameo: Mapping[str, CameoRow]) -> GoldSet:
    gold = GoldSet(path, "tsv", [], ("class",), "first")
    lines = [line for line in raw.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        where = f"{path.name}: sentence s{index}"
        text, _, label = line.rstrip("\r\n").rpartition("\t")
        if not text.strip() or label.strip() not in ("0", "1", "2", "3", "4"):
            gold.problems.add("not sentence<TAB>class 0-4", where)
            continue
        gold.records.append(GoldRecord(f"s{index}", text.strip(), DEFAULT_DATE,
                                       [Coding({"class": label.strip()})], where))
    return gold


# PLOVER ---------------------------------------------------------------------------------------------

def _read_plover(path: Path, raw: str, cameo: Mapping[str, CameoRow]) -> GoldSet:
    gold = GoldSet(path, "plover", [], ("plover", "root", "quad"), "first")
    known = {row.plover_event for row in cameo.values() if row.plover_event}
    if raw.lstrip("\ufeff").startswith("plover_id\t"):
        gold.notes.append(f"CAMEO codes: the join's own, where its token Jaccard >= {JOIN_MIN_JACCARD}")
        items = [(f"{path.name}:{n + 2}", _record_of_join_row(row)) for n, row in enumerate(_join_rows(raw))]
        codes: dict[str, str] = {}
    else:
        items = list(_plover_items(path, raw, gold.problems))
        codes = _join_codes(path, gold.notes)
    read = [(record, item) for where, item in items if (record := _plover_record(item, where, known, gold))]
    _unique_ids([record for record, _ in read])  # before the join's codes are looked up under the same ids
    for record, item in read:
        code = codes.get(record.id) or (item.get("cameo") if isinstance(item, dict) else None)
        if code and "root" in cameo_labels(code, cameo):
            event = record.events[0]  # the record's own PLOVER event stays: the join only adds the CAMEO code
            record.events[0] = Coding({**cameo_labels(code, cameo), **event.labels}, event.source, event.target)
        gold.records.append(record)
    return gold


def _plover_items(path: Path, raw: str, problems: Problems) -> Iterator[tuple[str, object]]:
    """The records of a JSON list, or of JSONL (a line that is not JSON is counted and skipped)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, list):
        yield from ((f"{path.name}: record {n + 1}", item) for n, item in enumerate(data))
        return
    if isinstance(data, dict):
        yield f"{path.name}: record 1", data
        return
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{path.name}:{n}", json.loads(line)
        except json.JSONDecodeError:
            problems.add("not JSON", f"{path.name}:{n}")


def _plover_record(item: object, where: str, known: set[str], gold: GoldSet) -> GoldRecord | None:
    if not isinstance(item, dict):
        gold.problems.add("a record must be a JSON object", where)
        return None
    event = str(item.get("event") or "").strip().upper()
    if event == "DOCUMENT":  # PLOVER's in-file documentation, not a coded sentence
        gold.left_out["documentation record"] += 1
        return None
    event = RENAMED.get(event, event)
    text, doc_id = item.get("text"), item.get("id")
    if not isinstance(text, str) or not text.strip() or not doc_id:
        gold.problems.add("no id or no text", where)
        return None
    if event not in known:
        gold.problems.add(f"unknown PLOVER event {event or '(none)'}", where)
        return None
    source = _plover_side(item.get("source"), "source", where, gold.problems)
    target = _plover_side(item.get("target"), "target", where, gold.problems)
    date = item.get("date") if isinstance(item.get("date"), str) and item.get("date") else DEFAULT_DATE
    return GoldRecord(str(doc_id), text.strip(), date, [Coding({"plover": event}, source, target)], where)


def _plover_side(value: object, side: str, where: str, problems: Problems) -> Actors:
    """A PLOVER actor list: ``[{"actorText", "code": "HUN", "sector": "GOV"}]``; the full code joins the
    country and the first sector (``HUNGOV``), as accord's codes do; ``***`` is no sector."""
    if not value:
        return Actors()
    if not isinstance(value, list):
        problems.add(f"{side} is not a list of actors", where)
        return Actors()
    codes = []
    for actor in value:
        if not isinstance(actor, dict) or not isinstance(actor.get("code"), str):
            problems.add(f"{side} actor without a code", where)
            continue
        sector = str(actor.get("sector") or "")[:3].upper()
        codes.append(actor["code"] + (sector if sector.isalpha() else ""))
    return actor_side(codes)


def _join_rows(raw: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE))


def _record_of_join_row(row: dict[str, str]) -> dict:
    """A join TSV row as a PLOVER record, its CAMEO code kept only where the match is close."""
    def actors(cell: str | None) -> list[dict]:
        return [{"code": c[:3], "sector": c[3:]} for c in (cell or "").split(";") if c.strip()]

    return {"id": row.get("plover_id"), "event": row.get("plover_event"), "text": row.get("plover_text"),
            "source": actors(row.get("source_codes")), "target": actors(row.get("target_codes")),
            "cameo": row.get("cameo_code_of_best_match") if _close(row) else None}


def _close(row: dict[str, str]) -> bool:
    try:
        return float(row.get("token_jaccard") or 0) >= JOIN_MIN_JACCARD
    except ValueError:
        return False


def _join_codes(path: Path, notes: list[str]) -> dict[str, str]:
    """CAMEO codes from the derived join TSV beside the PLOVER JSON, where one is there."""
    joins = sorted(path.parent.glob("*cameo*join*.tsv"))
    if len(joins) != 1:
        return {}
    rows = [row for row in _join_rows(joins[0].read_text(encoding="utf-8", errors="replace")) if row.get("plover_id")]
    codes = {doc_id: row["cameo_code_of_best_match"]
             for doc_id, row in zip(unique_ids(row["plover_id"] for row in rows), rows, strict=True)
             if row.get("cameo_code_of_best_match") and _close(row)}
    notes.append(f"CAMEO codes for {len(codes)} records from {joins[0].name} (token Jaccard >= {JOIN_MIN_JACCARD}); "
                 "roots and quad classes are scored on those only")
    return codes


# PETRARCH -------------------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ATTRIBUTE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def _read_petrarch(path: Path, raw: str, cameo: Mapping[str, CameoRow]) -> GoldSet:
    """Read with regular expressions, not an XML parser: the UD suite is not well-formed XML (a comment
    holds another comment), and PETRARCH's own validator reads it the same forgiving way."""
    gold = GoldSet(path, "petrarch", [], ("root", "cameo", "quad", "plover"), "all")
    body = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), raw)  # blank comments, keep line numbers
    starts = [m.start() for m in re.finditer(r"<Sentence\b", body)]
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        chunk = body[start:end].split("</Sentence>", 1)[0]
        where = f"{path.name}:{body.count(chr(10), 0, start) + 1}"
        _petrarch_record(chunk, where, gold, cameo)
    return gold


def _petrarch_record(chunk: str, where: str, gold: GoldSet, cameo: Mapping[str, CameoRow]) -> None:
    attributes = dict(_ATTRIBUTE.findall(chunk.split(">", 1)[0]))
    text = _TEXT.search(chunk)
    if not attributes.get("id") or not text or not text.group(1).strip():
        gold.problems.add("a Sentence without id or Text", where)
        return
    if attributes.get("evaluate", "").lower() == "false":
        gold.left_out['evaluate="false"'] += 1
        return
    events = []
    for coding in _CODING.findall(chunk):
        fields = dict(_ATTRIBUTE.findall(coding))
        if "eventcode" not in fields:  # noevents="True", error="..."
            continue
        code = fields["eventcode"].strip()
        if not code:
            gold.problems.add("an EventCoding with an empty event code", where)
            return
        if "root" not in cameo_labels(code, cameo):  # the suites' own test codes ("903"): no root to score
            gold.problems.add(OUTSIDE_CAMEO, f"{where} {code}")
        events.append(Coding(cameo_labels(code, cameo), _petrarch_side(fields.get("sourcecode")),
                             _petrarch_side(fields.get("targetcode"))))
    record = GoldRecord(attributes["id"], " ".join(text.group(1).split()), _iso_date(attributes.get("date")),
                        events, where, attributes.get("category"))
    (gold.error_records if record.category == "ERROR" else gold.records).append(record)


def _petrarch_side(code: str | None) -> Actors:
    return actor_side((code or "").split("/"))  # "FRO/BIL/SAM": a compound actor


def _iso_date(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 else DEFAULT_DATE
