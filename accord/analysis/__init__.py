"""accord's analysis layer (issue 6): dyad series with the cooperation-conflict index, momentum, comparisons,
top events, the event network, actors and the document view. Every function takes an open ``Store`` and
returns plain JSON-ready values; the counting is done by the store's grouped queries, never over events read
into Python. The contract is docs/api.md."""

from __future__ import annotations

from accord.analysis.documents import document_view
from accord.analysis.index import coop_index, wilson
from accord.analysis.momentum import momentum
from accord.analysis.network import actors, network, top_events
from accord.analysis.plover import plover_score
from accord.analysis.series import compare, dyad_series

__all__ = ["actors", "compare", "coop_index", "document_view", "dyad_series", "momentum", "network",
           "plover_score", "top_events", "wilson"]
