"""`accord evaluate`: the metrics on hand-made inputs with known answers, each gold reader on the real shared
files, and the command end to end. The fixtures below are written here; no gold sentence is copied."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from accord.evaluation.gold import OUTSIDE_CAMEO, Actors, Coding, GoldRecord, GoldSet, read_gold
from accord.evaluation.scoring import (
    Predictions,
    align,
    confusion,
    label_scores,
    read_predictions,
    record_pairs,
    score,
)
from tests.conftest import CLI, shared_file


@pytest.fixture(scope="module")
def cameo(kb):
    return kb.cameo


def event(doc_id, code, source=None, target=None, plover="keep"):
    """An accord output record with only the fields the scorer reads."""
    record = {"doc_id": doc_id, "cameo": code, "cameo_root": code[:2],
              "source": {"code": source, "country": source[:3]} if source else None,
              "target": {"code": target, "country": target[:3]} if target else None}
    if plover != "keep":
        record["plover"] = {"event": plover, "mode": None}
    return record


def jsonl(records):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def run(*args, stdin=None):
    return subprocess.run([str(CLI), "evaluate", *args], input=stdin, capture_output=True, text=True, timeout=120)


# -- metrics ---------------------------------------------------------------------------------------

def test_align_pairs_equal_labels_first_then_substitutions_then_leftovers():
    assert sorted(align(["04", "04", "19"], ["12", "04"]), key=str) == sorted(
        [("04", "04"), ("04", "12"), ("19", None)], key=str)
    assert align([], ["01"]) == [(None, "01")]
    assert align(["03"], []) == [("03", None)]


def test_label_scores_known_answer():
    # a: 2 right of 3 gold, 3 predicted; b: 1 right of 2 gold, 1 predicted; c: predicted once, never gold
    pairs = [("a", "a"), ("a", "a"), ("a", None), ("b", "b"), ("b", "a"), (None, "c")]
    result = label_scores(pairs)
    assert result["labels"]["a"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "gold": 3,
                                     "predicted": 3, "correct": 2}
    assert result["labels"]["b"]["precision"] == 1.0 and result["labels"]["b"]["recall"] == 0.5
    assert result["labels"]["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 0, "predicted": 1,
                                     "correct": 0}
    assert result["micro"]["precision"] == 0.6 and result["micro"]["recall"] == 0.6  # 3 right, 5 pred, 5 gold
    assert result["macro"]["f1"] == round((0.6667 + 0.6667 + 0.0) / 3, 4)  # every label seen, as sklearn
    assert confusion(pairs) == {"-": {"c": 1}, "a": {"-": 1, "a": 2}, "b": {"a": 1, "b": 1}}


def test_first_matching_uses_the_first_event_and_a_missing_label_is_a_miss():
    record = GoldRecord("x", "text", "2000-01-01", [Coding({"plover": "AGREE", "class": "1"})])
    statement, agree = Coding({"class": "0"}), Coding({"plover": "AGREE", "class": "1"})
    assert record_pairs(record, [statement, agree], "plover", "first") == [("AGREE", None)]
    assert record_pairs(record, [agree, statement], "plover", "first") == [("AGREE", "AGREE")]
    assert record_pairs(record, [], "class", "first") == [("1", None)]
    assert record_pairs(record, [agree], "root", "first") is None  # gold has no root: not scored there


def tsv_gold(tmp_path, rows):
    path = tmp_path / "gold.tsv"
    path.write_text("".join(f"{text}\t{label}\n" for text, label in rows), encoding="utf-8")
    return path


def test_tsv_scores_known_answer(tmp_path, cameo):
    path = tsv_gold(tmp_path, [("Alpha praised Beta.", "1"), ("Gamma shelled Delta.", "4"), ("", "2"),
                               ("Epsilon met Zeta.", "1"), ("Eta sent aid to Theta.", "2"), ("Iota spoke.", "9")])
    gold = read_gold(path, "auto", cameo)
    assert gold.format == "tsv" and [r.id for r in gold.records] == ["s0", "s1", "s3", "s4"]
    assert gold.problems.counts == {"not sentence<TAB>class 0-4": 2}
    predictions = read_predictions(jsonl([
        event("s0", "051"),                       # right (class 1)
        event("s1", "042"), event("s1", "190"),   # first event decides: 1 for 4, a cooperation-conflict flip
        event("s3", "010"),                       # class 0 for 1
        # s4: no event
        event("s99", "051"),                      # not a gold id
    ]), "pred", cameo)
    report = score(gold, predictions, cameo, worst=3)
    cls = report["dimensions"]["class"]
    assert cls["records"] == 4 and cls["accuracy"] == 0.25
    assert cls["labels"]["1"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "gold": 2, "predicted": 2, "correct": 1}
    assert cls["labels"]["4"]["recall"] == 0.0 and cls["labels"]["0"]["predicted"] == 1
    assert cls["micro"] == {"precision": 0.3333, "recall": 0.25, "f1": 0.2857, "gold": 4, "predicted": 3, "correct": 1}
    assert cls["confusion"] == {"1": {"0": 1, "1": 1}, "2": {"-": 1}, "4": {"1": 1}}
    assert report["coverage"] == {"records": 4, "with_events": 3, "rate": 0.75}
    assert report["predictions"]["unknown_documents"]["events"] == 1
    assert [w["id"] for w in report["worst"]] == ["s1", "s3", "s4"]  # the flip first, then in file order
    assert report["dyads"]["source_countries"]["gold"] == 0


def test_prediction_lines_that_cannot_be_read_are_counted(cameo):
    lines = ["{not json", "[1, 2]", json.dumps({"cameo": "051"}), json.dumps(event("a", "999")),
             json.dumps(event("a", "abc")), "", json.dumps(event("a", "0211"))]
    predictions = read_predictions(lines, "pred.jsonl", cameo)
    assert predictions.events == 2 and predictions.by_doc["a"][1].labels["root"] == "02"
    assert predictions.by_doc["a"][0].labels == {"cameo": "999"}  # a PETRARCH dictionary's own code: kept
    assert predictions.problems.counts == {"not JSON": 1, "not a JSON object": 1, "no doc_id": 1, "no event code": 1,
                                           OUTSIDE_CAMEO: 1}
    assert predictions.problems.examples[0] == "pred.jsonl:1: not JSON"


def test_a_record_plover_event_wins_over_the_knowledge_base(cameo):
    predictions = read_predictions([json.dumps(event("a", "010", plover=None)),
                                    json.dumps(event("b", "051", plover="AGREE"))], "p", cameo)
    assert "plover" not in predictions.by_doc["a"][0].labels
    assert predictions.by_doc["b"][0].labels["plover"] == "AGREE"


# -- PLOVER ----------------------------------------------------------------------------------------

PLOVER_FIXTURE = [
    {"id": "DOC-1", "event": "DOCUMENT", "comment": "documentation, not a coded sentence"},
    {"id": "P-1", "date": "2001-02-03", "event": "DEMAND", "text": "Arland asked Borsk to pay.",
     "source": [{"actorText": "Arland", "code": "ARL", "sector": "GOV"}],
     "target": [{"actorText": "Borsk", "code": "BOR"}]},
    {"id": "P-2", "event": "FIGHT", "text": "Borsk shelled Arland.",
     "source": [{"actorText": "Borsk", "code": "BOR", "sector": "MIL"}], "target": ""},
    {"id": "P-3", "event": "AGREE", "text": "Arland and Borsk agreed.", "target": "diplomatic",
     "source": [{"actorText": "Arland", "code": "ARL"}, {"actorText": "Borsk", "code": "BOR"}]},
    {"id": "P-4", "event": "WANDER", "text": "An unknown event."},
    {"id": "P-5", "event": "AGREE"},
    "not an object",
]


def plover_gold(tmp_path, with_join=True):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(PLOVER_FIXTURE), encoding="utf-8")
    if with_join:  # a derived join beside it adds CAMEO codes: only the close match counts
        (tmp_path / "x_cameo_example_join.tsv").write_text(
            "plover_id\tplover_event\tsource_codes\ttarget_codes\tcameo_code_of_best_match\tcameo_name\t"
            "token_jaccard\tplover_text\tcameo_manual_example\n"
            "P-1\tDEMAND\tARLGOV\tBOR\t1011\tx\t0.9\tArland asked Borsk to pay.\tx\n"
            "P-2\tFIGHT\tBORMIL\t\t190\tx\t0.3\tBorsk shelled Arland.\tx\n", encoding="utf-8")
    return path


def test_plover_reader_renames_old_events_and_counts_bad_records(tmp_path, cameo):
    gold = read_gold(plover_gold(tmp_path), "auto", cameo)
    assert gold.format == "plover" and [r.id for r in gold.records] == ["P-1", "P-2", "P-3"]
    assert [r.events[0].labels["plover"] for r in gold.records] == ["REQUEST", "ASSAULT", "AGREE"]
    assert gold.records[0].date == "2001-02-03" and gold.records[1].date == "2000-01-01"
    assert gold.records[0].events[0].labels["root"] == "10" and "root" not in gold.records[1].events[0].labels
    assert gold.records[0].events[0].source == Actors(frozenset({"ARLGOV"}), frozenset({"ARL"}))
    assert gold.records[2].events[0].source.countries == {"ARL", "BOR"}
    assert gold.left_out == {"documentation record": 1}
    assert gold.problems.counts == {"target is not a list of actors": 1, "unknown PLOVER event WANDER": 1,
                                    "no id or no text": 1, "a record must be a JSON object": 1}


def test_plover_scores_events_roots_and_actors(tmp_path, cameo):
    gold = read_gold(plover_gold(tmp_path), "plover", cameo)
    predictions = read_predictions(jsonl([
        event("P-1", "1011", "ARLGOV", "BORGOV"),   # REQUEST, root 10; source code right, target country right
        event("P-2", "010", "BORMIL"),              # a statement: no PLOVER event, a miss; source right
        event("P-3", "036", "BORGOV"),              # AGREE; compound source: BOR is one of the two
    ]), "p", cameo)
    report = score(gold, predictions, cameo)
    plover = report["dimensions"]["plover"]
    assert plover["accuracy"] == 0.6667 and plover["micro"]["precision"] == 1.0 and plover["micro"]["recall"] == 0.6667
    assert report["dimensions"]["root"]["records"] == 1 and report["dimensions"]["root"]["accuracy"] == 1.0
    dyads = report["dyads"]
    assert dyads["source_countries"] == {"gold": 3, "coded": 3, "right": 3, "accuracy": 1.0, "accuracy_when_coded": 1.0}
    assert dyads["target_countries"]["right"] == 1 and dyads["target_codes"]["right"] == 0  # BOR is not BORGOV
    assert dyads["source_codes"]["right"] == 2  # ARLGOV and BORMIL; the compound's codes are ARL and BOR
    assert dyads["by_code"]["ARLGOV"] == {"gold": 1, "right": 1, "accuracy": 1.0}


# -- PETRARCH --------------------------------------------------------------------------------------

PETRARCH_FIXTURE = """<Validation>
<!-- a header comment that mentions <Sentence id="FAKE"> and holds <!-- a nested opener -->
<Environment><Verbfile>none</Verbfile></Environment>
<Sentences>
<Sentence date="19950101" id="T-01" category="DEMO">
<EventCoding sourcecode="ARL" targetcode="BOR" eventcode="042"></EventCoding>
<EventCoding sourcecode="BOR" targetcode="ARL" eventcode="043" />
<Text>Arland visited
Borsk.</Text>
</Sentence>
<Sentence date = "19960202" id ="T-02" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
<!--
<Sentence id="COMMENTED-OUT" category="DEMO"><Text>Not a record.</Text></Sentence>
-->
<Sentence date="19950101" id="T-03" category="SYNSET">
<EventCoding sourcecode="ARL/BOR" targetcode="---GOV" eventcode="903"></EventCoding>
<Text>A code of the suite's own.</Text>
</Sentence>
<Sentence date="19950101" id="T-01" category="DEMO"><Text>A repeated id.</Text></Sentence>
<Sentence date="19950101" id="T-04" category="DEMO" evaluate="false"><Text>Bypassed.</Text></Sentence>
<Sentence date="19950101" id="T-05" category="DEMO"></Sentence>
<Sentence date="19950101" id="E-01" category="ERROR">
<EventCoding error="dateline"></EventCoding>
<Text>BADTOWN: -- an input the coder should refuse.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_reader_on_a_hand_made_suite(tmp_path, cameo):
    path = tmp_path / "suite.xml"
    path.write_text(PETRARCH_FIXTURE, encoding="utf-8")
    gold = read_gold(path, "auto", cameo)
    assert gold.format == "petrarch" and gold.matching == "all"
    assert [r.id for r in gold.records] == ["T-01", "T-02", "T-03", "T-01#2"]
    assert [r.id for r in gold.error_records] == ["E-01"]
    first, nothing, own_code, _ = gold.records
    assert first.text == "Arland visited Borsk." and first.date == "1995-01-01" and nothing.date == "1996-02-02"
    assert [e.labels["cameo"] for e in first.events] == ["042", "043"] and nothing.events == []
    assert own_code.events[0].labels == {"cameo": "903"}
    assert own_code.events[0].source.countries == {"ARL", "BOR"} and own_code.events[0].target.countries == set()
    assert gold.left_out == {'evaluate="false"': 1}
    assert gold.problems.counts == {"a Sentence without id or Text": 1,
                                    "event code outside CAMEO's roots (scored on the full code only)": 1}


