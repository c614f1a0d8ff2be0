"""The coder's rules on sentences of our own: voice, coordination, negation, modality, reported speech,
references, amounts, places, deduplication."""

from __future__ import annotations

import pytest

from accord.coding.coder import Coder

DAY = "2025-10-28"


@pytest.fixture(scope="module")
def coder(kb):
    return Coder(kb)


def keys(coder, text, day=DAY):
    return [(e.key, e.modality) for e in coder.code_text(text, day)]


def codes(coder, text, day=DAY):
    return {e.key for e in coder.code_text(text, day)}


def test_active_voice(coder):
    assert ("USAGOV", "JPNGOV", "051") in codes(coder, "President Donald Trump praised Prime Minister Sanae Takaichi.")


def test_passive_voice_swaps_roles(coder):
    found = codes(coder, "Prime Minister Sanae Takaichi was praised by President Donald Trump.")
    assert ("USAGOV", "JPNGOV", "051") in found


def test_coordinated_sources_are_two_actors(coder):
    found = codes(coder, "Brazil and Argentina condemned the attack on Venezuela.")
    assert {k[0] for k in found if k[1] == "VEN"} >= {"BRA", "ARG"}


def test_negation_is_no_event(coder):
    assert not [k for k in codes(coder, "Japan did not sign the agreement with China.") if k[2] == "057"]
    assert [k for k in codes(coder, "Japan signed the agreement with China.") if k[2] == "057"]


def test_future_and_plans_are_intent(coder):
    found = keys(coder, "Trump will meet Chinese President Xi Jinping next week.")
    assert (("USAGOV", "CHNGOV", "036"), "intent") in found
    planned = keys(coder, "Japan plans to visit India next month.")
    assert any(k[0] == "JPN" and k[2].startswith("03") and m == "intent" for k, m in planned)


def test_conditionals_and_hypotheticals_are_not_events(coder):
    assert not codes(coder, "If Russia attacks Ukraine, NATO would impose sanctions on Moscow.")


def test_reported_speech_codes_the_reported_act(coder):
    found = codes(coder, "Ukrainian officials said Russian forces shelled Kharkiv.")
    assert any(k[0].startswith("RUS") and k[2].startswith(("19", "18")) for k in found)
    assert not any(k[0] == "UKRGOV" and k[2].startswith("19") for k in found)


def test_pronouns_and_titles_refer_back(coder):
    text = ("Japanese Prime Minister Sanae Takaichi arrived in Canberra on Monday. "
            "She praised Australia's support. The prime minister signed a defence agreement with Australia.")
    found = codes(coder, text)
    assert ("JPNGOV", "AUS", "051") in found or ("JPNGOV", "AUSGOV", "051") in found
    assert any(k[0] == "JPNGOV" and k[1].startswith("AUS") and k[2] == "057" for k in found)


def test_the_two_leaders_act_on_each_other(coder):
    text = ("Thai Prime Minister Anutin Charnvirakul met Cambodian Prime Minister Hun Manet. "
            "The two leaders signed a ceasefire agreement.")
    found = codes(coder, text)
    assert ("THAGOV", "KHMGOV", "057") in found and ("KHMGOV", "THAGOV", "057") in found


def test_amounts_locations_and_issues(coder):
    events = coder.code_text("Washington pressed Tokyo for $550 billion of investment during talks in Osaka.", DAY)
    assert events
    record = events[0].to_record()
    assert record["attributes"]["amount"] == {"value": 550_000_000_000, "currency": "USD"}
    assert record["location"] == {"name": "Osaka", "country": "JPN"}
    assert "INVESTMENT" in record["issues"]


def test_identical_events_in_one_document_are_one(coder):
    text = "China criticized Japan. Later, China criticized Japan again."
    assert [k for k, _ in keys(coder, text)].count(("CHN", "JPN", "111")) <= 1


def test_statements_only_when_nothing_else(coder):
    found = codes(coder, "The Japanese foreign ministry said Tokyo condemned the missile launch by North Korea.")
    assert not any(k[2].startswith("01") for k in found)


def test_no_event_without_an_actor(coder):
    assert not codes(coder, "These resources are vital for military technology and electronics.")


def test_event_ids_are_stable(coder):
    text = "President Donald Trump praised Prime Minister Sanae Takaichi."
    first = [e.event_id for e in coder.code_text(text, DAY)]
    assert first and first == [e.event_id for e in Coder().code_text(text, DAY)]


def test_a_refused_future_act_is_a_rejection(coder):
    found = codes(coder, "Bangladesh said it will not accept refugees from Myanmar.")
    assert any(k[0] == "BGD" and k[2].startswith("12") for k in found)


def test_failing_to_agree_is_a_rejection_not_an_agreement(coder):
    found = codes(coder, "Ukraine and Russia failed to reach an agreement on a prisoner exchange.")
    assert not any(k[2] == "057" for k in found)
    assert any(k[2].startswith("12") for k in found)
