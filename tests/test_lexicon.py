"""The trigger lexicon: coverage of CAMEO, word forms, and the choice of the most specific row."""

from __future__ import annotations

import pytest

from accord.coding.lexicon import Frame, Lexicon, verb_forms


@pytest.fixture(scope="module")
def lexicon(kb):
    return Lexicon(kb)


def test_lexicon_reaches_every_root_and_150_codes(kb):
    codes = {row.code for row in kb.lexicon}
    assert len(codes) >= 150
    assert {code[:2] for code in codes} == {f"{n:02d}" for n in range(1, 21)}
    for code in codes:  # each code carries its PLOVER event through the ontology (01x: none in PLOVER)
        assert code in kb.cameo and (kb.cameo[code].plover_event or code.startswith("01"))


def test_regular_and_irregular_forms(lexicon):
    assert {"sign", "signs", "signed", "signing"} <= verb_forms("sign")
    assert {"praised", "praising"} <= verb_forms("praise")
    assert {"denied", "denies"} <= verb_forms("deny")
    assert {"banned", "banning"} <= verb_forms("ban")
    assert lexicon.lemma("met", "verb") == "meet"
    assert lexicon.lemma("signed", "verb") == "sign"


def _frame(particles=(), preps=(), **objects):
    return Frame(frozenset(particles), frozenset(preps), {k: frozenset(v) for k, v in objects.items()})


def test_the_object_decides_the_code(lexicon):
    assert lexicon.choose("sign", "verb", _frame(dobj={"agreement"})).code == "057"
    assert lexicon.choose("threaten", "verb", _frame(dobj={"tariff"})).code == "1312"
    assert lexicon.choose("restrict", "verb", _frame(dobj={"export"})).code == "163"
    assert lexicon.choose("push", "verb", _frame(preps={"for"}, **{"for": {"ceasefire"}})).code.startswith("02")


def test_governing_verbs_derive_codes_from_the_governed_one(lexicon):
    assert lexicon.derive("intent", "043") == "036"
    assert lexicon.derive("appeal", "0871") == "0256"
    assert lexicon.derive("threaten", "163") == "1312"
    assert lexicon.derive("reject", "057") == "127"


def test_any_object_rows_need_an_object_and_yield_to_named_ones(lexicon):
    with_object = _frame(preps={"to"}, dobj={"painting"}, **{"to": {"brazil"}})
    assert lexicon.choose("return", "verb", with_object).code == "084"
    assert lexicon.choose("give", "verb", _frame(preps={"to"}, dobj={"support"})).code == "051"
