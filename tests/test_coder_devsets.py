"""Floors on the coder's development-set scores, so a change that loses accuracy fails here.

Measured with ``accord evaluate GOLD --code`` on ../shared/eval/conflibert-train/train.tsv and
../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.txt (the same scoring code runs here); the floors sit just under
the figures in docs/accuracy.md. Raise them as accuracy improves.
"""

from __future__ import annotations

import pytest

from accord.coding.coder import Coder
from accord.evaluation.gold import read_gold
from accord.evaluation.scoring import code_gold, score
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def coder(kb):
    return Coder(kb)


def _report(coder: Coder, *path: str) -> dict:
    cameo = coder.kb.cameo
    gold = read_gold(shared_file("eval", *path), "auto", cameo)
    return score(gold, code_gold(gold.records, coder, cameo), cameo, worst=0)


def test_five_class_macro_f1_floor(coder):
    report = _report(coder, "conflibert-train", "train.tsv")
    assert report["dimensions"]["class"]["macro"]["f1"] >= 0.87
    assert report["coverage"]["rate"] >= 0.92


def test_plover_gold_floors(coder):
    report = _report(coder, "plover-gsr", "PLOVER_GSR_CAMEO.txt")
    plover = report["dimensions"]["plover"]
    assert plover["accuracy"] >= 0.77  # the first event's PLOVER event equals the gold's (none counts wrong)
    assert plover["micro"]["precision"] >= 0.81
    assert report["dyads"]["source_countries"]["accuracy"] >= 0.87
    assert report["dyads"]["target_countries"]["accuracy"] >= 0.48
