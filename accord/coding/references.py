"""References inside a document: "he", "she", "it", "they", "the prime minister", "the two leaders",
"both nations" point back to actors named earlier in the same document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.actors.actor import Actor
from accord.actors.mentions import Mention
from accord.actors.resolver import role_key

FEMININE = frozenset({"she", "her", "hers", "herself"})
PERSONAL = frozenset({"he", "him", "his", "himself"}) | FEMININE
NEUTER = frozenset({"it", "its"})
PLURAL = frozenset({"they", "them", "their"})
# Phrases that name the two actors last spoken of ("the two leaders", "both nations").
_PAIR_HEADS = frozenset("leaders leader nations countries sides governments presidents men sides parties".split())
_PAIR_WORDS = frozenset({"two", "both"})
_GROUP_KINDS = frozenset({"country", "organisation", "capital", "seat", "adjective", "demonym", "agent", "title"})


@dataclass(frozen=True, slots=True)
class Referent:
    actor: Actor
    mention: Mention


class DocumentMemory:
    """The actors of one document in order of appearance, and the last pair spoken of together."""

    def __init__(self, mentions: Callable[[], list[Mention]], genders: dict[str, str] | None = None) -> None:
        # Mentions are worked out only when a reference has to be resolved: most sentences name their actors.
        self._find_mentions = mentions
        self._mentions: list[Mention] | None = None
        self.genders = genders or {}
        self.pairs: list[tuple[int, tuple[Referent, Referent]]] = []

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = sorted(self._find_mentions(), key=lambda m: m.start)
        return self._mentions

    def _before(self, position: int) -> list[Mention]:
        return [m for m in self.mentions if m.end <= position]

    def remember_pair(self, position: int, pair: tuple[Referent, Referent]) -> None:
        self.pairs.append((position, pair))

    def resolve(self, words: list[str], position: int) -> list[Referent]:
        """The actors a referring phrase (lower-cased words) at ``position`` stands for; [] if none."""
        if not words:
            return []
        if len(words) == 1 and words[0] in PERSONAL:
            # Unlisted people count as men: our gender list names the women (see gender.csv).
            female = words[0] in FEMININE
            return self._last(position, lambda m: bool(m.actor.name) and m.actor.kind in ("person", "title")
                              and (self.genders.get(m.actor.name or "") == "F") == female)
        if len(words) == 1 and words[0] in NEUTER:
            return self._last(position, lambda m: m.actor.kind in _GROUP_KINDS and not m.actor.name)
        if len(words) == 1 and words[0] in PLURAL:
            return self._pair(position, people=False, pronoun=True)
        if _PAIR_WORDS & set(words) and words[-1] in _PAIR_HEADS:
            return self._pair(position, people=words[-1] in {"leaders", "presidents", "men"}, pronoun=False)
        title = role_key(" ".join(w for w in words if w not in {"the", "a", "an"}))
        if title:
            return self._last(position, lambda m: bool(m.actor.role) and role_key(m.actor.role) == title)
        return []

    def _last(self, position: int, wanted) -> list[Referent]:  # noqa: ANN001 - a predicate on mentions
        for mention in reversed(self._before(position)):
            if wanted(mention):
                return [Referent(mention.actor, mention)]
        return []

    def _pair(self, position: int, people: bool, pronoun: bool) -> list[Referent]:
        recent = [pair for at, pair in self.pairs if at <= position]
        if recent:
            return list(recent[-1])
        if pronoun:  # "they" with no pair spoken of: the last group named ("the rebels ... they")
            group = self._last(position, lambda m: m.actor.kind in _GROUP_KINDS and not m.actor.name)
            if group:
                return group
        chosen: list[Mention] = []
        for mention in reversed(self._before(position)):
            if people and not mention.actor.name:
                continue
            if all(m.actor.country != mention.actor.country for m in chosen) and mention.actor.country:
                chosen.append(mention)
            if len(chosen) == 2:
                return [Referent(m.actor, m) for m in reversed(chosen)]
        return []
