"""Score the coder on the PLOVER gold-standard records (``../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.txt``):
PLOVER event precision and recall of each record's first event, and source and target country accuracy.

    python -m accord.evaluation.plover_gold ../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.txt

The gold records use PLOVER 0.5 event names; they are read as their PLOVER 2021 successors (DEMAND is
REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT). Gold actor codes are CAMEO's, whose
country part is not always ISO3 (JAP for Japan): those count as misses, as they would for any ISO3 coder.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from accord.coding.coder import Coder
from accord.text.documents import Document

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _countries(actors: object) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {str(a.get("code", ""))[:3] for a in actors if isinstance(a, dict) and a.get("code")}


def score(path: Path, coder: Coder | None = None) -> dict:
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text") and r["event"] != "DOCUMENT"]
    coder = coder or Coder()
    docs = [Document(id=r["id"], text=r["text"], date=r.get("date") or "2000-01-01") for r in records]
    firsts = {}
    for result in coder.code_documents(docs):
        firsts[result.doc.id] = result.events[0].to_record() if result.events else None
    coded = correct = 0
    per_event: Counter[tuple[str, str]] = Counter()
    sides = {"source": [0, 0], "target": [0, 0]}
    for record in records:
        gold = RENAMED.get(record["event"], record["event"])
        first = firsts.get(record["id"])
        got = (first or {}).get("plover", {}).get("event") if first else None
        coded += first is not None
        correct += got == gold
        per_event[(gold, "gold")] += 1
        per_event[(gold, "right")] += got == gold
        if got:
            per_event[(got, "found")] += 1
        for side in ("source", "target"):
            wanted = _countries(record.get(side))
            if wanted:
                sides[side][1] += 1
                actor = (first or {}).get(side) or {}
                sides[side][0] += (actor.get("country") or (actor.get("code") or "")[:3]) in wanted
    events = sorted({e for e, _ in per_event})
    return {
        "records": len(records),
        "coded": coded,
        "precision": round(correct / coded, 3) if coded else 0.0,
        "recall": round(correct / len(records), 3),
        "source_country_accuracy": round(sides["source"][0] / max(sides["source"][1], 1), 3),
        "target_country_accuracy": round(sides["target"][0] / max(sides["target"][1], 1), 3),
        "by_event": {e: {"gold": per_event[(e, "gold")], "found": per_event[(e, "found")],
                         "right": per_event[(e, "right")]} for e in events},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = score(args.path)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{result['records']} records, {result['coded']} with an event")
    print(f"PLOVER event of the first event: precision {result['precision']:.3f}, recall {result['recall']:.3f}")
    print(f"source country accuracy {result['source_country_accuracy']:.3f}, "
          f"target country accuracy {result['target_country_accuracy']:.3f}")
    for event, row in result["by_event"].items():
        print(f"  {event:10} gold {row['gold']:3}  found {row['found']:3}  right {row['right']:3}")


if __name__ == "__main__":
    main()
