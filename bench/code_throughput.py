"""Benchmark: `accord code` throughput against parsing the same text with the same spaCy model's full
pipeline, one process on each side, measured in the same run; and accord's peak memory.

    .venv/bin/python bench/code_throughput.py [--repeat N]

Corpus: every news sentence of the development data in ../shared/eval (conflibert-train, the PLOVER gold
records and both PETRARCH suites; about 2,200 sentences), one document each, as `accord code` reads JSONL.
Both sides run as separate processes started from nothing (model load included), so the ratio is what a
user sees. Targets: ratio >= 1.5, accord peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

BASELINE = """
import sys, json, spacy
from accord.settings import spacy_model_name
nlp = spacy.load(spacy_model_name())
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
print(n)
"""


def corpus() -> list[str]:
    texts = [line.split("\t")[0] for line in (EVAL / "conflibert-train" / "train.tsv").read_text().splitlines() if line]
    gold = json.loads((EVAL / "plover-gsr" / "PLOVER_GSR_CAMEO.txt").read_text()) if (
        EVAL / "plover-gsr" / "PLOVER_GSR_CAMEO.txt").read_text().lstrip().startswith("[") else []
    texts += [g["text"] for g in gold if isinstance(g, dict) and g.get("text")]
    for suite in (EVAL / "petrarch-unittest" / "PETR.UnitTest.records.xml",
                  EVAL / "petrarch-ud-validate" / "PETR_Validate_records_2_02.xml"):
        raw = suite.read_text(encoding="utf-8", errors="replace")
        texts += [" ".join(t.split()) for t in re.findall(r"<Text>(.*?)</Text>", raw, re.S)]
    return [t for t in texts if t.strip()]


def run(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) of the child, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="use the corpus this many times")
    args = parser.parse_args()
    texts = corpus() * args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps({"id": f"s{i}", "date": "2025-01-01", "text": t}) + "\n"
                                for i, t in enumerate(texts)), encoding="utf-8")
        python = sys.executable
        base_s, base_rss, out = run([python, "-c", BASELINE, str(path)])
        sentences = int(out.strip())
        ours_s, ours_rss, _ = run([str(ROOT / ".venv" / "bin" / "accord"), "code", str(path), "-q",
                                   "-o", str(Path(tmp) / "events.jsonl")])
        events = sum(1 for _ in open(Path(tmp) / "events.jsonl", encoding="utf-8"))
    print(f"corpus: {len(texts)} documents, {sentences} sentences (spaCy's split)")
    print(f"baseline spaCy full pipeline ({'one process'}): {base_s:.1f} s = {sentences / base_s:.0f} sentences/s")
    print(f"accord code (one process): {ours_s:.1f} s = {sentences / ours_s:.0f} sentences/s, {events} events")
    print(f"ratio accord/baseline: {base_s / ours_s:.2f}x (target >= 1.5x)")
    print(f"peak memory: accord <= {ours_rss / 1024:.0f} MiB (target < 1024 MiB); "
          f"children max so far {base_rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
