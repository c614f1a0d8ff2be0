"""Load and check the knowledge files. Every problem is reported as ``file:line: problem``."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from accord.knowledge.csvfile import Row, read_rows
from accord.knowledge.errors import KnowledgeError
from accord.knowledge.model import KnowledgeBase, Office, Person
from accord.knowledge.schemas import (
    ORGANISATION_COUNTRIES,
    AgentRow,
    CameoRow,
    ComplementRow,
    CountryRow,
    GenderRow,
    LexiconRow,
    NounClassRow,
    OrganisationRow,
    PlaceRow,
    RoleRow,
    TopicRow,
)

DATA_DIR = Path(__file__).parent / "data"

Model = TypeVar("Model", bound=BaseModel)


class KnowledgeLoadError(Exception):
    """One or more malformed knowledge entries; ``errors`` holds each with its file and line."""

    def __init__(self, errors: list[KnowledgeError]) -> None:
        self.errors = errors
        shown = "\n".join(str(error) for error in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} problem(s) in the knowledge files:\n{shown}{more}")


def _columns(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _explain(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(parts)


class _Loader:
    """Collects rows of each file, converts them to models and gathers every error on the way."""

    def __init__(self) -> None:
        self.errors: list[KnowledgeError] = []
        self.sources: dict[str, tuple[str, ...]] = {}

    def rows(self, path: Path, model: type[Model]) -> list[tuple[Row, Model]]:
        if not path.exists():
            self.errors.append(KnowledgeError(str(path), 0, "file is missing"))
            return []
        self._read_sources(path)
        out = []
        try:
            for row in read_rows(path, _columns(model)):
                try:
                    out.append((row, model.model_validate(row.fields)))
                except ValidationError as exc:
                    self.errors.append(KnowledgeError(row.path, row.line, _explain(exc)))
        except KnowledgeError as exc:
            self.errors.append(exc)
        return out

    def _read_sources(self, path: Path) -> None:
        with path.open(encoding="utf-8", errors="replace") as fh:
            sources = tuple(
                line.split(":", 1)[1].strip() for line in fh if line.lower().startswith("# source:")
            )
        if not sources:
            self.errors.append(KnowledgeError(str(path), 1, "no '# source:' line naming where the facts come from"))
        self.sources[path.name] = sources

    def unique(self, rows: Iterable[tuple[Row, Model]], key: Callable[[Model], object], what: str) -> None:
        seen: dict[object, Row] = {}
        for row, item in rows:
            k = key(item)
            if k in seen:
                first = seen[k]
                problem = f"duplicate {what} {k!r} (first at line {first.line})"
                self.errors.append(KnowledgeError(row.path, row.line, problem))
            else:
                seen[k] = row

    def known_country(self, rows: Iterable[tuple[Row, Model]], countries: set[str], allow_empty: bool) -> None:
        for row, item in rows:
            country = item.country
            if (country or not allow_empty) and country not in countries and country not in ORGANISATION_COUNTRIES:
                self.errors.append(KnowledgeError(row.path, row.line, f"unknown country code {country!r}"))


def _people(loader: _Loader, rows: list[tuple[Row, RoleRow]]) -> tuple[Person, ...]:
    by_name: dict[str, list[tuple[Row, RoleRow]]] = defaultdict(list)
    for row, role in rows:
        by_name[role.name].append((row, role))
    people = []
    for name, entries in by_name.items():
        entries.sort(key=lambda entry: entry[1].start)
        for i, (row, role) in enumerate(entries):
            for earlier_row, earlier in entries[:i]:
                same = earlier.role == role.role and earlier.country == role.country
                if same and (earlier.end is None or earlier.end > role.start):
                    loader.errors.append(KnowledgeError(
                        row.path, row.line,
                        f"{name}: {role.role} from {role.start} overlaps the same office at "
                        f"{Path(earlier_row.path).name}:{earlier_row.line}"))
        aliases = tuple(dict.fromkeys(alias for _, role in entries for alias in role.aliases))
        offices = tuple(
            Office(role.role, role.country, role.sector, role.start, role.end, role.source) for _, role in entries
        )
        people.append(Person(name, aliases, offices))
    return tuple(people)


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Load every knowledge file under ``data_dir`` (the package's own by default) and check it.

    Raises :class:`KnowledgeLoadError` listing every malformed entry with its file and line.
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    loader = _Loader()
    cameo = loader.rows(base / "cameo.csv", CameoRow)
    countries = loader.rows(base / "countries.csv", CountryRow)
    places = loader.rows(base / "places.csv", PlaceRow)
    organisations = loader.rows(base / "organisations.csv", OrganisationRow)
    agents = loader.rows(base / "agents.csv", AgentRow)
    topics = loader.rows(base / "topics.csv", TopicRow)
    lexicon = loader.rows(base / "lexicon.csv", LexiconRow)
    noun_classes = loader.rows(base / "noun_classes.csv", NounClassRow)
    complements = loader.rows(base / "complements.csv", ComplementRow)
    genders = loader.rows(base / "gender.csv", GenderRow)
    roles: list[tuple[Row, RoleRow]] = []
    people_files = sorted((base / "people").glob("*.csv"))
    if not people_files:
        loader.errors.append(KnowledgeError(str(base / "people"), 0, "no people files"))
    for path in people_files:
        roles.extend(loader.rows(path, RoleRow))

    loader.unique(cameo, lambda row: row.code, "CAMEO code")
    loader.unique(countries, lambda row: row.iso3, "country")
    loader.unique(topics, lambda row: row.topic, "topic")
    loader.unique(agents, lambda row: row.term.lower(), "agent term")
    loader.unique(noun_classes, lambda row: row.name, "noun class")
    loader.unique(complements, lambda row: (row.governs, row.complement), "complement")
    codes = {row.code for _, row in cameo}
    classes = {row.name for _, row in noun_classes}
    for row, entry in [*lexicon, *complements]:
        if entry.code not in codes:
            loader.errors.append(KnowledgeError(row.path, row.line, f"unknown CAMEO code {entry.code!r}"))
    for row, entry in lexicon:
        if entry.object.startswith("@") and entry.object != "@ANY" and entry.object[1:] not in classes:
            loader.errors.append(KnowledgeError(row.path, row.line, f"unknown noun class {entry.object!r}"))
    iso3 = {country.iso3 for _, country in countries}
    loader.known_country(places, iso3, allow_empty=True)
    loader.known_country(organisations, iso3, allow_empty=True)
    loader.known_country(roles, iso3, allow_empty=False)
    people = _people(loader, roles)
    names = {person.name for person in people}
    for row, entry in genders:
        if entry.name not in names:
            loader.errors.append(KnowledgeError(row.path, row.line, f"{entry.name!r} is not in people/*.csv"))
    if loader.errors:
        raise KnowledgeLoadError(loader.errors)
    return KnowledgeBase(
        cameo={row.code: row for _, row in cameo},
        countries={row.iso3: row for _, row in countries},
        places=tuple(row for _, row in places),
        people=people,
        organisations=tuple(row for _, row in organisations),
        agents=tuple(row for _, row in agents),
        topics=tuple(row for _, row in topics),
        lexicon=tuple(row for _, row in lexicon),
        noun_classes={row.name: row for _, row in noun_classes},
        complements=tuple(row for _, row in complements),
        genders={row.name: row.gender for _, row in genders},
        sources=loader.sources,
    )


@functools.lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The knowledge base in use (the package's own, or ``ACCORD_KNOWLEDGE_DIR``), loaded once per process."""
    from accord.settings import knowledge_dir

    folder = knowledge_dir()
    return load_knowledge(Path(folder) if folder else None)
