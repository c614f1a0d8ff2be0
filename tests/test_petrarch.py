"""PETRARCH compatibility: dictionary readers, the coder that uses them, lint, and the peers' own suites.

The small dictionaries here are written for these tests (made-up places, our own sentences); the peers'
files are read from ../shared/eval only.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from accord.coding.coder import Coder
from accord.compat.petrarch import load_dictionaries
from accord.compat.petrarch.actors import parse_code
from accord.compat.petrarch.lint import lint_dictionaries
from accord.compat.petrarch.validation import run_suite
from accord.compat.petrarch.verbs import parse_pattern
from tests.conftest import CLI, shared_file

VERBS = """\
&TIES
+MILITARY
+TRADE_LINKS

--- MEND  [064]  ---
MEND {MENDED}
+PATCH_UP {+PATCHED_UP}
- * &TIES TIES [065]
- + * IN $ [075]
- NOT * [112]

--- GREET [041] ---
GREET
- * (AT +) [042:043]

--- BROKEN  [---
"""

ACTORS = """\
VALDORA [VAL]
+VALDORAN
KESTREL_ISLES_ [KES]
MARO_TELLEN
	[VALGOV 20100101-20151231]
	[VALELI >20151231]
ORVANTH [ORV] [BAD CODE]
USAMIL CUB 120]--
"""

AGENTS = """\
!OFFICIAL! = OFFICIAL, OFFICER
POLICE {} [~COP]
CUSTOMS_!OFFICIAL! [~GOV]
RELIEF_GROUP [NGO~]
HARBOUR_GUARD [COP]
"""


@pytest.fixture
def dictionaries(tmp_path: Path):  # noqa: ANN201
    files = {}
    for kind, text in (("verbs", VERBS), ("actors", ACTORS), ("agents", AGENTS), ("discards", "CRICKET\n+FOOTBALL\n")):
        path = tmp_path / f"test.{kind}.txt"
        path.write_text(text, encoding="utf-8")
        files[kind] = [path]
    return load_dictionaries(**files), files


def test_malformed_lines_are_reported_with_file_and_line_and_skipped(dictionaries) -> None:  # noqa: ANN001
    loaded, _ = dictionaries
    messages = [str(p) for p in loaded.problems]
    assert any(m.endswith("test.verbs.txt:16: malformed block header '--- BROKEN  [---'") for m in messages)
    assert any("test.actors.txt:7: bad date restriction 'CODE'" in m for m in messages)
    assert any("test.actors.txt:8: unbalanced brackets" in m for m in messages)
    assert any("test.agents.txt:5: bad agent code [COP]" in m for m in messages)
    names = [" ".join(a.names[0][0]) for a in loaded.actors]
    assert names[:3] == ["valdora", "kestrel isles", "maro tellen"]


def test_verbs_blocks_forms_and_patterns(dictionaries) -> None:  # noqa: ANN001
    verbs = dictionaries[0].verbs
    assert {v.lemma for v in verbs.forms["mended"]} == {"MEND"}
    assert {v.form for v in verbs.forms["mends"]} == {"mends"}  # regular forms are made
    patched = verbs.forms["patched"][0]
    assert (patched.before, patched.after, patched.lemma) == ((), ("up",), "PATCH_UP")
    mend = verbs.blocks[0]
    assert mend.patterns[0].codes.primary == "065"  # the most specific pattern first
    assert [p.phrases if hasattr(p, "phrases") else p for p in verbs.synsets["TIES"]][1][1].joined
    greet = verbs.blocks[1].patterns[0]
    assert (greet.codes.primary, greet.codes.reverse) == ("042", "043")


def test_pattern_pieces() -> None:
    before, after = parse_pattern(" IN_* &TIES_TIES + ")
    assert [(e.kind, e.value) for e in before] == [("word", "in"), ("verb", "")]
    assert [(e.kind, e.value, e.joined) for e in after] == [("synset", "TIES", False), ("word", "ties", True),
                                                           ("target", "", False)]


def test_actor_codes_by_date(dictionaries) -> None:  # noqa: ANN001
    maro = next(a for a in dictionaries[0].actors if a.names[0][0] == ("maro", "tellen"))
    assert maro.code_on(dt.date(2012, 5, 1)) == "VALGOV"
    assert maro.code_on(dt.date(2019, 5, 1)) == "VALELI"
    assert maro.code_on(dt.date(2001, 5, 1)) is None
    assert parse_code("HOB < 950601").end == dt.date(1995, 6, 1)
    assert parse_code("HOBGOV 19950601 - 19990815").start == dt.date(1995, 6, 1)
    with pytest.raises(ValueError):
        parse_code("X 2004017-20061201")


def test_agents_substitution_and_plurals(dictionaries) -> None:  # noqa: ANN001
    agents = {a.words: (a.prefix, a.suffix) for a in dictionaries[0].agents}
    assert agents[("customs", "officers")] == ("", "GOV")
    assert agents[("customs", "officials")] == ("", "GOV")  # the automatic plural
    assert ("polices",) not in agents  # {} : no plural
    assert agents[("relief", "group")] == ("NGO", "")


def _code(dictionaries, text: str, day: str = "2012-06-01") -> set[tuple[str, str, str]]:  # noqa: ANN001
    from accord.compat.petrarch.documents import PetrarchDocuments
    from accord.text.documents import Document

    coder = PetrarchDocuments(dictionaries, Coder().kb.cameo)
    result = next(coder.code_documents([Document(id="t", text=text, date=day)]))
    return {(e.source.actor.code, e.target.actor.code, e.cameo.code) for e in result.events}


def test_coding_with_agents_compounds_patterns_and_dates(dictionaries) -> None:  # noqa: ANN001
    loaded, _ = dictionaries
    assert _code(loaded, "Valdora mended its ties with the Kestrel Isles police.") == {("VAL", "KESCOP", "064")}
    assert _code(loaded, "Valdora mended military ties with the Kestrel Isles.") == {("VAL", "KES", "065")}
    assert _code(loaded, "Valdora and the Kestrel Isles greeted Maro Tellen.") == {
        ("VAL", "VALGOV", "041"), ("KES", "VALGOV", "041")}
    assert _code(loaded, "Maro Tellen greeted the ministers at Kestrel Isles.") == {
        ("VALGOV", "KES", "042"), ("KES", "VALGOV", "043")}
    assert _code(loaded, "Maro Tellen greeted the Kestrel Isles.", "2018-01-01") == {("VALELI", "KES", "041")}
    assert _code(loaded, "A relief group from Valdora greeted Kestrel Isles customs officials.") == {
        ("NGOVAL", "KESGOV", "041")}
    assert _code(loaded, "Valdora greeted the Kestrel Isles cricket team.") == set()  # a discarded sentence


def test_lint_finds_overlaps_duplicates_and_unknown_codes(tmp_path: Path) -> None:
    actors = tmp_path / "a.txt"
    actors.write_text("ALPHA [ALP]\nBETA\n\t[BETGOV 20100101-20151231]\n\t[BETMIL 20150101-20171231]\n"
                      "ALPHA [ALX]\n", encoding="utf-8")
    verbs = tmp_path / "v.txt"
    verbs.write_text("--- GREET [041] ---\nGREET\n- * WARMLY [999]\n", encoding="utf-8")
    problems = [str(p) for p in lint_dictionaries(load_dictionaries(verbs=[verbs], actors=[actors]),
                                                  set(Coder().kb.cameo))]
    assert any("a.txt:2: actor BETA: BETGOV" in p and "overlaps" in p for p in problems)
    assert any("a.txt:5: name ALPHA also at" in p for p in problems)
    assert any("v.txt:3: event code 999 is not a CAMEO code" in p for p in problems)


def test_full_phoenix_dictionaries_load_and_code() -> None:
    base = shared_file("eval", "phoenix-dictionaries")
    loaded = load_dictionaries(
        verbs=[base / "CAMEO.2.0.txt"],
        actors=[base / f"Phoenix.{n}.actors.txt" for n in ("Countries", "International", "MilNonState")],
        agents=[base / "Phoenix.agents.txt"], discards=[base / "Phoenix.discards.txt"])
    counts = loaded.counts()
    assert counts["actors"] > 25_000 and counts["verb patterns"] > 4_000 and counts["agents"] > 5_000
    assert len(loaded.problems) < 40  # the real files hold a few malformed lines; each is reported
    found = _code(loaded, "Japanese troops attacked Chinese rebels near the border on Tuesday.")
    assert found and all(code.startswith("1") or code.startswith("19") for _s, _t, code in found)


# The peers' own suites, through the same path as `accord code --no-builtin`. Floors sit just under the
# measured pass rates (docs/petrarch.md: 251/277 = 0.906 and 230/267 = 0.861); the targets are 0.90
# and 0.80.
@pytest.mark.parametrize("suite,floor", [
    (("petrarch-unittest", "PETR.UnitTest.records.xml"), 0.90),
    (("petrarch-ud-validate", "PETR_Validate_records_2_02.xml"), 0.85),
])
def test_peer_validation_suites(suite: tuple[str, str], floor: float) -> None:
    report = run_suite(shared_file("eval", *suite), Coder().kb.cameo)
    rate = report.passed / len(report.outcomes)
    assert rate >= floor, f"{report.passed}/{len(report.outcomes)}"


def test_validate_cli_ends_with_the_counts() -> None:
    suite = shared_file("eval", "petrarch-unittest", "PETR.UnitTest.records.xml")
    done = subprocess.run([str(CLI), "validate", str(suite)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    passed, failed = (int(x.split()[0]) for x in last.split(", "))
    assert passed + failed == 277 and "FAIL " in done.stdout and "expected:" in done.stdout


def test_code_cli_with_petrarch_dictionaries_only(dictionaries, tmp_path: Path) -> None:  # noqa: ANN001
    _, files = dictionaries
    flags = ["--no-builtin"] + [x for kind in ("verbs", "actors", "agents", "discards")
                                for x in (f"--petrarch-{kind}", ",".join(map(str, files[kind])))]
    docs = tmp_path / "in.jsonl"
    docs.write_text(json.dumps({"id": "a", "date": "2012-06-01", "text": "Valdora mended its ties with Kestrel Isles."})
                    + "\n", encoding="utf-8")
    done = subprocess.run([str(CLI), "code", str(docs), *flags], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(e["source"]["code"], e["target"]["code"], e["cameo"]) for e in events] == [("VAL", "KES", "064")]
    assert "test.actors.txt:8: unbalanced brackets" in done.stderr  # reported, skipped, the run goes on


def test_lint_cli_exit_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.actors.txt"
    bad.write_text("GOOD [GOD]\nUSAMIL CUB 120]--\n", encoding="utf-8")
    done = subprocess.run([str(CLI), "lint", "--petrarch-actors", str(bad)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert f"{bad}:2: unbalanced brackets" in done.stdout


MORE_VERBS = """\
--- PRAISE [051] ---
PRAISE
- * WARMLY [052]

