"""Actor resolution of titles, groups, places, seats of power and nationalities (our own examples)."""

from __future__ import annotations

import pytest

DAY = "2025-10-28"


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Japan", "JPN"),
        ("the Kremlin", "RUSGOV"),
        ("Downing Street", "GBRGOV"),
        ("Tokyo", "JPNGOV"),
        ("Washington", "USAGOV"),
        ("Beijing", "CHNGOV"),
        ("Thai troops", "THAMIL"),
        ("Cambodian soldiers", "KHMMIL"),
        ("Cambodians", "KHMCVL"),
        ("the Chinese commerce ministry", "CHNGOV"),
        ("Japan's Self-Defense Forces", "JPNMIL"),
        ("South Korean police", "KORCOP"),
        ("Ukrainian rebels", "UKRREB"),
        ("the Thai opposition", "THAOPP"),
        ("Japanese automakers", "JPNBUS"),
        ("Chinese companies", "CHNBUS"),
        ("Iranian protesters", "IRNCVL"),
        ("US lawmakers", "USALEG"),
        ("a Brazilian judge", "BRAJUD"),
        ("Russian state media", "RUSGOV"),
        ("Russia's ambassador to Poland", "RUSGOV"),
        ("officials in Seoul", "KORGOV"),
        ("negotiators", "GOV"),
        ("the president of France", "FRAGOV"),
        ("Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("Burma", "MMR"),
    ],
)
def test_phrases(resolver, phrase, code):
    actor = resolver.resolve(phrase, DAY)
    assert actor is not None, phrase
    assert actor.code == code, f"{phrase}: {actor}"


def test_places_point_to_their_country(resolver):
    assert resolver.resolve("residents of Osaka", DAY).country == "JPN"
    assert resolver.resolve("Kharkiv", DAY).country == "UKR"
    assert resolver.resolve("Surin province", DAY).country == "THA"


def test_international_organisations(resolver):
    un = resolver.resolve("the United Nations", DAY)
    assert un.country == "UNO" and un.code.startswith("IGO")
    assert resolver.resolve("NATO", DAY).code.startswith("IGO")
    assert resolver.resolve("ASEAN", DAY).country == "IGO"
    assert resolver.resolve("the European Union", DAY).country == "EUR"


def test_acronyms_match_only_in_capitals(resolver):
    assert resolver.resolve("US", DAY).code == "USA"
    assert resolver.resolve("U.S.", DAY).code == "USA"
    assert resolver.resolve("us", DAY) is None


def test_unknown_names_and_things_are_not_actors(resolver):
    assert resolver.resolve("Marcus Plimpton-Vane", DAY) is None
    assert resolver.resolve("puppies", DAY) is None
    assert resolver.resolve("", DAY) is None


def test_a_family_name_inside_an_unknown_full_name_is_not_that_person(resolver):
    # "Blair" alone could be a known politician; "Tony Blair" is someone else entirely.
    actor = resolver.resolve("Tonya Blair", DAY)
    assert actor is None or actor.name != "Bill Blair"


def test_context_supplies_a_missing_country(resolver):
    assert resolver.resolve("Defence Minister", DAY, context="German").code == "DEUGOV"
    assert resolver.resolve("Defence Minister", DAY).code == "GOV"


def test_former_office_holder_is_elite(resolver):
    assert resolver.resolve("a former CIA official", DAY).code == "USAELI"


def test_date_strings_and_today(resolver):
    assert resolver.resolve("Japan's prime minister", "today") is not None
    with pytest.raises(ValueError):
        resolver.resolve("Japan", "yesterday-ish")
