"""Turn the knowledge base into match patterns: every name, alias, adjective, capital and agent word
becomes a token sequence pointing at what it stands for."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from accord.knowledge.model import KnowledgeBase, Person
from accord.knowledge.schemas import AgentRow, OrganisationRow, PlaceRow
from accord.text.tokens import fold, tokenize

Kind = Literal[
    "person", "organisation", "country", "capital", "seat", "adjective", "demonym", "place", "agent",
    "title", "generic", "former", "surname", "topic",
]
#: When two patterns of different kinds cover the same words, the earlier kind wins.
PRIORITY: dict[str, int] = {
    kind: rank for rank, kind in enumerate((
        "person", "organisation", "country", "capital", "seat", "demonym", "adjective", "title", "agent",
        "generic", "former", "place", "surname", "topic",
    ))
}
# Name families whose family name comes first ("Xi Jinping" is Mr Xi).
_FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "HKG", "MAC", "HUN"})
# Family names that are also ordinary capitalised words at the start of a sentence or in a date.
_UNSAFE_SURNAMES = frozenset({
    "may", "long", "young", "price", "king", "rice", "black", "white", "green", "brown", "bush", "hill", "wall",
    "ban", "will", "case", "little", "rich", "lee", "kim", "park", "li", "wang", "zhang", "chen", "liu", "ali",
    "khan", "singh", "shah", "said", "sharif", "mohammed", "muhammad", "ahmed", "hassan", "hussein", "aziz",
    "islam", "rahman", "dar", "hun", "sen", "nguyen", "tran", "le", "pham", "wong", "tan", "lim", "ng",
})


_PLAIN = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)*$")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way of writing one thing: its kind, what it points to, and whether case must match."""

    kind: Kind
    target: object
    case_sensitive: bool
    raw: tuple[str, ...]


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 6


def plural(word: str) -> str:
    """A regular English plural of the last word of an agent term."""
    lower = word.lower()
    if lower.endswith("man"):
        return word[:-3] + "men"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


class Vocabulary:
    """Every pattern of the knowledge base, indexed by its first word for fast longest-match lookup."""

    def __init__(self) -> None:
        self.patterns: dict[tuple[str, ...], list[Pattern]] = {}
        # first word -> the lengths of the patterns it starts, longest first
        self.lengths: dict[str, tuple[int, ...]] = {}

    def add(self, text: str, kind: Kind, target: object) -> None:
        if _PLAIN.match(text):  # most names are plain words: split them without the full tokenizer
            words = text.split()
            raw = tuple(words)
            key = tuple(fold(word) for word in words)
        else:
            tokens = tokenize(text)
            raw = tuple(token.upper_key for token in tokens)
            key = tuple(token.key for token in tokens)
        if key[:1] == ("the",) and len(key) > 1:
            key, raw = key[1:], raw[1:]
        if not key:
            return
        case_sensitive = _is_acronym(text)
        entries = self.patterns.setdefault(key, [])
        if any(p.kind == kind and p.target is target and p.case_sensitive == case_sensitive for p in entries):
            return  # the same thing written another way ("Shinzō Abe" beside "Shinzo Abe")
        entries.append(Pattern(kind, target, case_sensitive, raw))
        known = self.lengths.get(key[0], ())
        if len(key) not in known:
            self.lengths[key[0]] = tuple(sorted((*known, len(key)), reverse=True))

    def __len__(self) -> int:
        return len(self.patterns)


# Western given names some East Asian politicians use ("Joseph Wu", "William Lai"): the family name is last.
_WESTERN_GIVEN_NAMES = frozenset(
    "joseph william john david michael peter james andrew henry harry victor paul thomas charles frank "
    "kolas audrey stanley wellington eric simon".split()
)


def family_name(person: Person) -> str | None:
    words = person.name.split()
    if len(words) < 2:
        return None
    if person.country in _FAMILY_NAME_FIRST and words[0].lower() not in _WESTERN_GIVEN_NAMES:
        return words[0]
    words = [w for w in words if w.rstrip(".").lower() not in {"jr", "sr", "ii", "iii"}]
    return words[-1] if len(words) >= 2 else None


def build_vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """All patterns of ``kb``. Built once per knowledge base; matching never reloads anything."""
    vocab = Vocabulary()
    for country in kb.countries.values():
        for name in (country.name, *country.aliases):
            vocab.add(name, "country", country)
        for adjective in country.adjectives:
            # A plural that has its singular beside it names people ("Cambodians"), not the country.
            is_plural = adjective.endswith("s") and adjective[:-1] in country.adjectives
            vocab.add(adjective, "demonym" if is_plural else "adjective", country)
        for capital in country.capital:
            vocab.add(capital, "capital", country)
        for seat in country.seats:
            vocab.add(seat, "seat", country)
    for place in kb.places:
        _add_named(vocab, place, "place")
    for organisation in kb.organisations:
        _add_named(vocab, organisation, "organisation")
    for person in kb.people:
        for name in (person.name, *person.aliases):
            vocab.add(name, "person", person)
    _add_family_names(vocab, kb)
    for agent in kb.agents:
        _add_agent(vocab, agent)
    return vocab


def _add_named(vocab: Vocabulary, row: PlaceRow | OrganisationRow, kind: Kind) -> None:
    for name in (row.name, *row.aliases):
        vocab.add(name, kind, row)


def _add_family_names(vocab: Vocabulary, kb: KnowledgeBase) -> None:
    """Family names alone ("Takaichi") point to every person who bears them; the resolver picks by date."""
    bearers: dict[str, list[Person]] = {}
    for person in kb.people:
        family = family_name(person)
        if family and len(family) > 2 and family.lower() not in _UNSAFE_SURNAMES:
            bearers.setdefault(family, []).append(person)
    taken = Counter(key[0] for key in vocab.patterns if len(key) == 1)
    for family, people in bearers.items():
        key = tokenize(family)
        if len(key) != 1 or taken[key[0].key]:
            continue  # the word already names a country, place or organisation
        for person in people:
            vocab.add(family, "surname", person)


def _add_agent(vocab: Vocabulary, agent: AgentRow) -> None:
    kind: Kind = agent.kind  # type: ignore[assignment]
    vocab.add(agent.term, kind, agent)
    if kind != "former" and agent.term[-1:].isalpha() and not agent.term.endswith("."):
        words = agent.term.split(" ")
        vocab.add(" ".join([*words[:-1], plural(words[-1])]), kind, agent)