def test_petrarch_scores_every_coding(tmp_path, cameo):
    path = tmp_path / "suite.xml"
    path.write_text(PETRARCH_FIXTURE, encoding="utf-8")
    gold = read_gold(path, "petrarch", cameo)
    predictions = read_predictions(jsonl([
        event("T-01", "043", "BOR", "ARL"), event("T-01", "190", "ARL", "BOR"),  # one right, one wrong
        event("T-02", "010", "ARL"),                                               # spurious
        event("E-01", "010", "ARL"),                                               # the ERROR record
        # T-01#2 expects nothing and gets nothing
    ]), "p", cameo)
    report = score(gold, predictions, cameo)
    cameo_dim, root = report["dimensions"]["cameo"], report["dimensions"]["root"]
    assert cameo_dim["records"] == 4 and cameo_dim["accuracy"] == 0.25  # only T-01#2 is right
    assert cameo_dim["micro"] == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333, "gold": 3, "predicted": 3,
                                  "correct": 1}  # E-01's event is not among them: ERROR records stand apart
    assert root["records"] == 3 and root["unscorable"] == 1  # T-03's code has no CAMEO root
    assert root["confusion"]["04"] == {"04": 1, "19": 1} and root["confusion"]["-"] == {"01": 1}
    assert report["exact_records"] == {"records": 4, "passed": 1, "rate": 0.25}
    assert report["error_records"] == {"records": 1, "with_events": 1, "ids_with_events": ["E-01"]}
    # actors: the 043 pairs with its own prediction (right both ways), the 042 with the 190 (right both ways too)
    assert report["dyads"]["both_codes"]["right"] == 2 and report["dyads"]["source_codes"]["gold"] == 3


