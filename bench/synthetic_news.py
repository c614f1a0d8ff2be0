"""Synthetic news articles for the ingest tests and benchmarks: short English stories written from templates
(varied actors, acts, places and days), deterministic for a seed. Some stories are carried by several
outlets in different words around the same sentence, as wire stories are: one event, many articles.

    from bench.synthetic_news import articles
    docs = articles(300, seed=1)   # [{"id", "date", "title", "source", "text"}, ...]
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

# (how the actor opens a sentence, how it is named as the object)
ACTORS = [
    ("Japan's government", "Japan"), ("China's government", "China"), ("The French government", "France"),
    ("The German government", "Germany"), ("Indian officials", "India"), ("Pakistani officials", "Pakistan"),
    ("Brazil's foreign minister", "Brazil"), ("Argentina's government", "Argentina"),
    ("Turkey's government", "Turkey"), ("Israeli officials", "Israel"), ("Kenya's president", "Kenya"),
    ("Ethiopian officials", "Ethiopia"), ("South Korean officials", "South Korea"),
    ("North Korean officials", "North Korea"), ("Iran's foreign ministry", "Iran"),
    ("Saudi officials", "Saudi Arabia"), ("Canada", "Canada"), ("Mexico", "Mexico"), ("Russia", "Russia"),
    ("Ukrainian officials", "Ukraine"), ("Egypt's government", "Egypt"), ("Nigeria's government", "Nigeria"),
    ("Australian officials", "Australia"), ("Indonesia's government", "Indonesia"),
]
ACTS = [
    "praised {t} for the agreement", "criticized {t} over the budget dispute", "met officials from {t}",
    "accused {t} of violating the accord", "condemned {t} over the border incident",
    "warned {t} against interference", "rejected a proposal from {t}", "imposed sanctions on {t}",
    "signed a trade agreement with {t}", "threatened new tariffs on goods from {t}",
]
PLACES = ["Geneva", "Brussels", "Nairobi", "Jakarta", "Vienna", "Doha", "Singapore", "Oslo"]
FILLER = [
    "Analysts said the move had been expected for weeks.", "Markets were little changed on the news.",
    "The talks are set to resume next month.", "Details of the plan were not made public.",
    "Officials declined to comment further.", "The statement came after days of speculation.",
    "Diplomats described the mood as tense.", "Observers expect further announcements.",
]
OUTLETS = ["Wire One", "Daily Ledger", "Morning Courier", "Evening Post", "Global Desk"]


def story(rng: random.Random) -> tuple[str, str, str]:
    """One event sentence, its title and the place it was filed from."""
    source, target = rng.sample(ACTORS, 2)
    act = rng.choice(ACTS).format(t=target[1])
    place = rng.choice(PLACES)
    return f"{source[0]} {act} on Tuesday.", f"{source[1]}: {act}", place


def articles(count: int, seed: int = 1, start: str = "2025-01-01", days: int = 120,
             reprint_share: float = 0.2) -> list[dict[str, str]]:
    """``count`` articles; about ``reprint_share`` of them retell a story already told, the same day, by
    another outlet in other words (the same event, a different document)."""
    rng = random.Random(seed)
    first = dt.date.fromisoformat(start)
    told: list[tuple[str, str, str, str]] = []  # sentence, title, place, date
    out = []
    for number in range(count):
        if told and rng.random() < reprint_share:
            sentence, title, place, date = rng.choice(told)
        else:
            sentence, title, place = story(rng)
            date = (first + dt.timedelta(days=rng.randrange(days))).isoformat()
            told.append((sentence, title, place, date))
        second = story(rng)[0] if rng.random() < 0.5 else ""
        filler = " ".join(rng.sample(FILLER, 2))
        text = f"{place.upper()} - {sentence} {filler} {second}".strip() + f" (Story {number}.)"
        out.append({"id": f"syn-{seed}-{number:06d}", "date": date, "title": title[0].upper() + title[1:],
                    "source": rng.choice(OUTLETS), "text": text})
    return out


def write_jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path
