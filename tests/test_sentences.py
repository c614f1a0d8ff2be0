"""Rule-based sentence splitting with offsets into the text."""

from __future__ import annotations

import time

import pytest

from accord.text.sentences import Sentence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def check_offsets(text: str, sentences: list[Sentence]) -> None:
    for number, sentence in enumerate(sentences, start=sentences[0].index if sentences else 0):
        assert sentence.index == number
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text


def test_simple_sentences_with_offsets():
    text = "The envoys met on Monday. They agreed to talk again! Will the truce hold? Nobody knows."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The envoys met on Monday.",
        "They agreed to talk again!",
        "Will the truce hold?",
        "Nobody knows.",
    ]
    assert sentences[1] == Sentence(1, 26, 52, "They agreed to talk again!")
    check_offsets(text, sentences)


def test_whitespace_is_trimmed_and_offsets_still_point_into_the_text():
    text = "   \n  First one.   Second one.  \n\n  "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second one."]
    assert sentences[0].start == 6
    check_offsets(text, sentences)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Tanaka and Mrs. Ito met Dr. Weber and Ms. Lund.",
        "Gen. Ruiz, Lt. Col. Amari and Sen. Park flew in.",
        "Rep. Hollis and Gov. Baines greeted Pres. Okafor on St. Anne's Day.",
        "The talks began on Jan. 5 and ended on Sept. 30 after a pause in Nov. and Dec. last year.",
        "The court ruled in Arland vs. Brevia that rule No. 7 applies.",
        "Harbour Holdings Inc. signed with Delta Ltd. and Fjord Co. and Vale Corp. yesterday.",
        "George W. Bush met John F. Kennedy Jr. in a dream.",
        "The U.S. and the U.K. asked the U.N. and the E.U. for help.",
        "The meeting ran from 9 a.m. to 5 p.m. without a break.",
        "Growth was 3.5 percent and inflation 2.25 percent.",
        "He paused... Then he went on... and on.",
        "Talks etc. continued.",
    ],
)
def test_no_split_inside_a_sentence(sentence):
    assert texts(sentence) == [sentence]


def test_abbreviations_that_end_a_sentence_split_before_a_sentence_opener():
    text = "The delegation flew to the U.S. The talks began at 10 a.m. They ended at noon."
    assert texts(text) == ["The delegation flew to the U.S.", "The talks began at 10 a.m.", "They ended at noon."]


def test_lower_case_no_ends_a_sentence():
    assert texts("The answer was no. The talks ended.") == ["The answer was no.", "The talks ended."]


