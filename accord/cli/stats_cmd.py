"""``accord stats``: what the event store holds."""

from __future__ import annotations

import json

import typer

from accord.cli.db import DB_HELP, store_session


def stats(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
) -> None:
    """Documents, events (stories), mentions, the date range and events by coder version."""
    with store_session(db, "stats") as store:
        counts = store.stats().to_dict()
        counts["schema_version"] = store.schema_version()
    if as_json:
        print(json.dumps(counts, ensure_ascii=False))
        return
    print(f"documents  {counts['documents']}")
    print(f"events     {counts['events']}")
    print(f"mentions   {counts['mentions']}")
    print(f"dates      {counts['first_date'] or '-'} .. {counts['last_date'] or '-'}")
    for version, n in sorted(counts["coder_versions"].items()):
        print(f"coder      {version}: {n} events")
