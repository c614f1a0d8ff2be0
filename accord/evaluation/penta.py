"""Five-class event scoring on sentence/label TSV files (``../shared/eval/conflibert-train/train.tsv``).

Classes: 0 = CAMEO roots 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16, 4 = 14-15 and 17-20. A sentence's
class is the class of its first event; a sentence with no event counts as wrong.

    python -m accord.evaluation.penta ../shared/eval/conflibert-train/train.tsv
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from accord.coding.coder import Coder
from accord.text.documents import Document

CLASSES = "01234"


def penta_class(cameo: str) -> str:
    root = int(cameo[:2])
    return "0" if root <= 2 else "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 or root == 16 else "4"


def score(path: Path, coder: Coder | None = None) -> dict:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = coder or Coder()
    docs = [Document(id=str(i), text=text, date="2000-01-01") for i, (text, _) in enumerate(rows)]
    predicted = {r.doc.id: penta_class(r.events[0].cameo.code) if r.events else None
                 for r in coder.code_documents(docs)}
    gold = [label for _, label in rows]
    pred = [predicted.get(str(i)) for i in range(len(rows))]
    per_class = {}
    for c in CLASSES:
        tp = sum(p == c and g == c for p, g in zip(pred, gold, strict=True))
        fp = sum(p == c and g != c for p, g in zip(pred, gold, strict=True))
        fn = sum(p != c and g == c for p, g in zip(pred, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    return {
        "sentences": len(rows),
        "coverage": round(sum(p is not None for p in pred) / len(pred), 3),
        "macro_f1": round(sum(v["f1"] for v in per_class.values()) / len(CLASSES), 3),
        "by_class": per_class,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    print(json.dumps(score(parser.parse_args().path), indent=1))


if __name__ == "__main__":
    main()
