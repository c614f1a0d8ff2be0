"""Benchmark: loading the full Phoenix/PETRARCH-2 dictionaries (about 2.6 MB) and coding with them.

    .venv/bin/python bench/petrarch_load.py

Target: the full set loads in under 5 seconds. Prints the load time (fastest of 3), the counts, and the
coding speed on the development sentences with those dictionaries only (as `accord code --no-builtin`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PHOENIX = ROOT.parent / "shared" / "eval" / "phoenix-dictionaries"


def main() -> None:
    from accord.coding.coder import Coder
    from accord.compat.petrarch import load_dictionaries
    from accord.compat.petrarch.documents import PetrarchDocuments
    from accord.text.documents import Document

    files = {"verbs": [PHOENIX / "CAMEO.2.0.txt"],
             "actors": [PHOENIX / f"Phoenix.{n}.actors.txt" for n in ("Countries", "International", "MilNonState")],
             "agents": [PHOENIX / "Phoenix.agents.txt"], "discards": [PHOENIX / "Phoenix.discards.txt"]}
    times = []
    for _ in range(3):
        started = time.perf_counter()
        loaded = load_dictionaries(**files)
        times.append(time.perf_counter() - started)
    size = sum(p.stat().st_size for paths in files.values() for p in paths) / 1e6
    print(f"Phoenix dictionaries ({size:.1f} MB): loaded in {min(times):.2f} s (target < 5 s); {loaded.counts()}")
    rows = (ROOT.parent / "shared" / "eval" / "conflibert-train" / "train.tsv").read_text().splitlines()
    docs = [Document(id=str(i), text=r.split("\t")[0], date="2010-01-01") for i, r in enumerate(rows) if r]
    coder = PetrarchDocuments(loaded, Coder().kb.cameo)
    list(coder.code_documents(docs[:20]))  # model load
    started = time.perf_counter()
    events = sum(len(r.events) for r in coder.code_documents(docs))
    seconds = time.perf_counter() - started
    print(f"coding {len(docs)} sentences with them only: {seconds:.1f} s ({len(docs) / seconds:.0f} sentences/s), "
          f"{events} events")


if __name__ == "__main__":
    main()