# -- the real shared files -------------------------------------------------------------------------

def test_real_conflibert_tsv(cameo):
    gold = read_gold(shared_file("eval", "conflibert-train", "train.tsv"), "auto", cameo)
    assert gold.format == "tsv" and len(gold.records) == 1349 and not gold.problems.counts
    assert gold.records[0].id == "s0" and gold.records[-1].id == "s1348"
    labels = [r.events[0].labels["class"] for r in gold.records]
    assert {c: labels.count(c) for c in "01234"} == {"0": 240, "1": 248, "2": 303, "3": 337, "4": 221}


def test_real_petrarch_suites(cameo):
    unit = read_gold(shared_file("eval", "petrarch-unittest", "PETR.UnitTest.records.xml"), "auto", cameo)
    assert len(unit.records) + len(unit.error_records) == 284 and len(unit.records) == 277
    assert sum(len(r.events) for r in unit.records + unit.error_records) == 359
    assert sum(not r.events for r in unit.records) == 20  # 19 noevents markers and one record with no coding
    assert len({r.id for r in unit.records}) == 277  # two repeated ids made unique
    ud = read_gold(shared_file("eval", "petrarch-ud-validate", "PETR_Validate_records_2_02.xml"), "auto", cameo)
    assert len(ud.records) + len(ud.error_records) + ud.left_out['evaluate="false"'] == 274
    assert len(ud.error_records) == 7