def test_split_before_digit_and_opening_quote():
    text = 'The vote was close. 51 members backed it. "We won," she said. \u201cIt is over,\u201d he said.'
    assert texts(text) == [
        "The vote was close.",
        "51 members backed it.",
        '"We won," she said.',
        "\u201cIt is over,\u201d he said.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    text = 'He said: "The border is closed." Then he left. (The border reopened later.) Trade resumed.'
    assert texts(text) == [
        'He said: "The border is closed."',
        "Then he left.",
        "(The border reopened later.)",
        "Trade resumed.",
    ]


def test_no_split_inside_a_short_quotation():
    text = '"We will defend our coast. We will not back down," the minister said. Talks resume today.'
    assert texts(text) == [
        '"We will defend our coast. We will not back down," the minister said.',
        "Talks resume today.",
    ]
    curly = "\u201cWe are ready. We are waiting,\u201d the envoy said. The ships left."
    assert texts(curly) == ["\u201cWe are ready. We are waiting,\u201d the envoy said.", "The ships left."]


def test_no_split_before_lower_case():
    assert texts("The deal covers ports, rail etc. and other links. it was signed.") == [
        "The deal covers ports, rail etc. and other links. it was signed."
    ]


def test_headline_line_without_punctuation_is_a_sentence():
    text = "Ministers agree on river treaty\nThe ministers met in Kestel on Thursday. They signed the treaty.\n"
    assert texts(text) == [
        "Ministers agree on river treaty",
        "The ministers met in Kestel on Thursday.",
        "They signed the treaty.",
    ]


def test_section_titles_and_blank_lines():
    text = "Background\nThe dispute began in 2019.\n\nWhat comes next\nBoth sides meet in May\n\nthe end"
    assert texts(text) == [
        "Background",
        "The dispute began in 2019.",
        "What comes next",
        "Both sides meet in May",
        "the end",
    ]


def test_blank_line_always_ends_a_sentence():
    assert texts("The talks with the U.S.\n\nSenate leaders said nothing") == [
        "The talks with the U.S.",
        "Senate leaders said nothing",
    ]


def test_line_break_before_lower_case_or_after_a_comma_continues_the_sentence():
    text = "The ministers of Arland\nand Brevia met on Monday,\nThursday and Friday."
    assert texts(text) == ["The ministers of Arland\nand Brevia met on Monday,\nThursday and Friday."]


def test_hard_wrapped_text_is_joined():
    text = (
        "The foreign ministers of the two neighbouring countries met in the border\n"
        "town of Kestel on Thursday and signed an agreement on sharing the water of\n"
        "the Senna river. Both governments will fund a joint commission that will\n"
        "Monitor the dams upstream.\n"
    )
    assert texts(text) == [
        "The foreign ministers of the two neighbouring countries met in the border\n"
        "town of Kestel on Thursday and signed an agreement on sharing the water of\n"
        "the Senna river.",
        "Both governments will fund a joint commission that will\nMonitor the dams upstream.",
    ]


def test_paragraph_per_line_text_from_html_extraction():
    text = (
        "Harbour accord signed\n"
        "The transport ministers of Norvania and Sel signed an accord on Tuesday in Varn.\n"
        '"Our sailors have waited long enough," the minister said.\n'
        "Ships can dock under the new rules from January."
    )
    assert texts(text) == [
        "Harbour accord signed",
        "The transport ministers of Norvania and Sel signed an accord on Tuesday in Varn.",
        '"Our sailors have waited long enough," the minister said.',
        "Ships can dock under the new rules from January.",
    ]


def test_list_numbers_do_not_make_sentences():
    assert texts("1. Background\n2. The talks") == ["1. Background", "2. The talks"]


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \n "])
def test_empty_input_gives_no_sentences(text):
    assert split_sentences(text) == []


def test_odd_input_never_raises():
    odd = "\x00\x01 junk. \ufffd\ufffd\n\n...!!!???\n\u2028 .\"'\u201d)] A. B. c. \x00\n" * 100
    sentences = split_sentences(odd)
    check_offsets(odd, sentences)
    assert texts("...") == ["..."]
    assert texts("?") == ["?"]


def test_text_without_any_punctuation_is_one_sentence():
    text = "the ministers met and talked and met again " * 50
    assert texts(text) == [text.strip()]


def test_long_text_is_split_in_linear_time():
    paragraph = (
        "Ministers agree on river treaty\n"
        "The foreign ministers met Gen. Okafor in the U.S. on Jan. 5 and pledged $3.5 billion. "
        '"We will build. We will share," he said. Talks resumed at 3 p.m. on Tuesday.\n\n'
    )
    small = paragraph * 2_000
    large = paragraph * 20_000  # about 4 MB
    started = time.perf_counter()
    small_sentences = split_sentences(small)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    sentences = split_sentences(large)
    large_time = time.perf_counter() - started
    assert len(sentences) == 4 * 20_000 == 10 * len(small_sentences)
    assert sentences[1].text == "The foreign ministers met Gen. Okafor in the U.S. on Jan. 5 and pledged $3.5 billion."
    check_offsets(large, sentences[-8:])
    assert large_time < 15
    assert large_time < 30 * small_time + 1  # linear, with room for a noisy machine
