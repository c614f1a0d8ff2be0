"""Dyad time series: one row per period with events, from one grouped query (never the events themselves)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from accord.analysis.index import coop_index
from accord.analysis.momentum import momentum
from accord.analysis.plover import plover_score
from accord.store.base import EventFilter, Store


def dyad_series(store: Store, source: str, target: str, freq: str = "month", *, directed: bool = True,
                where: EventFilter | None = None) -> list[dict[str, Any]]:
    """SOURCE -> TARGET (or, with ``directed=False``, both directions) per period, oldest first: counts by
    quad class, cooperation and conflict, Goldstein sum and mean, PLOVER score and the cooperation-conflict
    index with its band. ``where`` adds filters; its own source and target are replaced by the dyad's."""
    where = where or EventFilter()
    if directed:
        rows = store.period_counts(replace(where, source=source, target=target), freq)
    else:
        rows = store.period_counts(where, freq, between=(source, target))
    return [_series_row(row) for row in rows]


def _series_row(row: dict[str, Any]) -> dict[str, Any]:
    cooperation, conflict = row["quad1"] + row["quad2"], row["quad3"] + row["quad4"]
    index, low, high = coop_index(cooperation, conflict)
    return {"period": row["period"], "events": row["events"], "quad1": row["quad1"], "quad2": row["quad2"],
            "quad3": row["quad3"], "quad4": row["quad4"], "cooperation": cooperation, "conflict": conflict,
            "goldstein_sum": row["goldstein_sum"], "goldstein_mean": row["goldstein_mean"],
            "plover_score": plover_score(row.get("plover") or {}), "index": index, "index_low": low,
            "index_high": high}


def compare(store: Store, dyads: list[tuple[str, str]], freq: str = "month", *, directed: bool = True,
            where: EventFilter | None = None, window: int = 6) -> list[dict[str, Any]]:
    """Several dyads side by side, each with its series and momentum, in the order given."""
    out = []
    for source, target in dyads:
        series = dyad_series(store, source, target, freq, directed=directed, where=where)
        out.append({"source": source, "target": target, "series": series,
                    "momentum": momentum(series, window, freq=freq)})
    return out
