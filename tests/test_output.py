"""Event records flattened for TSV/CSV/Parquet: one fixed header, the same fields as JSONL."""

from __future__ import annotations

import io

from accord.output import COLUMNS, EventWriter, flatten

RECORD = {
    "event_id": "abc", "doc_id": "d1", "sentence": 0, "date": "2025-10-28",
    "source": {"code": "USAGOV", "country": "USA", "sector": "GOV", "text": "Trump", "start": 0, "end": 5},
    "target": None, "cameo": "1312", "cameo_root": "13", "cameo_name": "Threaten", "quad_class": 3,
    "goldstein": -5.8, "plover": {"event": "THREATEN", "mode": "restrict"},
    "trigger": {"text": "threatened", "start": 6, "end": 16}, "negated": False, "modality": "asserted",
    "location": None, "issues": ["TRADE", "SANCTIONS"],
    "attributes": {"amount": {"value": 10, "currency": "USD"}, "note": "x\ty"},
    "text": "Trump threatened\ttariffs.", "coder": "accord 0.1.0",
}


def test_flatten_names_every_nested_field():
    row = flatten(RECORD)
    assert list(row) == list(COLUMNS)
    assert row["source_code"] == "USAGOV" and row["target_code"] is None
    assert row["plover_event"] == "THREATEN" and row["trigger_start"] == 6
    assert row["issues"] == "TRADE|SANCTIONS" and row["amount_value"] == 10 and row["amount_currency"] == "USD"


def test_tsv_rows_never_break_on_tabs():
    out = io.StringIO()
    writer = EventWriter(out, "tsv")
    writer.write([RECORD])
    writer.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(line.count("\t") == len(COLUMNS) - 1 for line in lines)


def test_empty_output_still_has_a_header():
    out = io.StringIO()
    writer = EventWriter(out, "csv")
    writer.close()
    assert out.getvalue().strip() == ",".join(COLUMNS)
