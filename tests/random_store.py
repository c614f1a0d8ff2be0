"""A randomized store for tests that compare in-memory answers with the SQL's (test_snapshot, test_event_index):
the awkward cases on purpose: actors without a code or without a country, three-letter codes that are no
country (REB, NGO), missing dates and quad classes, a quad class outside 1-4, non-ASCII issues and text,
quotes, backslashes and control characters in the text, locations and attributes."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from accord.store import StoredDocument, content_hash, open_store

CODES = [("USA", "USA"), ("USAGOV", "USA"), ("USAMIL", "USA"), ("JPN", "JPN"), ("JPNGOV", "JPN"), ("CHN", "CHN"),
         ("CHNBUS", "CHN"), ("RUS", "RUS"), ("UKR", "UKR"), ("UKRMIL", "UKR"), ("REB", None), ("IGOUNO", None),
         ("MNC", None), ("NGO", None), ("GOV", None), ("THA", "THA"), ("THAMIL", "THA"), ("KHM", "KHM")]
PLOVER = ["AGREE", "CONSULT", "COOPERATE", "AID", "ACCUSE", "THREATEN", "SANCTION", "ASSAULT", None, ""]
ISSUES = [[], [], ["TRADE"], ["SANCTIONS"], ["TRADE", "SANCTIONS"], ["TRADE_WAR"], ["ÉNERGIE"]]
# dates crossing week, month and year boundaries (2025-12-29 is a Monday in ISO week 1 of 2026)
DAYS = [dt.date(2024, 2, 26) + dt.timedelta(days=k) for k in range(8)] + \
       [dt.date(2025, 12, 24) + dt.timedelta(days=k) for k in range(16)] + \
       [dt.date(2016, 1, 1), dt.date(2020, 2, 29), dt.date(2021, 1, 3), dt.date(2021, 1, 4)]


TEXTS = ["s", "Ünïcode “quotes” and a \\ back\"slash", "tab\tnew\nline \x01", "北京 announced", ""]
LOCATIONS = [None, None, {"country": "JPN", "name": "Tōkyō"}, {"country": None, "name": "the \"front\""}]
ATTRIBUTES = [{}, {}, {"amount": 5.5e11, "currency": "USD"}, {"flags": [1, 2.25, None, True]}]


def _side(rng: random.Random) -> dict[str, Any] | None:
    roll = rng.random()
    if roll < 0.03:
        return None  # no actor at all
    if roll < 0.06:
        return {"code": None, "country": rng.choice(["USA", "JPN"])}  # a country but no code: never an edge
    code, country = rng.choice(CODES)
    return {"code": code, "country": country, "sector": code[3:] or None}


def _records(rng: random.Random, n: int, extra_codes: list[tuple[str, str | None]] = ()) -> tuple[list, list]:
    documents, events = [], []
    codes = [*CODES, *extra_codes]
    for i in range(n):
        text = f"synthetic document {i} {rng.random()}"
        doc = StoredDocument(doc_hash=content_hash(text), doc_id=f"d{i}", text=text, outlet=f"o{i % 3}",
                             coder_version=rng.choice(["v1", "v2"]))
        documents.append(doc)
        for j in range(rng.randint(1, 3)):
            source, target = _side(rng), _side(rng)
            if extra_codes and rng.random() < 0.3:
                code, country = rng.choice(codes)
                source = {"code": code, "country": country}
            quad = rng.choice([1, 2, 3, 4, 1, 2, 3, 4, None, 7])  # 7: no quad column counts it
            goldstein = rng.choice([None, round(rng.uniform(-10, 10), 1)])
            date = rng.choice(DAYS) if rng.random() > 0.05 else None
            events.append((doc.doc_hash, {
                "event_id": f"e{i}-{j}", "sentence": j, "date": date.isoformat() if date else None,
                "source": source, "target": target, "cameo": rng.choice(["010", "036", "042", "112", "190"]),
                "cameo_root": "01", "quad_class": quad, "goldstein": goldstein,
                "plover": {"event": rng.choice(PLOVER), "mode": None}, "issues": rng.choice(ISSUES),
                "text": rng.choice(TEXTS), "coder": doc.coder_version,
                "location": rng.choice(LOCATIONS), "attributes": rng.choice(ATTRIBUTES)}))
    return documents, events


def build_random_store(path: Path, seed: int, n: int = 700, extra_codes: list[tuple[str, str | None]] = ()) -> Path:
    store = open_store(str(path))
    try:
        rng = random.Random(seed)
        for _ in range(3):
            store.add_batch(*_records(rng, n // 3, extra_codes))
    finally:
        store.close()
    return path