--- BELIEVE [012] ---
BELIEVE

--- SUPPORT [042] ---
SUPPORT

--- SHOOT [---] ---
SHOOT {SHOT}
- *_AND_WOUNDED [223]

--- SHOOT [190] ---
SHOOT {SHOT}
"""

MORE_ACTORS = """\
VALDORA [VAL]
KESTREL_ISLES_ [KES]
THE_TWIN_CITIES [NOR/SOU]
ORVANTH [+++]
MARO_TELLEN
	[--- <20100101]
	[MAR]
"""

MORE_AGENTS = """\
OFFICIAL [~GOV]
LAWMAKER [~LEG]
MEDIA {} [~MED]
GOVERNMENT [~GOV]
"""


@pytest.fixture
def more(tmp_path: Path):  # noqa: ANN201
    files = {}
    for kind, text in (("verbs", MORE_VERBS), ("actors", MORE_ACTORS), ("agents", MORE_AGENTS),
                       ("discards", "+FOOTBALL\n")):
        path = tmp_path / f"more.{kind}.txt"
        path.write_text(text, encoding="utf-8")
        files[kind] = [path]
    return load_dictionaries(**files)


def test_compound_and_special_actor_codes(more) -> None:  # noqa: ANN001
    assert not more.problems
    assert _code(more, "The Twin Cities praised Kestrel Isles.") == {("NOR", "KES", "051"), ("SOU", "KES", "051")}
    assert _code(more, "Orvanth praised Valdora.") == {("+++", "VAL", "051")}
    # a dated null code yields to the actor's other codes
    assert _code(more, "Valdora praised Maro Tellen.", "2005-01-01") == {("VAL", "MAR", "051")}


def test_coordinated_members_share_actors_and_agents(more) -> None:  # noqa: ANN001
    assert _code(more, "Lawmakers and officials in Valdora praised Kestrel Isles.") == {
        ("VALLEG", "KES", "051"), ("VALGOV", "KES", "051")}
    assert _code(more, "Valdora media and government praised Kestrel Isles.") == {
        ("VALMED", "KES", "051"), ("VALGOV", "KES", "051")}


def test_complement_clauses_pronouns_and_second_readings(more) -> None:  # noqa: ANN001
    # no object: the subject of a complement clause whose verb codes nothing is the target
    assert _code(more, "Valdora believes Kestrel Isles can cope with the drought.") == {("VAL", "KES", "012")}
    # a pronoun subject stands for the subject of the clause above
    assert _code(more, "Valdora indicated it supports Kestrel Isles.") == {("VAL", "KES", "042")}
    # the first SHOOT block has no code for this sentence, the second has
    assert _code(more, "Valdora shot Kestrel Isles soldiers.") == {("VAL", "KES", "190")}


def test_story_discards_match_words_without_punctuation(more) -> None:  # noqa: ANN001
    text = "Valdora praised Kestrel Isles. The match ended in a draw, football fans said."
    assert _code(more, text) == set()
    assert _code(more, "Valdora praised Kestrel Isles. The footballer said nothing.") == {("VAL", "KES", "051")}


def test_lint_falls_back_on_the_packaged_cameo_codes(tmp_path: Path) -> None:
    verbs = tmp_path / "v.txt"
    verbs.write_text("--- GREET [041] ---\nGREET\n- * WARMLY [042]\n- * COLDLY [999]\n", encoding="utf-8")
    problems = [str(p) for p in lint_dictionaries(load_dictionaries(verbs=[verbs]), set())]
    assert problems == [f"{verbs}:4: event code 999 is not a CAMEO code"]


def test_suite_records_carry_their_config_options(tmp_path: Path) -> None:
    from accord.compat.petrarch.suite import read_suite

    suite = tmp_path / "s.xml"
    suite.write_text(
        '<Validation><Environment><Verbfile>v.txt</Verbfile></Environment><Sentences>\n'
        '<Sentence date="20120101" id="A-1" category="X"><Text>One.</Text></Sentence>\n'
        '<Config option="require_dyad" value="false" />\n'
        '<Sentence date="20120101" id="A-2" category="X"><Text>Two.</Text></Sentence>\n'
        '<Config option="require_dyad" value="TRUE"></Config>\n'
        '<Sentence date="20120101" id="A-3" category="X"><Text>Three.</Text></Sentence>\n'
        '</Sentences></Validation>\n', encoding="utf-8")
    read = read_suite(suite)
    assert [r.config.get("require_dyad") for r in read.records] == [None, "false", "true"]
    assert read.honours_config  # no parses, or bracketed ones: PETRARCH-1's validator applies <Config>
    conll = tmp_path / "ud.xml"
    conll.write_text(suite.read_text(encoding="utf-8").replace(
        "<Text>One.</Text>", "<Text>One.</Text>\n<Parse>\n1\tOne\tone\tNUM\tCD\t_\t0\troot\t_\t_\n</Parse>"),
        encoding="utf-8")
    assert not read_suite(conll).honours_config  # UD-PETRARCH's validator reads no <Config> tag


def test_require_dyad_off_codes_a_missing_actor_as_dashes(tmp_path: Path) -> None:
    from accord.compat.petrarch.documents import PetrarchDocuments
    from accord.text.documents import Document

    verbs = tmp_path / "v.txt"
    verbs.write_text("--- PRAISE [051] ---\nPRAISE\n", encoding="utf-8")
    actors = tmp_path / "a.txt"
    actors.write_text("VALDORA [VAL]\n", encoding="utf-8")
    coder = PetrarchDocuments(load_dictionaries(verbs=[verbs], actors=[actors]), Coder().kb.cameo)
    document = Document(id="t", text="Valdora praised the weather.", date="2012-06-01")

    def codings() -> set[tuple[str, str, str]]:
        events = next(coder.code_documents([document])).events
        return {(e.source.actor.code, e.target.actor.code, e.cameo.code) for e in events}

    assert codings() == set()  # no target: PETRARCH's default require_dyad drops the event
    coder.coder.require_dyad = False
    assert codings() == {("VAL", "---", "051")}


def test_pico_negations_hyphenated_names_and_exact_pattern_words(tmp_path: Path) -> None:
    verbs = tmp_path / "v.txt"
    verbs.write_text("--- CLASH [190] ---\nCLASH\n- * (OVER EFFORTS) [110]\n- * RESOLUTION [112]\n", encoding="utf-8")
    actors = tmp_path / "a.txt"
    actors.write_text("VALDORA [VAL]\nKESTREL-ON-SEA [KES]\n", encoding="utf-8")
    pico = tmp_path / "p.txt"
    pico.write_text("# made up\n050:0x0080#Cooperate\n110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove\n",
                    encoding="utf-8")
    plain = load_dictionaries(verbs=[verbs], actors=[actors])
    with_pico = load_dictionaries(verbs=[verbs], actors=[actors], pico=[pico])
    assert with_pico.negations == {"110": "050"}
    text = "Valdora did not clash over the efforts of Kestrel-on-Sea."
    assert _code(plain, text) == {("VAL", "KES", "110")}  # the hyphenated name is found in the parser's pieces
    assert _code(with_pico, text) == {("VAL", "KES", "050")}  # a negated verb takes the PICO negation
    assert _code(plain, "Valdora clashed over new efforts of Kestrel-on-Sea.") == {("VAL", "KES", "190")}
    assert _code(plain, "Valdora clashed with Kestrel-on-Sea over resolutions.") == {("VAL", "KES", "190")}


def test_raised_passives_dangling_prefixes_and_range_ends(more) -> None:  # noqa: ANN001
    assert _code(more, "Valdora was seen to praise Kestrel Isles.") == {("VAL", "KES", "051")}
    assert _code(more, "Valdora praised an anti- Orvanth rally on Saturday.") == {("VAL", "+++", "051")}
    actors = parse_code("ORCHOB 20100109-20100112")
    assert actors.holds_on(dt.date(2010, 1, 12)) and not actors.holds_on(dt.date(2010, 1, 13))
    assert not parse_code("HOB <20100112").holds_on(dt.date(2010, 1, 12))


def test_documents_coded_together_keep_their_order_skips_and_events(dictionaries) -> None:  # noqa: ANN001
    from accord.compat.petrarch.documents import PetrarchDocuments
    from accord.text.documents import Document

    loaded, _ = dictionaries
    coder = PetrarchDocuments(loaded, Coder().kb.cameo)
    texts = ["Valdora mended its ties with the Kestrel Isles police.", "", "Der Hund schläft im Garten und träumt.",
             "Valdora mended military ties with the Kestrel Isles."]
    documents = [Document(id=str(i), text=t, date="2012-06-01") for i, t in enumerate(texts)]
    documents.append(Document(id="late", text=texts[0], date="not a date"))
    together = list(coder.code_documents(documents))
    alone = [next(coder.code_documents([d])) for d in documents]
    assert [r.doc.id for r in together] == ["0", "1", "2", "3", "late"]
    assert [r.skipped for r in together] == [None, "no text after cleaning", "not English", None,
                                              "bad date 'not a date'"]
    assert [[e.key for e in r.events] for r in together] == [[e.key for e in r.events] for r in alone]
    assert together[0].events and together[3].events
