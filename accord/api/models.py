"""The API's request bodies and (for the OpenAPI document) the shapes of its answers.

Handlers return their JSON directly (no second validation of what the store and accord.analysis give: a
1000-event page would cost more to re-validate than to query); these models document the answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DAY = re.compile(DAY_PATTERN)


def check_day(value: str | None) -> str | None:
    """A real calendar day written YYYY-MM-DD (2025-02-30 is refused)."""
    if value is None:
        return None
    if not _DAY.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("not a calendar date") from None
    return value


Day = Annotated[str, AfterValidator(check_day)]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# ---- answers ---------------------------------------------------------------------------------------------------

class Health(BaseModel):
    status: str = "ok"


class StatsOut(BaseModel):
    documents: int
    events: int
    mentions: int
    first_date: str | None
    last_date: str | None
    coder_versions: dict[str, int]


class EventsPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="Event records, newest first (the output contract's fields "
                                                     "plus num_articles, num_sources, doc_hash).")
    total: int = Field(description="Events matching the filters, all pages together.")
    limit: int
    offset: int


class EventList(BaseModel):
    events: list[dict[str, Any]]


class SeriesRow(Open):
    period: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    goldstein_mean: float | None
    plover_score: float | None
    index: float | None
    index_low: float | None
    index_high: float | None


class Momentum(Open):
    slope: float | None
    low: float | None
    high: float | None
    periods: int
    direction: str


class DyadSeries(BaseModel):
    source: str
    target: str
    freq: str
    directed: bool
    series: list[SeriesRow]
    momentum: Momentum


class CompareRow(Open):
    source: str
    target: str
    series: list[SeriesRow]
    momentum: Momentum


class CompareOut(BaseModel):
    dyads: list[CompareRow]


class Span(Open):
    text: str | None
    start: int | None
    end: int | None


class ActorSpan(Span):
    code: str | None


class Evidence(Open):
    event_id: str
    sentence: int | None
    cameo: str | None
    cameo_name: str | None
    quad_class: int | None
    goldstein: float | None
    sentence_text: str | None
    trigger: Span | None
    source: ActorSpan | None
    target: ActorSpan | None


class DocumentOut(Open):
    doc_hash: str
    doc_id: str | None
    title: str | None
    date: str | None
    url: str | None
    outlet: str | None
    text: str = Field(description="The cleaned document: every span's start/end is an offset into it.")
    events: list[Evidence]


class ActorRow(Open):
    code: str
    country: str | None
    name: str | None
    events: int


class ActorsOut(BaseModel):
    actors: list[ActorRow]


class Node(Open):
    id: str
    events: int


class Edge(Open):
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None


class NetworkOut(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class IngestOut(Open):
    read: int
    coded: int
    skipped: dict[str, int]
    duplicates: int
    documents_added: int
    events_written: int
    new_events: int
    batches: int
    dated_today: int
    failed_inputs: list[str]
    seconds: float


class ErrorOut(BaseModel):
    detail: Any


# ---- request bodies --------------------------------------------------------------------------------------------

MAX_BATCH = 1000


class DocumentIn(BaseModel):
    """One document, as a JSONL line of ``accord ingest`` writes it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The article's text (or HTML).")
    date: Annotated[str | None, AfterValidator(check_day)] = Field(
        None, description="YYYY-MM-DD; else the page's date, else today.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200, description="The outlet (Reuters, ...).")
    id: str | None = Field(None, max_length=500, description="The caller's id for the document.")


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[DocumentIn] = Field(min_length=1, max_length=MAX_BATCH)
