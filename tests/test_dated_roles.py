"""The same name or title on different dates gives the office held then (leaders who changed 2020-2026)."""

from __future__ import annotations

import pytest

# (phrase, date, expected code, expected person or None when the phrase is a name)
TITLE_HOLDERS = [
    ("Japan's prime minister", "2019-05-01", "JPNGOV", "Shinzo Abe"),
    ("Japan's prime minister", "2021-03-01", "JPNGOV", "Yoshihide Suga"),
    ("Japan's prime minister", "2023-03-01", "JPNGOV", "Fumio Kishida"),
    ("Japan's prime minister", "2025-03-01", "JPNGOV", "Shigeru Ishiba"),
    ("Japan's prime minister", "2025-10-28", "JPNGOV", "Sanae Takaichi"),
    ("the US president", "2019-05-01", "USAGOV", "Donald Trump"),
    ("the US president", "2023-05-01", "USAGOV", "Joe Biden"),
    ("the US president", "2025-10-28", "USAGOV", "Donald Trump"),
    ("British Prime Minister", "2020-05-01", "GBRGOV", "Boris Johnson"),
    ("British Prime Minister", "2023-05-01", "GBRGOV", "Rishi Sunak"),
    ("British Prime Minister", "2025-01-10", "GBRGOV", "Keir Starmer"),
    ("the German chancellor", "2020-05-01", "DEUGOV", "Angela Merkel"),
    ("the German chancellor", "2023-05-01", "DEUGOV", "Olaf Scholz"),
    ("the German chancellor", "2025-10-01", "DEUGOV", "Friedrich Merz"),
    ("South Korean President", "2021-05-01", "KORGOV", "Moon Jae-in"),
    ("South Korean President", "2023-05-01", "KORGOV", "Yoon Suk Yeol"),
    ("South Korean President", "2025-10-01", "KORGOV", "Lee Jae-myung"),
    ("Thailand's prime minister", "2021-05-01", "THAGOV", "Prayut Chan-o-cha"),
    ("Thailand's prime minister", "2024-01-10", "THAGOV", "Srettha Thavisin"),
    ("Thailand's prime minister", "2025-01-10", "THAGOV", "Paetongtarn Shinawatra"),
    ("Thailand's prime minister", "2025-10-28", "THAGOV", "Anutin Charnvirakul"),
    ("Canadian Prime Minister", "2024-05-01", "CANGOV", "Justin Trudeau"),
    ("Canadian Prime Minister", "2025-10-01", "CANGOV", "Mark Carney"),
    ("Australian Prime Minister", "2021-05-01", "AUSGOV", "Scott Morrison"),
    ("Australian Prime Minister", "2024-05-01", "AUSGOV", "Anthony Albanese"),
    ("the Italian prime minister", "2021-05-01", "ITAGOV", "Mario Draghi"),
    ("the Italian prime minister", "2024-05-01", "ITAGOV", "Giorgia Meloni"),
    ("Mexico's president", "2022-05-01", "MEXGOV", "Andres Manuel Lopez Obrador"),
    ("Mexico's president", "2025-05-01", "MEXGOV", "Claudia Sheinbaum"),
    ("Brazil's president", "2021-05-01", "BRAGOV", "Jair Bolsonaro"),
    ("Brazil's president", "2024-05-01", "BRAGOV", "Luiz Inacio Lula da Silva"),
    ("the Chinese premier", "2020-05-01", "CHNGOV", "Li Keqiang"),
    ("the Chinese premier", "2024-05-01", "CHNGOV", "Li Qiang"),
]


@pytest.mark.parametrize(("phrase", "date", "code", "holder"), TITLE_HOLDERS)
def test_a_title_names_the_holder_on_the_date(resolver, phrase, date, code, holder):
    actor = resolver.resolve(phrase, date)
    assert actor is not None and actor.code == code
    assert actor.name == holder, f"{phrase} on {date}: {actor.name}"


@pytest.mark.parametrize(
    ("name", "date", "code"),
    [
        ("Shinzo Abe", "2019-05-01", "JPNGOV"),
        ("Shinzo Abe", "2021-05-01", "JPNELI"),  # after his office: an elite of Japan
        ("Sanae Takaichi", "2025-10-28", "JPNGOV"),
        ("Donald Trump", "2019-05-01", "USAGOV"),
        ("Donald Trump", "2023-05-01", "USAELI"),
        ("Donald Trump", "2025-10-28", "USAGOV"),
        ("Angela Merkel", "2019-05-01", "DEUGOV"),
        ("Angela Merkel", "2023-05-01", "DEUELI"),
        ("Boris Johnson", "2021-05-01", "GBRGOV"),
        ("Boris Johnson", "2024-05-01", "GBRELI"),
        ("Yoon Suk Yeol", "2023-05-01", "KORGOV"),
        ("Yoon Suk Yeol", "2025-10-01", "KORELI"),
        ("Paetongtarn Shinawatra", "2025-01-10", "THAGOV"),
        ("Justin Trudeau", "2025-10-01", "CANELI"),
        ("Joe Biden", "2023-05-01", "USAGOV"),
        ("Olaf Scholz", "2025-10-01", "DEUELI"),
    ],
)
def test_a_name_codes_as_the_office_held_that_day(resolver, name, date, code):
    actor = resolver.resolve(name, date)
    assert actor is not None and actor.code == code, f"{name} on {date}: {actor}"


def test_family_name_alone_picks_the_bearer_in_office(resolver):
    assert resolver.resolve("Takaichi", "2025-10-28").name == "Sanae Takaichi"
    assert resolver.resolve("Trump", "2025-10-28").code == "USAGOV"
    assert resolver.resolve("Xi", "2025-10-28").code == "CHNGOV"


def test_former_title_codes_as_elite(resolver):
    actor = resolver.resolve("former Japanese prime minister", "2025-10-28")
    assert actor.code == "JPNELI" and actor.name is None


def test_heads_of_organisations_code_as_the_organisation_then_as_elites_of_their_country(resolver):
    assert resolver.resolve("Charles Michel", "2022-06-01").code == "IGOEEC"
    assert resolver.resolve("Charles Michel", "2025-06-01").code == "BELELI"
    assert resolver.resolve("Mark Rutte", "2020-06-01").code == "NLDGOV"
    assert resolver.resolve("Mark Rutte", "2025-06-01").code == "IGOWSTNAT"
    assert resolver.resolve("Antonio Guterres", "2025-10-28").country == "UNO"