def test_real_plover_records_and_join(cameo):
    gold = read_gold(shared_file("eval", "plover-gsr", "PLOVER_GSR_CAMEO.txt"), "auto", cameo)
    assert len(gold.records) == 322 and gold.left_out == {"documentation record": 1}
    assert sum("root" in r.events[0].labels for r in gold.records) == 182
    assert {r.events[0].labels["plover"] for r in gold.records} <= {row.plover_event for row in cameo.values()}
    join = read_gold(shared_file("eval", "plover-gsr", "DERIVED_plover_gsr_x_cameo_example_join.tsv"), "auto", cameo)
    assert join.format == "plover" and len(join.records) == 322
    assert sum("root" in r.events[0].labels for r in join.records) == 182


# -- the command -----------------------------------------------------------------------------------

def test_cli_json_on_the_real_tsv_with_made_up_predictions(tmp_path):
    """Predictions made here from the gold labels for the first 100 sentences: exactly those are right."""
    gold_path = shared_file("eval", "conflibert-train", "train.tsv")
    lines = [line for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    code_of_class = {"0": "010", "1": "051", "2": "070", "3": "111", "4": "190"}
    pred = tmp_path / "pred.jsonl"
    pred.write_text(jsonl([event(f"s{i}", code_of_class[line.rsplit("\t", 1)[1]]) for i, line in
                           enumerate(lines[:100])] + ["not json"]), encoding="utf-8")
    result = run(str(gold_path), "--pred", str(pred), "--json", "--worst", "2")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dimensions"]["class"]["accuracy"] == round(100 / 1349, 4)
    assert report["dimensions"]["class"]["micro"]["precision"] == 1.0
    assert report["predictions"]["problems"]["by_reason"] == {"not JSON": 1}
    assert len(report["worst"]) == 2 and report["worst"][0]["predicted"] == []


def test_cli_text_report_on_a_petrarch_suite(tmp_path):
    path = tmp_path / "suite.xml"
    path.write_text(PETRARCH_FIXTURE, encoding="utf-8")
    result = run(str(path), "--pred", "-", stdin=jsonl([event("T-01", "042", "ARL", "BOR")]))
    assert result.returncode == 0, result.stderr
    assert "confusion (root" in result.stdout and "ERROR records" in result.stdout
    assert "records coded exactly" in result.stdout and "Traceback" not in result.stderr


def test_cli_code_runs_the_coder_on_the_gold_texts(tmp_path):
    path = tsv_gold(tmp_path, [("President Donald Trump praised Japanese Prime Minister Sanae Takaichi in Tokyo "
                                "on Tuesday.", "1"), ("Nothing of note happened here.", "3")])
    result = run(str(path), "--code", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["predictions"]["from"].endswith("(--code)") and report["coverage"]["with_events"] >= 1
    assert report["dimensions"]["class"]["labels"]["1"]["correct"] == 1


@pytest.mark.parametrize("args, message", [
    (["missing-gold.tsv", "--pred", "p.jsonl"], "missing-gold.tsv: no such file"),
    (["GOLD", "--pred", "missing-pred.jsonl"], "missing-pred.jsonl: no such file"),
    (["GOLD"], "give --pred PRED.jsonl or --code"),
    (["GOLD", "--pred", "p.jsonl", "--code"], "give --pred PRED.jsonl or --code"),
    (["GOLD", "--pred", "p.jsonl", "--format", "csv"], "unknown gold format 'csv'"),
])
def test_cli_usage_errors_exit_2_without_a_traceback(tmp_path, args, message):
    gold = tsv_gold(tmp_path, [("Alpha praised Beta.", "1")])
    result = subprocess.run([str(CLI), "evaluate", *[str(gold) if a == "GOLD" else a for a in args]],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_gold_file_of_nothing_readable_exits_2(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text("no tab here\nnor here\n", encoding="utf-8")
    result = run(str(path), "--pred", "-", stdin="")
    assert result.returncode == 2 and "no tsv gold records found (2 malformed)" in result.stderr


def test_python_api_scores_without_a_file(cameo):
    gold = GoldSet(Path("inline"), "tsv", [GoldRecord("s0", "t", "2000-01-01", [Coding({"class": "2"})])],
                   ("class",), "first")
    predictions = Predictions()
    predictions.add("s0", Coding({"class": "2"}))
    assert score(gold, predictions, cameo)["dimensions"]["class"]["accuracy"] == 1.0
