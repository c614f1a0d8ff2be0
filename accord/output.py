"""Writing event records: JSONL as they are; TSV, CSV and Parquet with the same fields flattened
(``source_code``, ``plover_event``, ``trigger_start``, ...) under one fixed header."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

_ACTOR = ("code", "country", "sector", "text", "start", "end", "name", "role")
COLUMNS = (
    "event_id", "doc_id", "sentence", "date",
    *(f"source_{f}" for f in _ACTOR), *(f"target_{f}" for f in _ACTOR),
    "cameo", "cameo_root", "cameo_name", "quad_class", "goldstein", "plover_event", "plover_mode",
    "trigger_text", "trigger_start", "trigger_end", "negated", "modality", "location_name", "location_country",
    "issues", "amount_value", "amount_currency", "attributes", "text", "coder",
)
FORMATS = ("jsonl", "tsv", "csv", "parquet")


def flatten(record: dict[str, Any], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """One flat row of a nested event record; ``extra`` top-level fields follow the fixed columns."""
    row: dict[str, Any] = {key: record.get(key) for key in ("event_id", "doc_id", "sentence", "date", "cameo",
                                                            "cameo_root", "cameo_name", "quad_class", "goldstein",
                                                            "negated", "modality", "text", "coder")}
    for side in ("source", "target"):
        actor = record.get(side) or {}
        for field in _ACTOR:
            row[f"{side}_{field}"] = actor.get(field)
    plover = record.get("plover") or {}
    row["plover_event"], row["plover_mode"] = plover.get("event"), plover.get("mode")
    trigger = record.get("trigger") or {}
    row["trigger_text"], row["trigger_start"], row["trigger_end"] = (trigger.get(k) for k in ("text", "start", "end"))
    location = record.get("location") or {}
    row["location_name"], row["location_country"] = location.get("name"), location.get("country")
    row["issues"] = "|".join(record.get("issues") or [])
    attributes = dict(record.get("attributes") or {})
    amount = attributes.pop("amount", None) or {}
    row["amount_value"], row["amount_currency"] = amount.get("value"), amount.get("currency")
    row["attributes"] = json.dumps(attributes, ensure_ascii=False) if attributes else None
    flat = {column: row.get(column) for column in COLUMNS}
    flat.update((name, record.get(name)) for name in extra)
    return flat


class EventWriter:
    """Streams records to ``out`` in one format; Parquet is collected and written on close. ``extra``: more
    top-level fields after the fixed columns (the store's ``num_articles``, ``num_sources``, ``doc_hash``)."""

    def __init__(self, out: IO[str] | IO[bytes], fmt: str, extra: tuple[str, ...] = ()) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        self.out, self.fmt, self.extra = out, fmt, extra
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._csv = None
        if fmt in ("tsv", "csv"):
            self._csv = csv.DictWriter(out, fieldnames=COLUMNS + extra, delimiter="\t" if fmt == "tsv" else ",",
                                       lineterminator="\n", extrasaction="ignore")
            self._csv.writeheader()

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.count += 1
            if self.fmt == "jsonl":
                self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif self._csv is not None:
                row = flatten(record, self.extra)
                if self.fmt == "tsv":  # a tab or newline inside a field would break the row
                    row = {k: (v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v)
                           for k, v in row.items()}
                self._csv.writerow(row)
            else:
                self._rows.append(flatten(record, self.extra))

    def close(self) -> None:
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pylist(self._rows, schema=_parquet_schema(self.extra))
            pq.write_table(table, self.out)
        self.out.flush()


def _parquet_schema(extra: tuple[str, ...] = ()):  # noqa: ANN202 - pyarrow.Schema, imported lazily
    import pyarrow as pa

    ints = {"sentence", "quad_class", "source_start", "source_end", "target_start", "target_end", "trigger_start",
            "trigger_end", "num_articles", "num_sources"}
    types = {c: pa.int64() if c in ints else pa.string() for c in COLUMNS + extra}
    types.update({"goldstein": pa.float64(), "negated": pa.bool_(), "amount_value": pa.float64()})
    return pa.schema([(c, types[c]) for c in COLUMNS + extra])
