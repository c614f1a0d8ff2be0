"""PLOVER intensities: how cooperative (positive) or conflictual (negative) an event of each PLOVER category is.

The categories are PLOVER's 16 event types as its specification defines them (Open Event Data Alliance,
"PLOVER: Political Language Ontology for Verifiable Event Records", openeventdata/PLOVER, PLOVER_MANUAL; the
same list accord's CAMEO table maps onto, see accord/knowledge/data/cameo.csv). Which side each category is on
follows PLOVER's own grouping into cooperation (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT) and
conflict (REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT): the README's quad
table, where REQUEST and ACCUSE are its earlier DEMAND and DISAPPROVE.

The numbers are ours, not PLOVER's (PLOVER defines no scale): a -10..10 scale in the spirit of Goldstein's,
verbal acts milder than material ones, violence at the extremes. They order categories; they are not measured.
"""

from __future__ import annotations

import functools

COOPERATION = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
CONFLICT = ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

INTENSITY: dict[str, float] = {
    # cooperation: verbal (consulting, agreeing, supporting) below material (cooperating, aid)
    "CONSULT": 1.0,
    "SUPPORT": 3.0,
    "AGREE": 4.0,
    "CONCEDE": 5.0,
    "RETREAT": 5.0,
    "COOPERATE": 6.0,
    "AID": 7.0,
    # conflict: a request is barely conflictual (it merges CAMEO's appeals and demands); force is the worst
    "REQUEST": -1.0,
    "ACCUSE": -2.0,
    "REJECT": -4.0,
    "PROTEST": -5.0,
    "SANCTION": -5.0,
    "THREATEN": -6.0,
    "MOBILIZE": -7.0,
    "COERCE": -7.0,
    "ASSAULT": -10.0,
}

if set(INTENSITY) != set(COOPERATION) | set(CONFLICT) or len(INTENSITY) != 16:
    raise RuntimeError("accord.analysis.plover: the intensity table must cover PLOVER's 16 categories")
if any(INTENSITY[c] <= 0 for c in COOPERATION) or any(INTENSITY[c] >= 0 for c in CONFLICT):
    raise RuntimeError("accord.analysis.plover: cooperation must score above 0 and conflict below")


def plover_score(counts: dict[str, int]) -> float | None:
    """Mean intensity of events counted by PLOVER category; categories outside the table (and events with
    none, such as CAMEO's public statements) do not count. None when no event has a scored category."""
    n = total = 0.0
    for category, count in counts.items():
        value = INTENSITY.get(category)
        if value is not None and count > 0:
            n += count
            total += value * count
    return _mean(total, n) if n else None


@functools.lru_cache(maxsize=65_536)  # a series asks for the same few means again and again (the API's hot path)
def _mean(total: float, n: float) -> float:
    return round(total / n, 4)
