"""Benchmark: knowledge-base load time, and phrase matching speed against spaCy's PhraseMatcher.

    .venv/bin/python bench/knowledge_load.py

1. Loading every knowledge file and building the resolver, against the 2-second target.
2. Matching the knowledge vocabulary in news phrases with accord's matcher, against a baseline measured in
   the same run: spaCy's tokenizer + PhraseMatcher (attr LOWER) loaded with the same patterns. Both sides
   only find matches; then full resolution (matching + deciding country, sector and office) is timed too.
"""

from __future__ import annotations

import statistics
import time

import spacy
from spacy.matcher import PhraseMatcher

from accord.actors import ActorResolver
from accord.knowledge import load_knowledge
from accord.text.tokens import tokenize

PHRASES = [
    "Japanese Prime Minister Sanae Takaichi", "Japan's prime minister", "the Kremlin", "Thai troops",
    "Cambodian Prime Minister Hun Manet", "the Chinese commerce ministry", "US lawmakers", "NATO",
    "South Korean President Lee Jae-myung", "Russia's ambassador to Poland", "Iranian protesters", "Xi",
    "officials of the European Commission in Brussels", "a former CIA official", "Hamas gunmen in Gaza City",
] * 400


def _rate(fn, items) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - started)


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
    print(f"knowledge load {load:.3f} s + resolver build {build:.3f} s (median of 5) = {load + build:.3f} s; "
          f"{(load + build) / 2.0:.2f} of the 2 s target")

    nlp = spacy.blank("en")
    started = time.perf_counter()
    phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    texts = sorted({" ".join(p.raw) for entries in resolver.vocabulary.patterns.values() for p in entries})
    phrase_matcher.add("KB", list(nlp.tokenizer.pipe(texts)))
    print(f"spaCy PhraseMatcher built with {len(texts):,} patterns in {time.perf_counter() - started:.2f} s")

    baseline = _rate(lambda text: phrase_matcher(nlp.make_doc(text)), PHRASES)
    ours = _rate(lambda text: resolver.matches(tokenize(text)), PHRASES)
    full = _rate(lambda text: resolver.resolve(text, "2025-10-28"), PHRASES)
    print(f"matching: accord {ours:,.0f} phrases/s vs spaCy tokenizer+PhraseMatcher {baseline:,.0f}/s "
          f"= {ours / baseline:.2f}x")
    print(f"full resolution (match + country, sector, office on the date): {full:,.0f} phrases/s "
          f"= {full / baseline:.2f}x the PhraseMatcher baseline")


if __name__ == "__main__":
    main()
