"""``accord resolve``: actor phrases (JSONL on stdin, or one --text) to codes (JSONL on stdout)."""

from __future__ import annotations

import json
import sys

import typer

from accord.actors import ActorResolver
from accord.cli.common import err, knowledge_or_exit


def _record(resolver: ActorResolver, text: str, date: str | None, context: str | None) -> dict:
    actor = resolver.resolve(text, date, context)
    out: dict = {"text": text, "code": None, "country": None, "sector": None}
    if actor is not None:
        out.update(actor.to_dict())
    return out


def resolve(
    text: str = typer.Option(None, "--text", help="One actor phrase; without it, read JSONL from stdin."),
    date: str = typer.Option(None, "--date", help="The date (YYYY-MM-DD) the phrase is read on; default today."),
    context: str = typer.Option(None, "--context", help="A country hint used when the phrase names none."),
) -> None:
    """Resolve actor phrases: reads lines {"text": ..., "date": "YYYY-MM-DD"} and writes
    {"text", "code", "country", "sector", "kind", "name", "role"}."""
    resolver = ActorResolver(knowledge_or_exit())
    if text is not None:
        try:
            print(json.dumps(_record(resolver, text, date, context), ensure_ascii=False))
        except ValueError as exc:
            err(f"accord resolve: {exc}")
            raise typer.Exit(2) from None
        return
    done = skipped = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
            out = _record(resolver, record["text"], record.get("date") or date, record.get("context") or context)
        except ValueError as exc:  # JSONDecodeError and bad dates are ValueErrors
            skipped += 1
            err(f"stdin:{number}: skipped: {exc}")
            continue
        print(json.dumps(out, ensure_ascii=False))
        done += 1
    if skipped:
        err(f"accord resolve: {done} resolved, {skipped} skipped")
