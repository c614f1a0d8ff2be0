"""End to end: the seed article (../shared/seed, not shipped) coded as a careful human coder would."""

from __future__ import annotations

import pytest

from accord.coding.coder import Coder
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def events(kb):
    text = shared_file("seed", "us-japan-alliance.txt").read_text(encoding="utf-8")
    return [e.to_record() for e in Coder(kb).code_text(text, date="2025-10-28", doc_id="seed")]


def _has(events, source, target, code_prefix):
    return [e for e in events
            if (e["source"] or {}).get("code") == source
            and (target is None or (e["target"] or {}).get("code", "").startswith(target))
            and e["cameo"].startswith(code_prefix)]


def test_president_praises_japans_prime_minister(events):
    praise = _has(events, "USAGOV", "JPNGOV", "051")
    assert praise and praise[0]["target"]["name"] == "Sanae Takaichi"
    assert praise[0]["plover"]["event"] == "SUPPORT"


def test_visit_to_tokyo(events):
    assert _has(events, "USAGOV", "JPN", "042")


def test_agreements_signed_by_both_leaders(events):
    assert _has(events, "USAGOV", "JPNGOV", "057") and _has(events, "JPNGOV", "USAGOV", "057")
    minerals = [e for e in _has(events, "USAGOV", "JPNGOV", "057") if "CRITICAL_MINERALS" in e["issues"]]
    assert minerals


def test_push_for_japanese_investment_with_amount(events):
    push = _has(events, "USAGOV", "JPN", "02")
    assert push
    assert any((e["attributes"].get("amount") or {}).get("value") == 550_000_000_000 for e in push)


def test_japan_promises_to_strengthen_ties(events):
    assert _has(events, "JPNGOV", None, "03")


def test_coming_meeting_with_xi(events):
    meet = _has(events, "USAGOV", "CHNGOV", "036")
    assert meet and meet[0]["modality"] == "intent"


def test_china_restricts_exports_and_us_threatens_tariffs(events):
    assert _has(events, "CHN", None, "16")
    assert _has(events, "USAGOV", None, "1312")


def test_ceasefire_pushed_between_thailand_and_cambodia(events):
    assert _has(events, "USAGOV", "THA", "02") and _has(events, "USAGOV", "KHM", "02")


def test_trip_on_to_south_korea(events):
    assert _has(events, "USAGOV", "KOR", "036")


def test_nothing_from_commentary_or_trailer(events):
    texts = {e["text"] for e in events}
    assert not any("vital for military technology" in t for t in texts)
    assert not any("Leave a Reply" in t for t in texts)


def test_evidence_offsets_point_into_the_text(kb):
    text = shared_file("seed", "us-japan-alliance.txt").read_text(encoding="utf-8")
    for event in Coder(kb).code_text(text, date="2025-10-28", doc_id="seed"):
        record = event.to_record()
        trigger = record["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        for side in ("source", "target"):
            if record[side]:
                assert text[record[side]["start"] : record[side]["end"]] == record[side]["text"]
