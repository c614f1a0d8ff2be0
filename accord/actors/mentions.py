"""Find the actor mentions in running text: adjacent knowledge matches grouped into phrases
("Japanese Prime Minister Sanae Takaichi", "Japan's new prime minister"), each resolved on the date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.actors.actor import Actor
from accord.actors.matcher import Match
from accord.actors.resolver import ActorResolver, as_date
from accord.text.tokens import Token, tokenize

# Words that may stand between two parts of one actor phrase.
_JOINERS = frozenset(
    "'s the new top senior current incoming outgoing acting interim newly elected of and visiting chief".split()
)
# A phrase made only of these is not an actor by itself ("Japanese investment": the adjective modifies a thing).
_MODIFIER_ONLY = frozenset({"adjective", "former"})
# Two of these side by side are two actors, not one ("US-Japan alliance", "Thai and Cambodian leaders").
_NATION_KINDS = frozenset({"country", "adjective", "demonym", "capital", "seat"})


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in the text, with character offsets into it."""

    text: str
    start: int
    end: int
    actor: Actor


def _groups(matches: list[Match], tokens: list[Token]) -> list[list[Match]]:
    groups: list[list[Match]] = []
    for match in matches:
        if groups:
            previous = groups[-1][-1]
            gap = tokens[previous.last + 1 : match.first]
            joinable = all(token.key in _JOINERS for token in gap) and not any(
                token.key == "and" for token in gap
            )
            two_nations = previous.kind in _NATION_KINDS and match.kind in _NATION_KINDS  # "US-Japan"
            broken = any(token.after_punctuation for token in [*gap, tokens[match.first]])
            if joinable and len(gap) <= 2 and not two_nations and not broken:
                groups[-1].append(match)
                continue
        groups.append([match])
    return groups


def find_mentions(
    resolver: ActorResolver,
    text: str,
    date: dt.date | str | None = None,
    tokens: list[Token] | None = None,
    matches: list[Match] | None = None,
) -> list[Mention]:
    """Every actor phrase in ``text`` resolved on ``date``, in order of appearance. ``tokens`` and
    ``matches`` of the text may be passed when the caller has them already."""
    day = as_date(date)
    tokens = tokenize(text) if tokens is None else tokens
    matches = resolver.matches(tokens) if matches is None else matches
    mentions = []
    for group in _groups(matches, tokens):
        if all(match.kind in _MODIFIER_ONLY for match in group):
            continue
        first, last = group[0].first, group[-1].last
        span = tokens[first : last + 1]
        local = [match.shifted(first) for match in group]
        actor = resolver.resolve_tokens(span, local, day)
        if actor is None or not (actor.country or actor.kind in ("person", "organisation", "title")):
            continue
        start, end = span[0].start, span[-1].end
        mentions.append(Mention(text[start:end], start, end, actor))
    return mentions
