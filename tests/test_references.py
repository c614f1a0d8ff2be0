"""References inside a document resolve to the actors named before them."""

from __future__ import annotations

from accord.actors import find_mentions
from accord.coding.references import DocumentMemory

TEXT = ("Japanese Prime Minister Sanae Takaichi met U.S. President Donald Trump in Tokyo. "
        "She praised him. The two leaders signed a deal. China objected.")


def memory(resolver, kb):
    return DocumentMemory(lambda: find_mentions(resolver, TEXT, "2025-10-28"), kb.genders)


def test_he_and_she_follow_gender(resolver, kb):
    m = memory(resolver, kb)
    at = TEXT.index("She praised")
    assert m.resolve(["she"], at)[0].actor.name == "Sanae Takaichi"
    assert m.resolve(["him"], at + 12)[0].actor.name == "Donald Trump"


def test_the_two_leaders_are_the_last_two_named(resolver, kb):
    m = memory(resolver, kb)
    pair = m.resolve(["the", "two", "leaders"], TEXT.index("The two leaders"))
    assert {r.actor.code for r in pair} == {"JPNGOV", "USAGOV"}


def test_it_is_the_last_country(resolver, kb):
    m = memory(resolver, kb)
    assert m.resolve(["it"], len(TEXT))[0].actor.code == "CHN"


def test_a_title_refers_to_its_holder(resolver, kb):
    m = memory(resolver, kb)
    found = m.resolve(["the", "prime", "minister"], TEXT.index("The two leaders"))
    assert found and found[0].actor.name == "Sanae Takaichi"
