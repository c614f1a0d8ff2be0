"""The seed article (../shared/seed, not shipped with accord): its actors resolve as a careful coder would."""

from __future__ import annotations

from accord.actors import find_mentions
from tests.conftest import shared_file


def test_seed_article_actors(resolver):
    text = shared_file("seed", "us-japan-alliance.txt").read_text(encoding="utf-8")
    mentions = find_mentions(resolver, text, "2025-10-28")
    found = {(m.actor.code, m.actor.name) for m in mentions}
    assert ("USAGOV", "Donald Trump") in found
    assert ("JPNGOV", "Sanae Takaichi") in found  # Japan's prime minister since 2025-10-21
    assert ("CHNGOV", "Xi Jinping") in found
    assert ("JPNELI", "Shinzo Abe") in found  # "former Prime Minister Shinzo Abe"
    codes = {m.actor.code for m in mentions}
    assert {"THA", "KHM", "KOR", "JPNGOV", "USA"} <= codes
    for m in mentions:
        assert text[m.start : m.end] == m.text  # offsets point at the words


def test_us_japan_is_two_actors(resolver):
    mentions = find_mentions(resolver, "The US-Japan alliance is gaining momentum.", "2025-10-28")
    assert [m.actor.code for m in mentions] == ["USA", "JPN"]
