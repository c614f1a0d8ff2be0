"""Who acts on whom: the directed event network, and the actors by how much they appear."""

from __future__ import annotations

from typing import Any

from accord.store.base import EventFilter, Store

LEVELS = ("country", "actor")


def network(store: Store, where: EventFilter | None = None, *, level: str = "country", min_events: int = 1,
            limit: int = 200) -> dict[str, Any]:
    """The heaviest ``limit`` directed edges (with at least ``min_events`` events) between countries or, with
    ``level="actor"``, actor codes, and their nodes. A node's ``events`` are those of the edges shown that it
    is on (an edge from a node to itself counts once), so the nodes always add up with the picture."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} (choose from {', '.join(LEVELS)})")
    edges = store.edge_counts(where, level, min_events, limit)
    nodes: dict[str, int] = {}
    for edge in edges:
        for node in {edge["source"], edge["target"]}:
            nodes[node] = nodes.get(node, 0) + edge["events"]
    ranked = sorted(nodes.items(), key=lambda item: (-item[1], item[0]))
    return {"nodes": [{"id": node, "events": n} for node, n in ranked], "edges": edges}


def actors(store: Store, where: EventFilter | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """``[{"code", "country", "name", "events"}]``, most events first, counting both sides of each event."""
    return store.actor_counts(where, limit)


def top_events(store: Store, where: EventFilter | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """Event records (as ``Store.events`` gives them) ranked by |goldstein| x num_articles, then newest."""
    return store.top_events(where, limit)
