"""Row schemas of the knowledge files: what a well-formed entry is, checked when the file is loaded."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from accord.knowledge.csvfile import split_list

#: Actor sector codes (CAMEO role codes as PLOVER's agent list uses them). See docs/knowledge-format.md.
SECTORS = frozenset(
    "GOV MIL LEG JUD COP SPY OPP PTY REB PRM UAF INS CRM BUS CVL LAB AGR EDU MED HLH REF REL NGO IGO "
    "ELI SOC ENV HRI UNK".split()
)
#: Country fields that are not ISO3 codes: organisation families, as POLECAT's coder reports them.
ORGANISATION_COUNTRIES = frozenset({"UNO", "EUR", "NAT", "IGO", "NGO"})
#: How CAMEO writes the actor code of each family (the UN is IGOUNO, NATO IGOWSTNAT, the EU IGOEEC).
ORGANISATION_FAMILY_CODES = {"UNO": "IGOUNO", "EUR": "IGOEEC", "NAT": "IGOWSTNAT", "IGO": "IGO", "NGO": "NGO"}

_ISO3 = re.compile(r"^[A-Z]{3}$")


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _list(value: object) -> object:
    return split_list(value) if isinstance(value, str) else value


def _sector(value: str, allow_empty: bool) -> str:
    if not value and allow_empty:
        return value
    if value not in SECTORS:
        raise ValueError(f"unknown sector {value!r} (known: {' '.join(sorted(SECTORS))})")
    return value


def _country(value: str, allow_empty: bool) -> str:
    if not value and allow_empty:
        return value
    if not _ISO3.match(value):
        raise ValueError(f"country must be three upper-case letters, found {value!r}")
    return value


class CameoRow(_Row):
    code: str = Field(pattern=r"^\d{2,4}$")
    name: str = Field(min_length=3)
    root: str = Field(pattern=r"^\d{2}$")
    goldstein: float = Field(ge=-10, le=10)
    quad_class: int = Field(ge=1, le=4)
    plover_event: str = Field(pattern=r"^[A-Z]*$")
    plover_mode: str

    @model_validator(mode="after")
    def _consistent(self) -> CameoRow:
        if not self.code.startswith(self.root):
            raise ValueError(f"code {self.code} does not start with its root {self.root}")
        root = int(self.root)
        if not 1 <= root <= 20:
            raise ValueError(f"root {self.root} is not a CAMEO root (01-20)")
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        if self.quad_class != expected:
            raise ValueError(f"quad_class of root {self.root} is {expected}, found {self.quad_class}")
        return self


class CountryRow(_Row):
    iso3: str
    name: str = Field(min_length=2)
    aliases: list[str]
    adjectives: list[str]
    capital: list[str]
    seats: list[str]
    status: Literal["member", "observer", "other"]

    _lists = field_validator("aliases", "adjectives", "capital", "seats", mode="before")(_list)

    @field_validator("iso3")
    @classmethod
    def _iso3(cls, value: str) -> str:
        return _country(value, allow_empty=False)


class PlaceRow(_Row):
    name: str = Field(min_length=2)
    aliases: list[str]
    country: str
    kind: Literal["city", "region", "sea", "island", "landmark"]

    _lists = field_validator("aliases", mode="before")(_list)

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        return _country(value, allow_empty=True)


class RoleRow(_Row):
    """One office held by one person."""

    name: str = Field(min_length=3)
    aliases: list[str]
    country: str
    sector: str
    role: str = Field(min_length=2)
    start: dt.date
    end: dt.date | None
    source: str = Field(min_length=3)

    _lists = field_validator("aliases", mode="before")(_list)

    @field_validator("end", mode="before")
    @classmethod
    def _blank_end(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        return _country(value, allow_empty=False)

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        return _sector(value, allow_empty=False)

    @model_validator(mode="after")
    def _ordered(self) -> RoleRow:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class OrganisationRow(_Row):
    name: str = Field(min_length=2)
    aliases: list[str]
    code: str = Field(pattern=r"^[A-Z]{3}(?:[A-Z]{3})*$")
    country: str
    sector: str
    source: str

    _lists = field_validator("aliases", mode="before")(_list)

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        return _country(value, allow_empty=True)

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        return _sector(value, allow_empty=True)


class AgentRow(_Row):
    term: str = Field(min_length=2)
    sector: str
    kind: Literal["title", "agent", "generic", "former"]

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        return _sector(value, allow_empty=True)


class TopicRow(_Row):
    topic: str = Field(pattern=r"^[A-Z][A-Z_]*$")
    terms: list[str] = Field(min_length=1)
    source: str

    _lists = field_validator("terms", mode="before")(_list)


GOVERNS = ("intent", "appeal", "demand", "reject", "threaten")


class LexiconRow(_Row):
    """One way a word codes an event (see docs/knowledge-format.md, lexicon.csv)."""

    trigger: str = Field(pattern=r"^[a-z][a-z'-]*$")
    pos: Literal["verb", "noun"]
    code: str = Field(pattern=r"^\d{2,4}$")
    particle: str = Field(pattern=r"^[a-z]*$")
    preposition: str = Field(pattern=r"^[a-z]*$")
    object: str = Field(pattern=r"^(@[A-Z_]+|[a-z][a-z' -]*)?$")
    governs: Literal["", "intent", "appeal", "demand", "reject", "threaten"]
    forms: list[str]

    _lists = field_validator("forms", mode="before")(_list)


class NounClassRow(_Row):
    # "class" is a Python keyword: the CSV column is read into ``name``.
    name: str = Field(alias="class", pattern=r"^[A-Z][A-Z_]*$")
    terms: list[str] = Field(min_length=1)

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, populate_by_name=True)
    _lists = field_validator("terms", mode="before")(_list)


class ComplementRow(_Row):
    governs: Literal["intent", "appeal", "demand", "reject", "threaten"]
    complement: str = Field(pattern=r"^\d{2,4}$")
    code: str = Field(pattern=r"^\d{2,4}$")


class GenderRow(_Row):
    name: str = Field(min_length=3)
    gender: Literal["F", "M"]
