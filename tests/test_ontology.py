"""The CAMEO/PLOVER ontology file: complete, consistent, with the codebook's facts."""

from __future__ import annotations


def test_every_root_and_about_three_hundred_codes(kb):
    roots = {code for code in kb.cameo if len(code) == 2}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert 300 <= len(kb.cameo) <= 330
    assert sum(len(code) == 4 for code in kb.cameo) >= 90


def test_quad_classes_follow_gdelt(kb):
    for code, row in kb.cameo.items():
        root = int(code[:2])
        assert row.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4), code


def test_known_codes_carry_codebook_facts(kb):
    assert kb.cameo["057"].name == "Sign formal agreement"
    assert kb.cameo["057"].goldstein == 8.0
    assert kb.cameo["1312"].plover_event == "THREATEN"
    assert kb.cameo["0871"].plover_mode == "ceasefire"
    assert kb.cameo["036"].plover_event == "AGREE"
    assert kb.cameo["190"].goldstein == -10.0


def test_plover_events_cover_every_code_but_statements(kb):
    for code, row in kb.cameo.items():
        if code.startswith("01"):
            assert row.plover_event == "", code  # PLOVER has no public-statement event
        else:
            assert row.plover_event, code
    assert kb.cameo["0231"].plover_event == "REQUEST"  # appeals fold into REQUEST
