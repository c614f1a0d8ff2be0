"""The event filters shared by ``accord events``, ``accord network`` and ``accord dyad``: their options,
declared once, and their check before any query is made."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from accord.cli.common import err
from accord.ingest.prepare import iso_day
from accord.store import EventFilter

# The filter options, as typer reads them (``source: SourceOption = None``).
SourceOption = Annotated[str | None, typer.Option(
    "--source", help="Source actor code; a country code matches all its actors.")]
TargetOption = Annotated[str | None, typer.Option(
    "--target", help="Target actor code; a country code matches all its actors.")]
CountryOption = Annotated[str | None, typer.Option(
    "--country", help="Either side of this country (USA matches USAGOV, ...).")]
CodeOption = Annotated[str | None, typer.Option("--code", help="CAMEO code (051) or root (05).")]
QuadOption = Annotated[int | None, typer.Option(
    "--quad", help="Quad class: 1 verbal coop., 2 material coop., 3, 4 conflict.")]
IssueOption = Annotated[str | None, typer.Option("--issue", help="Issue tag (TRADE, SANCTIONS, ...).")]
StartOption = Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD), inclusive.")]
EndOption = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), inclusive.")]

_CODE = re.compile(r"\d{2,4}")
_ACTOR = re.compile(r"[A-Za-z0-9]{3,30}")


def actor_code(value: str | None, option: str, command: str) -> str | None:
    """An actor or country code, upper-cased; anything else is a clear error (exit 2)."""
    if value is None:
        return None
    if not _ACTOR.fullmatch(value.strip()):
        err(f"accord {command}: {option} takes an actor or country code (USA, USAGOV, ...), not {value!r}")
        raise typer.Exit(2)
    return value.strip().upper()


def event_filter(command: str, *, source: str | None = None, target: str | None = None,
                 country: str | None = None, code: str | None = None, quad: int | None = None,
                 issue: str | None = None, start: str | None = None, end: str | None = None) -> EventFilter:
    if code is not None and not _CODE.fullmatch(code.strip()):
        err(f"accord {command}: --code takes a CAMEO code or a two-digit root (051, 05), not {code!r}")
        raise typer.Exit(2)
    if quad is not None and quad not in (1, 2, 3, 4):
        err(f"accord {command}: --quad takes 1, 2, 3 or 4, not {quad}")
        raise typer.Exit(2)
    days = {}
    for option, value in (("--from", start), ("--to", end)):
        if value is not None and iso_day(value) is None:
            err(f"accord {command}: {option} must be YYYY-MM-DD, not {value!r}")
            raise typer.Exit(2)
        days[option] = iso_day(value) if value is not None else None
    return EventFilter(
        source=actor_code(source, "--source", command), target=actor_code(target, "--target", command),
        country=actor_code(country, "--country", command), code=code.strip() if code else None,
        quad_class=quad, issue=issue.strip().upper() if issue and issue.strip() else None,
        start=days["--from"], end=days["--to"],
    )
