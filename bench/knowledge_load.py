"""Benchmark: how long loading the knowledge base and building the resolver take, and resolution speed.

    .venv/bin/python bench/knowledge_load.py

Prints the load time against the 2-second target, and phrases resolved per second against a baseline
measured in the same run: a plain dict lookup of the same phrases (the floor any resolver must pay).
"""

from __future__ import annotations

import statistics
import time

from accord.actors import ActorResolver
from accord.knowledge import load_knowledge

PHRASES = [
    "Japanese Prime Minister Sanae Takaichi", "Japan's prime minister", "the Kremlin", "Thai troops",
    "Cambodian Prime Minister Hun Manet", "the Chinese commerce ministry", "US lawmakers", "NATO",
    "South Korean President Lee Jae-myung", "Russia's ambassador to Poland", "Iranian protesters", "Xi",
] * 500


def main() -> None:
    loads, builds = [], []
    for _ in range(5):
        started = time.perf_counter()
        kb = load_knowledge()
        loaded = time.perf_counter()
        resolver = ActorResolver(kb)
        loads.append(loaded - started)
        builds.append(time.perf_counter() - loaded)
    load, build = statistics.median(loads), statistics.median(builds)
    print(f"knowledge load: {load:.3f} s (median of 5); resolver build: {build:.3f} s; "
          f"together {load + build:.3f} s = {(load + build) / 2.0:.2f} of the 2 s target")

    table = {phrase: phrase.lower() for phrase in PHRASES}
    started = time.perf_counter()
    for phrase in PHRASES:
        table.get(phrase)
    baseline = len(PHRASES) / (time.perf_counter() - started)
    started = time.perf_counter()
    for phrase in PHRASES:
        resolver.resolve(phrase, "2025-10-28")
    rate = len(PHRASES) / (time.perf_counter() - started)
    print(f"resolve: {rate:,.0f} phrases/s; dict-lookup baseline {baseline:,.0f}/s; ratio {rate / baseline:.4f}")


if __name__ == "__main__":
    main()
