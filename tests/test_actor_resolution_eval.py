"""Floors on the actor-resolution development set (NGEC's agent_to_code assertions, ../shared/eval).

Measured with:  .venv/bin/python -m accord.evaluation.actor_cases \
    ../shared/eval/actor-resolution/DERIVED_ngec_actor_resolution_asserts.json
The floors sit just under the figures measured when they were set; raise them as accuracy improves.
"""

from __future__ import annotations

from accord.evaluation.actor_cases import parse_cases, score
from tests.conftest import shared_file

CASES = ("eval", "actor-resolution", "DERIVED_ngec_actor_resolution_asserts.json")


def test_all_333_cases_are_read():
    cases = parse_cases(shared_file(*CASES))
    assert len(cases) == 333
    swapped = [c for c in cases if c.text == "Feliciano Valencia"]
    assert swapped and swapped[0].countries == {"COL"} and swapped[0].sectors == {"LEG"}


def test_country_and_sector_accuracy_floors(resolver):
    report = score(shared_file(*CASES), resolver)["by_kind"]
    assert report["all"]["country"]["accuracy"] >= COUNTRY_FLOOR
    assert report["all"]["sector"]["accuracy"] >= SECTOR_FLOOR


def test_leaders_of_states_and_organisations_all_resolve(resolver):
    # Heads of state and government, and heads of major organisations, named in the set: all must resolve.
    for name, country in [("Kassym-Jomart Tokayev", "KAZ"), ("Nikol Pashinyan", "ARM"), ("Vladimir Putin", "RUS"),
                          ("Emmanuel Macron", "FRA"), ("Alexander Lukashenko", "BLR"), ("Gitanas Nauseda", "LTU"),
                          ("Ibrahim Mohamed Solih", "MDV"), ("Ukhnaagiin Khurelsukh", "MNG")]:
        actor = resolver.resolve(name, "2022-03-01")
        assert actor is not None and actor.country == country and actor.sector == "GOV", (name, actor)


COUNTRY_FLOOR = 0.84
SECTOR_FLOOR = 0.72
