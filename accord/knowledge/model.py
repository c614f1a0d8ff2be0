"""The loaded knowledge base: plain, immutable objects the coder and the resolver read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accord.knowledge.schemas import (
    ORGANISATION_COUNTRIES,
    AgentRow,
    CameoRow,
    ComplementRow,
    CountryRow,
    LexiconRow,
    NounClassRow,
    OrganisationRow,
    PlaceRow,
    TopicRow,
)

_LEADING_WORDS = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emperor", "emir",
                  "sultan", "supreme leader", "secretary-general", "secretary general", "chief adviser",
                  "state counsellor", "pope")


@dataclass(frozen=True, slots=True)
class Office:
    """One office one person held, from ``start`` to ``end`` (``None``: still held)."""

    role: str
    country: str
    sector: str
    start: dt.date
    end: dt.date | None
    source: str

    @property
    def is_leading(self) -> bool:
        """A head of state, government or organisation (the office news names a person by)."""
        role = self.role.lower()
        return not role.startswith(("vice", "deputy")) and any(word in role for word in _LEADING_WORDS)

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A person and every office they held, in order of start date."""

    name: str
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]

    def office_on(self, day: dt.date) -> Office | None:
        """The office held on ``day``; when several overlap, the leading one (a prime minister who is also
        finance minister is the prime minister), then the most recently started."""
        held = [office for office in self.offices if office.held_on(day)]
        return max(held, key=lambda office: (office.is_leading, office.start)) if held else None

    def last_office_before(self, day: dt.date) -> Office | None:
        """The most recent office that had ended by ``day``."""
        ended = [o for o in self.offices if o.end is not None and o.end < day]
        return max(ended, key=lambda office: office.end or office.start) if ended else None

    def home_country_before(self, day: dt.date) -> str:
        """The country of the latest national office started before ``day`` (else of any office): where a
        former office holder counts as an elite. A former NATO chief is a Dutch elite, not a NATO one."""
        started = [o for o in self.offices if o.start <= day] or list(self.offices)
        national = [o for o in started if o.country not in ORGANISATION_COUNTRIES] or started
        return national[-1].country

    @property
    def country(self) -> str:
        """The country of the person's latest office."""
        return self.offices[-1].country


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything accord knows, loaded once from the package's data files (and the user's)."""

    cameo: dict[str, CameoRow]
    countries: dict[str, CountryRow]
    places: tuple[PlaceRow, ...]
    people: tuple[Person, ...]
    organisations: tuple[OrganisationRow, ...]
    agents: tuple[AgentRow, ...]
    topics: tuple[TopicRow, ...]
    lexicon: tuple[LexiconRow, ...] = ()
    noun_classes: dict[str, NounClassRow] = field(default_factory=dict)
    complements: tuple[ComplementRow, ...] = ()
    genders: dict[str, str] = field(default_factory=dict)  # person name -> "F" or "M"; unlisted: male
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many entries of each kind, as ``accord info`` reports them."""
        return {
            "cameo_codes": len(self.cameo),
            "countries": len(self.countries),
            "places": len(self.places),
            "people": len(self.people),
            "offices": sum(len(person.offices) for person in self.people),
            "organisations": len(self.organisations),
            "agents": len(self.agents),
            "topics": len(self.topics),
            "lexicon_entries": len(self.lexicon),
            "lexicon_codes": len({row.code for row in self.lexicon}),
        }
