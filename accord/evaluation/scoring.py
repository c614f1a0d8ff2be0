"""Scores for ``accord evaluate``: coded events against a :class:`~accord.evaluation.gold.GoldSet`.

Every gold and predicted event is a :class:`Coding` with one label a dimension (``class``, ``root``,
``cameo``, ``quad``, ``plover``). Within each gold record the gold and predicted labels are paired up:

- ``first`` matching (one expected event a record): the gold label against the label of the record's first
  predicted event; no event, or a first event without a label in that dimension, is a miss;
- ``all`` matching (PETRARCH: every coding is expected): equal labels pair first, then the rest pair in order
  as substitutions, then what is left pairs with nothing (a miss or a spurious event).

Precision, recall and F1 of each label follow from the pairs; micro sums the counts over labels, macro
averages the per-label scores over every label in the gold or the predictions (as scikit-learn does).
A record whose gold lacks a label in a dimension (a PLOVER record with no CAMEO code, for roots) is not
scored in that dimension.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import TYPE_CHECKING

from accord.evaluation.gold import OUTSIDE_CAMEO, Actors, Coding, GoldRecord, GoldSet, Problems, cameo_labels
from accord.knowledge.schemas import CameoRow
from accord.text.documents import Document

if TYPE_CHECKING:  # the coder (and spaCy behind it) is loaded only when --code asks for it
    from accord.coding.coder import Coder

Pair = tuple[str | None, str | None]  # (gold label, predicted label); None: no event there
_CODE = re.compile(r"^\d{2}[0-9A-Za-z]{0,3}$")  # CAMEO's, and PETRARCH dictionaries' own ("903", "174L")
NONE = "-"  # how "no event" shows in the confusion table


@dataclass
class Predictions:
    """Predicted events by document id, in the order they were read (the first is a record's first)."""

    by_doc: dict[str, list[Coding]] = field(default_factory=dict)
    origin: str = ""
    events: int = 0
    problems: Problems = field(default_factory=Problems)
    skipped: Counter[str] = field(default_factory=Counter)  # documents the coder skipped, by reason

    def add(self, doc_id: str, coding: Coding) -> None:
        self.by_doc.setdefault(doc_id, []).append(coding)
        self.events += 1


# -- predictions -----------------------------------------------------------------------------------

def coding_of_record(record: object, cameo: Mapping[str, CameoRow]) -> tuple[str, Coding] | str:
    """An accord output record (design.md's contract) as ``(doc_id, Coding)``, or why it cannot be read."""
    if not isinstance(record, dict):
        return "not a JSON object"
    doc_id = record.get("doc_id")
    if doc_id is None or doc_id == "":
        return "no doc_id"
    code = str(record.get("cameo") or "")
    if not _CODE.match(code):
        return "no event code"
    labels = cameo_labels(code, cameo)
    plover = record.get("plover")
    if isinstance(plover, dict):  # what the coder said wins over what this knowledge base would say
        labels.pop("plover", None)
        if plover.get("event"):
            labels["plover"] = str(plover["event"])
    if type(record.get("quad_class")) is int and record["quad_class"] in (1, 2, 3, 4):  # not True, not "1"
        labels["quad"] = str(record["quad_class"])
    return str(doc_id), Coding(labels, _predicted_side(record.get("source")), _predicted_side(record.get("target")))


def _predicted_side(actor: object) -> Actors:
    """A predicted actor matches gold by its code, and by country: its country or its code's first three
    letters (``IGOUNO`` is the IGO slot of CAMEO codes, ``UNO`` its country field)."""
    if not isinstance(actor, dict) or not actor.get("code"):
        return Actors()
    code = str(actor["code"]).upper()
    countries = {str(actor.get("country") or "").upper(), code[:3]}
    return Actors(frozenset({code}), frozenset(c for c in countries if len(c) == 3 and c.isalpha()))


def read_predictions(lines: Iterable[str] | str, origin: str, cameo: Mapping[str, CameoRow]) -> Predictions:
    """accord's JSONL output (lines, or the whole text), one event a line; a line that cannot be read is
    counted with its reason."""
    predictions = Predictions(origin=origin)
    if isinstance(lines, str):  # the whole file's text, not its lines: iterating would give characters
        lines = lines.splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            predictions.problems.add("not JSON", f"{origin}:{number}")
            continue
        _add(predictions, coding_of_record(record, cameo), f"{origin}:{number}")
    return predictions


def _add(predictions: Predictions, read: tuple[str, Coding] | str, where: str) -> None:
    if isinstance(read, str):
        predictions.problems.add(read, where)
        return
    predictions.add(*read)
    if "root" not in read[1].labels:  # a PETRARCH dictionary's own code: kept for the full-code scores
        predictions.problems.add(OUTSIDE_CAMEO, f"{where} {read[1].labels['cameo']}")


def code_gold(records: Iterable[GoldRecord], coder: Coder, cameo: Mapping[str, CameoRow]) -> Predictions:
    """Code the gold texts with ``coder`` under the gold ids."""
    from accord import __version__

    predictions = Predictions(origin=f"accord {__version__} (--code)")
    documents = (Document(id=r.id, text=r.text, date=r.date) for r in records)
    for result in coder.code_documents(documents):
        if result.skipped:
            predictions.skipped[result.skipped] += 1
        for event in result.events:
            _add(predictions, coding_of_record(event.to_record(), cameo), result.doc.id)
    return predictions


# -- pairing ---------------------------------------------------------------------------------------

def align(gold: list[str], predicted: list[str]) -> list[Pair]:
    """Pair two label lists as multisets: equal labels first, then the rest in order."""
    common = Counter(gold) & Counter(predicted)
    pairs: list[Pair] = [(label, label) for label in common.elements()]
    return pairs + list(zip_longest(_rest(gold, common), _rest(predicted, common)))


def _rest(labels: list[str], taken: Counter[str]) -> list[str]:
    used: Counter[str] = Counter()
    rest = []
    for label in labels:
        if used[label] < taken[label]:
            used[label] += 1
        else:
            rest.append(label)
    return rest


def record_pairs(record: GoldRecord, predicted: list[Coding], dimension: str, matching: str) -> list[Pair] | None:
    """The pairs of one record in one dimension, or None where its gold has no label there."""
    gold = [event.label(dimension) for event in record.events]
    if any(label is None for label in gold):
        return None
    labels = [event.label(dimension) for event in predicted]
    if matching == "first":
        first = labels[0] if labels else None
        return [(gold[0], first)] if gold else ([(None, first)] if first else [])
    return align(gold, [label for label in labels if label is not None])


def align_events(gold: list[Coding], predicted: list[Coding],
                 keys: Iterable[Callable[[Coding, Coding], bool]]) -> list[tuple[Coding | None, Coding | None]]:
    """Pair events: by each test in turn (the strictest first), then the rest in order."""
    gold_left, predicted_left = list(gold), list(predicted)
    pairs: list[tuple[Coding | None, Coding | None]] = []
    for same in keys:
        for g in list(gold_left):
            match = next((i for i, p in enumerate(predicted_left) if same(g, p)), None)
            if match is not None:
                pairs.append((g, predicted_left.pop(match)))
                gold_left.remove(g)
    return pairs + list(zip_longest(gold_left, predicted_left))


def same_event(gold: Coding, predicted: Coding) -> bool:
    """The same full CAMEO code between the same actors (a side the gold leaves empty must stay empty)."""
    return (gold.label("cameo") == predicted.label("cameo")
            and _same_side(gold.source, predicted.source) and _same_side(gold.target, predicted.target))


def _same_side(gold: Actors, predicted: Actors) -> bool:
    return bool(gold.codes & predicted.codes) if gold.codes else not predicted.codes


def _same(dimension: str) -> Callable[[Coding, Coding], bool]:
    return lambda g, p: g.label(dimension) is not None and g.label(dimension) == p.label(dimension)


def event_pairs(gold: GoldSet, predictions: Predictions) -> Iterator[tuple[GoldRecord, Coding | None, Coding | None]]:
    """Each gold event with the predicted event it is compared with (for actors and examples)."""
    for record in gold.records:
        predicted = predictions.by_doc.get(record.id, [])
        if gold.matching == "first":
            pairs = list(zip_longest(record.events[:1], predicted[:1]))
        else:
            pairs = align_events(record.events, predicted, [same_event, _same("cameo"), _same("root")])
        for g, p in pairs:
            yield record, g, p


# -- metrics ---------------------------------------------------------------------------------------

def ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def scores(correct: int, predicted: int, gold: int) -> dict:
    precision, recall = ratio(correct, predicted), ratio(correct, gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": gold, "predicted": predicted,
            "correct": correct}


def label_scores(pairs: Iterable[Pair]) -> dict:
    """Per-label, micro and macro precision, recall and F1 of a list of pairs."""
    right, predicted, gold = Counter(), Counter(), Counter()
    for g, p in pairs:
        right[g] += g == p
        predicted[p] += p is not None
        gold[g] += g is not None
    labels = sorted(label for label in set(gold) | set(predicted) if label is not None and
                    (gold[label] or predicted[label]))
    per_label = {label: scores(right[label], predicted[label], gold[label]) for label in labels}
    micro = scores(sum(right[label] for label in labels), sum(predicted[label] for label in labels),
                   sum(gold[label] for label in labels))
    macro = {key: round(sum(s[key] for s in per_label.values()) / len(labels), 4) if labels else 0.0
             for key in ("precision", "recall", "f1")}
    return {"micro": micro, "macro": macro, "labels": per_label}


def confusion(pairs: Iterable[Pair]) -> dict[str, dict[str, int]]:
    """Gold label (rows) by predicted label (columns); ``-`` is no event."""
    counts = Counter((g or NONE, p or NONE) for g, p in pairs)
    table: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(counts.items()):
        table.setdefault(g, {})[p] = n
    return table


def dimension_report(gold: GoldSet, predictions: Predictions, dimension: str) -> dict:
    by_record = {r.id: record_pairs(r, predictions.by_doc.get(r.id, []), dimension, gold.matching)
                 for r in gold.records}
    scored = {rid: pairs for rid, pairs in by_record.items() if pairs is not None}
    pairs = [pair for record_pairs_ in scored.values() for pair in record_pairs_]
    exact = sum(all(g == p for g, p in record_pairs_) for record_pairs_ in scored.values())
    return {"records": len(scored), "unscorable": len(by_record) - len(scored), "accuracy": ratio(exact, len(scored)),
            **label_scores(pairs), "confusion": confusion(pairs)}


_SIDES = {"source": lambda c: c.source, "target": lambda c: c.target}


def dyad_report(gold: GoldSet, predictions: Predictions) -> dict:
    """Actor accuracy over the gold events that name the side: right / gold (a missing event is wrong)
    and right / coded (only where an event was predicted), by country and by full actor code."""
    counts: Counter[str] = Counter()
    by_code: dict[str, Counter[str]] = {}
    for _record, g, p in event_pairs(gold, predictions):
        if g is None:
            continue
        for kind in ("countries", "codes"):
            hits = {}
            for side, of in _SIDES.items():
                wanted: frozenset[str] = getattr(of(g), kind)
                if not wanted:
                    continue
                hits[side] = bool(p and wanted & getattr(of(p), kind))
                _count(counts, f"{side}_{kind}", p is not None, hits[side])
                if kind == "codes":
                    for code in wanted:
                        by_code.setdefault(code, Counter()).update(gold=1, right=int(bool(p and code in of(p).codes)))
            if len(hits) == 2:
                _count(counts, f"both_{kind}", p is not None, all(hits.values()))
    report = {name: {"gold": counts[f"{name}:gold"], "coded": counts[f"{name}:coded"], "right": counts[f"{name}:right"],
                     "accuracy": ratio(counts[f"{name}:right"], counts[f"{name}:gold"]),
                     "accuracy_when_coded": ratio(counts[f"{name}:right"], counts[f"{name}:coded"])}
              for name in (f"{s}_{k}" for k in ("countries", "codes") for s in ("source", "target", "both"))}
    report["by_code"] = {code: {"gold": c["gold"], "right": c["right"], "accuracy": ratio(c["right"], c["gold"])}
                         for code, c in sorted(by_code.items(), key=lambda item: (-item[1]["gold"], item[0]))}
    return report


def _count(counts: Counter[str], name: str, coded: bool, right: bool) -> None:
    counts[f"{name}:gold"] += 1
    counts[f"{name}:coded"] += coded
    counts[f"{name}:right"] += right


def exact_records(gold: GoldSet, predictions: Predictions) -> dict:
    """Records whose predicted events are exactly the expected ones: code, source and target (PETRARCH's
    own pass criterion)."""
    passed = 0
    for record in gold.records:
        pairs = align_events(record.events, predictions.by_doc.get(record.id, []), [same_event])
        passed += all(g is not None and p is not None and same_event(g, p) for g, p in pairs)
    return {"records": len(gold.records), "passed": passed, "rate": ratio(passed, len(gold.records))}


def error_report(gold: GoldSet, predictions: Predictions) -> dict:
    """PETRARCH's ERROR records expect the coder to refuse the input: any event there is counted."""
    coded = [r.id for r in gold.error_records if predictions.by_doc.get(r.id)]
    return {"records": len(gold.error_records), "with_events": len(coded), "ids_with_events": coded}


# -- worst examples --------------------------------------------------------------------------------

def worst_examples(gold: GoldSet, predictions: Predictions, n: int, conflict: Mapping[str, bool]) -> list[dict]:
    """The ``n`` records that went most wrong: a miss or a spurious event costs 1, a wrong label 1 more when
    it turns cooperation into conflict or back; wrong actors count after that."""
    actor_misses: Counter[str] = Counter()
    for record, g, p in event_pairs(gold, predictions):
        if g is not None:
            actor_misses[record.id] += sum(bool(of(g).countries) and not (p and of(g).countries & of(p).countries)
                                           for of in _SIDES.values())
    ranked = []
    for index, record in enumerate(gold.records):
        predicted = predictions.by_doc.get(record.id, [])
        pairs = record_pairs(record, predicted, gold.main, gold.matching) or []
        cost = sum(_cost(gold.main, g, p, conflict) for g, p in pairs)
        if cost or actor_misses[record.id]:
            ranked.append((-cost, -actor_misses[record.id], index, record, predicted))
    ranked.sort(key=lambda item: item[:3])
    return [{"id": record.id, "text": record.text, "cost": -cost, "actor_misses": -misses,
             "gold": [describe(e) for e in record.events], "predicted": [describe(e) for e in predicted]}
            for cost, misses, _, record, predicted in ranked[:n]]


def _cost(dimension: str, gold: str | None, predicted: str | None, conflict: Mapping[str, bool]) -> int:
    if gold == predicted:
        return 0
    if gold is None or predicted is None:
        return 1
    sides = {_is_conflict(dimension, gold, conflict), _is_conflict(dimension, predicted, conflict)}
    return 2 if sides == {True, False} else 1


def _is_conflict(dimension: str, label: str, conflict: Mapping[str, bool]) -> bool | None:
    """Whether a label is on the conflict side (GDELT quad classes 3 and 4); None where it is both."""
    if dimension == "plover":
        return conflict.get(label)
    if dimension in ("quad", "class"):
        return label >= "3"
    return label[:2] >= "09"  # root or full CAMEO code: roots 09-20 are quad classes 3 and 4


def plover_conflict(cameo: Mapping[str, CameoRow]) -> dict[str, bool]:
    """Each PLOVER event's side, from the quad classes of the CAMEO codes that map to it (REQUEST, made of
    both roots 02 and 10, has none)."""
    quads: dict[str, set[bool]] = {}
    for row in cameo.values():
        if row.plover_event:
            quads.setdefault(row.plover_event, set()).add(row.quad_class >= 3)
    return {event: sides.pop() for event, sides in quads.items() if len(sides) == 1}


def describe(coding: Coding) -> dict:
    return {"labels": dict(coding.labels), "source": sorted(coding.source.codes), "target": sorted(coding.target.codes)}


# -- the whole report ------------------------------------------------------------------------------

def score(gold: GoldSet, predictions: Predictions, cameo: Mapping[str, CameoRow], worst: int = 10) -> dict:
    """Every figure ``accord evaluate`` prints, as one JSON-ready dict."""
    ids = {r.id for r in gold.records} | {r.id for r in gold.error_records}
    unknown = {doc: len(events) for doc, events in predictions.by_doc.items() if doc not in ids}
    covered = sum(bool(predictions.by_doc.get(r.id)) for r in gold.records)
    report: dict = {
        "gold": {"path": str(gold.path), "format": gold.format, "matching": gold.matching,
                 "records": len(gold.records), "error_records": len(gold.error_records),
                 "left_out": dict(gold.left_out), "problems": gold.problems.to_dict(), "notes": gold.notes},
        "predictions": {"from": predictions.origin, "events": predictions.events,
                        "unknown_documents": {"documents": len(unknown), "events": sum(unknown.values()),
                                              "examples": sorted(unknown)[:5]},
                        "coder_skipped": dict(predictions.skipped), "problems": predictions.problems.to_dict()},
        "coverage": {"records": len(gold.records), "with_events": covered, "rate": ratio(covered, len(gold.records))},
        "main": gold.main,
        "dimensions": {d: dimension_report(gold, predictions, d) for d in gold.dimensions},
        "dyads": dyad_report(gold, predictions),
    }
    if gold.matching == "all":
        report["exact_records"] = exact_records(gold, predictions)
    if gold.format == "petrarch":
        report["error_records"] = error_report(gold, predictions)
    report["worst"] = worst_examples(gold, predictions, worst, plover_conflict(cameo))
    return report
