"""Actor resolution: phrases and names to country + sector codes, aware of who held which office when."""

from __future__ import annotations

import datetime as dt
import functools

from accord.actors.actor import Actor
from accord.actors.mentions import Mention, find_mentions
from accord.actors.resolver import ActorResolver, as_date
from accord.knowledge import default_knowledge


@functools.lru_cache(maxsize=1)
def default_resolver() -> ActorResolver:
    """The resolver over the package's knowledge base, built once per process."""
    return ActorResolver(default_knowledge())


def resolve(text: str, date: dt.date | str | None = None, context: str | None = None) -> Actor | None:
    """Resolve one actor phrase on ``date`` (an ISO date string or a date; default today)."""
    return default_resolver().resolve(text, date, context)


__all__ = ["Actor", "ActorResolver", "Mention", "as_date", "default_resolver", "find_mentions", "resolve"]
