"""The parse read out of spaCy's arrays (accord.coding.parsed) answers exactly as spaCy's own objects do."""

from __future__ import annotations

import gc

import pytest

from accord.coding.nlp import load_pipeline
from accord.coding.parsed import Node, ParsedSentence

SENTENCES = [
    "Brazil, Argentina and the United States agreed on Monday to cut tariffs on steel.",
    "The prime minister said Japan would not accept the proposal, officials told reporters.",
    "China restricted exports of rare earths after Washington threatened new tariffs of 100%.",
    "Talks were held in Kuala Lumpur between Thai and Cambodian officials.",
    "“We will meet again,” he said.",
]


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spacy.Language
    return load_pipeline()


@pytest.mark.parametrize("text", SENTENCES)
def test_every_word_answers_as_spacy_does(nlp, text: str) -> None:  # noqa: ANN001
    doc = nlp(text)
    words = ParsedSentence(doc, text)
    assert len(words) == len(doc)
    for token, node in zip(doc, words, strict=True):
        assert (node.i, node.text, node.lower_, node.dep_, node.tag_, node.idx) == (
            token.i, token.text, token.lower_, token.dep_, token.tag_, token.idx)
        assert node.head.i == token.head.i
        assert [c.i for c in node.kids] == [c.i for c in token.children]
        assert [c.i for c in node.conjuncts] == [c.i for c in token.conjuncts]
        assert (node.left_edge.i, node.right_edge.i) == (token.left_edge.i, token.right_edge.i)
        assert (node.like_num, node.is_punct) == (token.like_num, token.is_punct)


def test_spans_carry_their_characters(nlp) -> None:  # noqa: ANN001
    text = SENTENCES[0]
    doc = nlp(text)
    words = ParsedSentence(doc, text)
    span, ours = doc[4:7], words.span(4, 6)
    assert (ours.start_char, ours.end_char, ours.text) == (span.start_char, span.end_char, span.text)
    assert [n.text for n in ours] == [t.text for t in span]


def test_coordinated_subjects_are_conjuncts(nlp) -> None:  # noqa: ANN001
    words = ParsedSentence(nlp(SENTENCES[0]), SENTENCES[0])
    brazil = words[0]
    assert {n.text for n in brazil.conjuncts} == {"Argentina", "States"}


def test_released_sentence_is_freed_without_the_cyclic_collector(nlp) -> None:  # noqa: ANN001
    words = ParsedSentence(nlp(SENTENCES[1]), SENTENCES[1])
    gc.collect()
    gc.disable()
    try:
        before = sum(isinstance(o, Node) for o in gc.get_objects())
        words.release()
        del words
        after = sum(isinstance(o, Node) for o in gc.get_objects())
    finally:
        gc.enable()
    assert before - after == len(nlp(SENTENCES[1]))


def test_empty_doc(nlp) -> None:  # noqa: ANN001
    words = ParsedSentence(nlp(""), "")
    assert len(words) == 0 and list(words) == []
