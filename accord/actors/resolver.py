"""Resolve an actor phrase ("Japan's new prime minister", "Sanae Takaichi", "Kyiv police") on a date to a
country + sector code.

The phrase is matched against the knowledge base, then three questions are answered in turn:
who is it (a known person or organisation), which country (the first country-bearing word of the phrase's
head, else of its complement), and which sector (a known person's office on the date; otherwise the
strongest sector word, the last one winning a tie, as the head noun comes last in English).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from accord.actors.actor import Actor
from accord.actors.matcher import Match, find_matches
from accord.actors.vocabulary import Vocabulary, build_vocabulary, family_name
from accord.knowledge.model import KnowledgeBase, Office, Person
from accord.knowledge.schemas import (
    ORGANISATION_COUNTRIES,
    ORGANISATION_FAMILY_CODES,
    OrganisationRow,
)
from accord.text.tokens import Token, fold, tokenize

# A preposition ends the head of a phrase: "Russia's ambassador | to Poland". "of" does not: in
# "the President of France" the complement says whose president.
_HEAD_ENDS = frozenset(
    "to in at from for with against on near across into toward towards over inside outside by during after "
    "before among under between versus vs than via throughout around".split()
)
_STANCE_PREFIXES = frozenset({"pro", "anti"})
_NATION_KINDS = frozenset({"country", "adjective", "demonym", "capital", "seat", "place"})
# A country named after these is the other party, never the actor's own country.
_OTHER_PARTY = frozenset("to with against toward towards versus vs than between".split())
# How strongly each kind of word decides the sector (higher wins; a tie goes to the later word).
_RANK = {"title": 3, "organisation": 2.5, "agent": 2, "generic": 1, "demonym": 1, "capital": 0.5, "seat": 0.5,
         "place": 0.25}
_ORG_FAMILY_WITHOUT_COUNTRY = "NGO"  # an international NGO belongs to no country


@dataclass(frozen=True, slots=True)
class _PersonChoice:
    person: Person
    office: Office | None  # held on the date
    past: Office | None  # ended before the date


def _head_end(tokens: Sequence[Token]) -> int:
    for i, token in enumerate(tokens):
        if i > 0 and token.key in _HEAD_ENDS:
            return i
    return len(tokens)


def _governing_preposition(tokens: Sequence[Token], match: Match, head_end: int) -> str | None:
    for i in range(match.first - 1, head_end - 1, -1):
        if tokens[i].key in _HEAD_ENDS:
            return tokens[i].key
    return None


def _choose_person(match: Match, day: dt.date) -> _PersonChoice | None:
    """Among the people a name may mean, the one in office on ``day``; else the one who had been."""
    people = list({id(p.target): p.target for p in match.patterns if isinstance(p.target, Person)}.values())
    return _choose_among(people, day)


def _choose_among(people: list[Person], day: dt.date) -> _PersonChoice | None:
    in_office = [p for p in people if p.office_on(day)]
    if len(in_office) == 1:
        return _PersonChoice(in_office[0], in_office[0].office_on(day), None)
    if in_office:
        return None  # two people of that name hold office: the name alone cannot tell them apart
    had_office = [p for p in people if p.last_office_before(day)]
    if len(had_office) == 1:
        return _PersonChoice(had_office[0], None, had_office[0].last_office_before(day))
    if len(people) == 1:
        return _PersonChoice(people[0], None, None)
    return None


def _country_of(match: Match) -> str | None:
    target = match.patterns[0].target
    kind = match.kind
    if kind in ("country", "adjective", "demonym", "capital", "seat"):
        return target.iso3  # type: ignore[attr-defined]
    if kind in ("place", "organisation"):
        country = target.country  # type: ignore[attr-defined]
        return None if country == _ORG_FAMILY_WITHOUT_COUNTRY else country or None
    return None


def _sector_of(match: Match) -> str | None:
    # Kinds, not isinstance: pydantic's class checks are slow, and the kind says what the target is.
    target = match.patterns[0].target
    kind = match.kind
    if kind in ("title", "agent", "generic", "former", "organisation"):
        return target.sector or None  # type: ignore[attr-defined]
    if kind in ("capital", "seat"):
        return "GOV"  # "Tokyo said", "the Kremlin denied": the seat of power speaks for the government
    if kind == "demonym":
        return "CVL"  # "Cambodians" are people of the country
    if kind == "place" and target.kind == "city":  # type: ignore[attr-defined]
        return "CVL"  # a city as an actor is its people
    return None


def _compose(country: str, sector: str, organisation: OrganisationRow | None) -> str:
    """The actor code: an international organisation's own code when it decided the actor, else
    country + sector, with an organisation family written as CAMEO writes it (UNO -> IGOUNO)."""
    if organisation is not None and organisation.country in ORGANISATION_COUNTRIES:
        return organisation.code
    if country in ORGANISATION_FAMILY_CODES:
        family = ORGANISATION_FAMILY_CODES[country]
        return family + ("" if sector in ("", "IGO", "NGO") or family.endswith(sector) else sector)
    return country + sector


def role_key(role: str) -> str:
    """An office title folded so that text and data agree: "Defense Minister" = "defence minister"."""
    words = role.lower().replace("-", " ").replace("defense", "defence").split()
    if words[:1] == ["acting"]:
        words = words[1:]
    return " ".join(words)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# A misspelt family name is only looked for when it is this long ("Chiraq" for Chirac, "Merkell").
_FUZZY_MIN = 6
_TITLE_KINDS = frozenset({"title", "agent"})


class ActorResolver:
    """Resolves actor phrases against one knowledge base; build once, call many times."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.vocabulary: Vocabulary = build_vocabulary(kb)
        # Who held which office: lets "Japan's prime minister" name the holder on the date.
        self._holders: dict[tuple[str, str], list[tuple[Office, Person]]] = {}
        for person in kb.people:
            for office in person.offices:
                self._holders.setdefault((office.country, role_key(office.role)), []).append((office, person))
        # Family names, those that are also words included ("President Bush", "King Hassan"), and their
        # one-letter deletions: read only for a name that follows a title and matched nothing.
        self._families: dict[str, list[Person]] = {}
        self._near_families: dict[str, set[str]] = {}
        for person in kb.people:
            family = family_name(person)
            if not family or len(family) < 3:
                continue
            key = fold(family)
            self._families.setdefault(key, []).append(person)
            if len(key) >= _FUZZY_MIN:
                for variant in (key, *_deletions(key)):
                    self._near_families.setdefault(variant, set()).add(key)

    def holder(self, country: str, title: str, day: dt.date) -> tuple[Office, Person] | None:
        """The person who held office ``title`` in ``country`` on ``day`` (the substantive holder first)."""
        held = [(o, p) for o, p in self._holders.get((country, role_key(title)), ()) if o.held_on(day)]
        held.sort(key=lambda pair: pair[0].role.lower().startswith("acting"))
        return held[0] if held else None

    def matches(self, tokens: Sequence[Token], exclude: frozenset[str] = frozenset()) -> list[Match]:
        return find_matches(self.vocabulary, tokens, exclude)

    def resolve(self, text: str, date: dt.date | str | None = None, context: str | None = None) -> Actor | None:
        """The actor ``text`` names on ``date`` (default: today), or ``None`` when it names no actor we know.

        ``context`` (e.g. "German") supplies a country when the phrase itself names none.
        """
        day = as_date(date)
        tokens = tokenize(text)
        if tokens:
            # A phrase is one noun phrase: its first capital is a name's, not a sentence's.
            tokens[0] = tokens[0].as_phrase_start()
        return self.resolve_tokens(tokens, self.matches(tokens), day, context)

    def resolve_tokens(
        self, tokens: Sequence[Token], matches: Sequence[Match], day: dt.date, context: str | None = None
    ) -> Actor | None:
        """Decide the actor from already-matched tokens (the coder calls this on its own spans)."""
        head_end = _head_end(tokens)
        head = [m for m in matches if m.first < head_end]
        if head and head[-1].kind == "country" and head[-1].last == head_end - 1:
            # "NATO-member Norway", "EU member Poland": a country that ends the phrase is what it names; an
            # organisation before it only says what the country belongs to.
            head = [m for m in head if m.kind != "organisation"]
        tail = [m for m in matches if m.first >= head_end]
        former = any(m.kind == "former" for m in head)

        person = None
        for match in head:
            if match.kind in ("person", "surname"):
                person = _choose_person(match, day)
                if person:
                    break
        if person is None and any(m.kind in _TITLE_KINDS for m in head):
            person = self._titled_name(tokens, head, head_end, day)
        organisation = next(
            (m.patterns[0].target for m in head if m.kind == "organisation"), None
        )

        country = self._country(tokens, head, tail, head_end, person, day)
        if (
            organisation is not None
            and person is None
            and len(organisation.country) == 3
            and organisation.country not in ORGANISATION_COUNTRIES
            and country != organisation.country
        ):
            # "Chile's Defense Department" is not the Pentagon: read the words without organisation names.
            return self.resolve_tokens(tokens, self.matches(tokens, frozenset({"organisation"})), day, context)
        if country is None and context:
            resolved = self.resolve(context, day)
            country = resolved.country if resolved and resolved.country else None

        sector, deciding = self._sector(head)
        kind = deciding.kind if deciding else None
        if person is not None:
            kind = "person"
            if person.office is not None:
                sector = person.office.sector
            elif deciding is None or _RANK.get(deciding.kind, 0) < 2:
                sector = "ELI"  # known, but out of office on that date: an elite of their country
        if former and (person is not None or deciding is not None):
            sector = "ELI"
        if person is None and deciding is None and country is None:
            return None
        if kind is None:
            kind = _kind_without_sector(head + tail)
        deciding_org = organisation if kind == "organisation" else None
        code = _compose(country or "", sector or "", deciding_org)
        name = role = None
        if person is not None:
            name = person.person.name
            office = person.office or person.past
            role = office.role if office else None
        elif organisation is not None:
            name = organisation.name
        elif deciding is not None and deciding.kind == "title" and country and not former:
            title = " ".join(token.raw for token in tokens[deciding.first : deciding.last + 1])
            found = self.holder(country, title, day)
            if found:
                role, name = found[0].role, found[1].name
        return Actor(code=code, country=country or "", sector=sector or "", kind=kind, name=name, role=role)

    def _titled_name(
        self, tokens: Sequence[Token], head: Sequence[Match], head_end: int, day: dt.date
    ) -> _PersonChoice | None:
        """A titled name that matched no one ("President Bush", "Chancellor Angela Merkell"): its family
        name, exactly or (with the given name right) one letter off, among the people we know."""
        title = max((m for m in head if m.kind in _TITLE_KINDS), key=lambda m: m.last)
        after = title.last + 1
        covered = {i for m in head for i in range(m.first, m.last + 1)}
        names = [t for i, t in enumerate(tokens[after:head_end], after)
                 if i not in covered and t.is_capitalised and t.key.isalpha()]
        if not names and title.first > 0 and title.first - 1 not in covered:
            before = tokens[title.first - 1]  # "the Bush administration", "the Putin government"
            if before.is_capitalised and before.key.isalpha() and title.kind == "title":
                people = [p for p in self._families.get(before.key, ()) if any(o.is_leading for o in p.offices)]
                return _choose_among(people, day) if people else None
        if not names or len(names) != head_end - after:
            return None  # the title is not followed by a bare name
        family, given = names[-1].key, names[0].key if len(names) > 1 else None
        people = list(self._families.get(family, ()))
        if given is None:  # a family name alone: only someone who held that very title ("President Bush")
            role = role_key(" ".join(t.raw for t in tokens[title.first : title.last + 1]))
            people = [p for p in people if any(role_key(o.role) == role for o in p.offices)]
        else:
            people = [p for p in people if fold(p.name.split()[0]) == given]
            if not people and len(family) >= _FUZZY_MIN:
                near = {k for v in (family, *_deletions(family)) for k in self._near_families.get(v, ())}
                people = [p for k in near for p in self._families[k] if fold(p.name.split()[0]) == given]
        return _choose_among(people, day) if people else None

    def _country(
        self,
        tokens: Sequence[Token],
        head: Sequence[Match],
        tail: Sequence[Match],
        head_end: int,
        person: _PersonChoice | None,
        day: dt.date,
    ) -> str | None:
        if person is not None:
            if person.office is not None:  # in office: the country (or organisation) they serve
                return person.office.country
            return person.person.home_country_before(day)  # out of office: an elite of their own country
        # The word the phrase is about comes last in its head ("NATO-member Norway" is Norwegian); else the
        # first nation named ("Russia's ambassador"). "pro-Iranian" and "anti-American" name no one's own side.
        named = [m for m in head if not (m.first > 0 and tokens[m.first - 1].key in _STANCE_PREFIXES)]
        last = head_end - 1
        # "Bosnian Serbs", "Kosovo Albanians": a people named by the country they live in belongs to it, as
        # CAMEO codes ethnic groups by their country of residence.
        residence = [m for m in named if m.kind in ("adjective", "country") and any(
            d.kind == "demonym" and d.first == m.last + 1 and d.last == last for d in named)]
        if residence:
            country = _country_of(residence[-1])
            if country:
                return country
        for match in sorted(named, key=lambda m: not (m.last == last and m.kind in _NATION_KINDS)):
            country = _country_of(match)
            if country:
                return country
        for match in tail:
            if _governing_preposition(tokens, match, head_end) in _OTHER_PARTY:
                continue
            country = _country_of(match)
            if country:
                return country
        return None

    def _sector(self, head: Sequence[Match]) -> tuple[str | None, Match | None]:
        best: tuple[float, int] | None = None
        chosen: tuple[str | None, Match | None] = (None, None)
        for match in head:
            sector = _sector_of(match)
            rank = _RANK.get(match.kind, 0)
            if sector and rank and (best is None or (rank, match.first) >= best):
                best = (rank, match.first)
                chosen = (sector, match)
        return chosen


def _kind_without_sector(matches: Sequence[Match]) -> str:
    kinds = {m.kind for m in matches}
    for kind in ("country", "adjective", "place", "organisation"):
        if kind in kinds:
            return kind
    return "country"


def as_date(value: dt.date | str | None) -> dt.date:
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() == "today":
        return dt.date.today()
    return dt.date.fromisoformat(text[:10])
