"""Splitting clean text into sentences by rule, with offsets into that text.

No model: a feed of millions of articles has to be split in the time it takes to read it, and the rules
that matter for news (titles and initials before names, "U.S.", dates, quotations, headlines on their own
line) are few. One pass of a regular expression per paragraph, so the cost grows linearly with the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # position in the document, from 0
    start: int
    end: int
    text: str  # == the split text[start:end], whitespace trimmed at both ends


# Abbreviations a sentence never ends with: what follows them is part of the same sentence.
_NEVER_ENDS = frozenset(
    "Mr Mrs Ms Mx Messrs Mme Mlle Dr Prof Gen Gens Lt Col Maj Capt Cmdr Cmdt Adm Sgt Cpl Pvt Brig Sen Sens Rep Reps"
    " Gov Govs Pres Amb Rev Hon Fr Sra St Ste Mt Ft Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos vs v"
    " Vol vol pp Fig fig Art Sec Dept Ave Blvd Rd approx Approx e.g i.e E.g I.e cf viz".split()
)
# Abbreviations that may end a sentence: we split after them only before a word that usually opens one.
_MAY_END = frozenset("Inc Ltd Co Corp Plc Bros Jr Sr etc al".split())
_STARTERS = frozenset(
    "The A An He She It They We I You This That These Those There His Her Its Their Our But And Yet So In On At"
    " As After Before When While Since Although Though If However Meanwhile Earlier Later Also Still Both".split()
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, U.N, a.m, D.C (the final dot is the stop itself)

# A run of final punctuation (from its start), its closing quotes and brackets, then (looking ahead) space,
# any opening marks and the next word; or a double quote mark, whose opening and closing the splitter follows.
_EVENT = re.compile(
    r"(?<![.!?\u2026])([.!?\u2026]+)([\"'\u201d\u2019)\]]*)(?=\s+([\"'\u201c\u2018(\[$\u20ac\u00a3\u00a5]*)(\w+))|([\"\u201c\u201d])"
)
_TOKEN_BEFORE = re.compile(r"[^\s\"'\u201c\u2018(\[]*\Z")
_OPENING_QUOTES = frozenset("\"'\u201c\u2018")
_CLOSING = {'"': '"', "\u201c": "\u201d"}
_QUOTE_REACH = 300  # a quotation that closes within this many characters is not split
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_FIRST_WORD = re.compile(r"\S+")
_CONTINUES = frozenset(",;-\u2013\u2014/&(")
_WRAP_WIDTH = (50, 120)  # hard-wrapped plain text has lines of one fixed width in this range


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, with offsets into it (whitespace trimmed off each).

    A sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by space
    and a capital, a digit or an opening quote; but not after a title or month ("Gen.", "Jan."), an
    initial ("George W. Bush"), an ellipsis, or inside a quotation that closes soon after. "U.S.", "Inc."
    and the like end one only before a word such as "The" or "He". A blank line always ends a sentence;
    so does a line break after a line without final punctuation (a headline), unless the next line
    starts in lower case or the text is hard-wrapped at a fixed width.
    """
    sentences: list[Sentence] = []
    for start, end in _spans(text):
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def _spans(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for blank in _BLANK_LINES.finditer(text):
        yield from _block(text, position, blank.start())
        position = blank.end()
    yield from _block(text, position, len(text))


def _block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of one paragraph (a run of lines without a blank line between them)."""
    cuts = _stop_cuts(text, start, end)
    if text.find("\n", start, end) != -1:
        cuts = sorted(set(cuts) | set(_line_cuts(text, start, end)))
    position = start
    for cut in (*cuts, end):
        piece = text[position:cut]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            yield position + left, position + right
        position = cut


def _line_cuts(text: str, start: int, end: int) -> list[int]:
    """Line breaks that end a sentence: after a headline or section title, not inside wrapped prose."""
    lines = []  # (the line without trailing space, the position of the line break after it)
    position = start
    while True:
        newline = text.find("\n", position, end)
        if newline == -1:
            lines.append((text[position:end].rstrip(), end))
            break
        lines.append((text[position:newline].rstrip(), newline))
        position = newline + 1
    width = max(len(line) for line, _ in lines)
    wrapped_text = _WRAP_WIDTH[0] <= width <= _WRAP_WIDTH[1]
    cuts = []
    for (line, newline), (following, _) in zip(lines, lines[1:], strict=False):
        nxt = following.lstrip()
        if not line or not nxt or nxt[0].islower() or line[-1] in _CONTINUES:
            continue
        # A line that stops where the next word would not have fitted was wrapped, not ended.
        if wrapped_text and len(line) + 1 + len(_FIRST_WORD.match(nxt).group()) > width:
            continue
        cuts.append(newline)
    return cuts


def _stop_cuts(text: str, start: int, end: int) -> list[int]:
    """Positions right after sentence-final punctuation (and its closing quotes) within one paragraph."""
    cuts = []
    open_quote: str | None = None
    for event in _EVENT.finditer(text, start, end):
        punct, close, opener, word, quote = event.groups()
        if quote:
            open_quote = _after_quote(open_quote, quote)
            continue
        for char in close:
            if char in '"\u201d':
                open_quote = _after_quote(open_quote, char)
        if ".." in punct or "\u2026" in punct:
            continue
        if not (word[0].isupper() or word[0].isdigit() or any(char in _OPENING_QUOTES for char in opener)):
            continue
        after = event.end()
        if punct == "." and not _may_end_at(text, start, event.start(), word):
            continue
        if open_quote and text.find(_CLOSING[open_quote], after, min(end, after + _QUOTE_REACH)) != -1:
            continue
        cuts.append(after)
    return cuts


def _after_quote(open_quote: str | None, quote: str) -> str | None:
    if quote == "\u201c":
        return quote
    if quote == "\u201d" or open_quote:
        return None
    return '"'


def _may_end_at(text: str, block_start: int, stop: int, next_word: str) -> bool:
    """Whether a full stop at ``stop`` can end a sentence, judged by the word it follows."""
    found = _TOKEN_BEFORE.search(text, max(block_start, stop - 40), stop)
    token = found.group() if found else ""
    if not token:
        return True
    if token in _NEVER_ENDS:
        return False
    if len(token) == 1 and token.isupper():  # an initial
        return False
    if token.isdigit() and len(token) <= 2:  # "1. Background" opening a line is a list number
        token_start = stop - len(token)
        if token_start == block_start or text[token_start - 1] == "\n":
            return False
    if token in _MAY_END or _DOTTED.fullmatch(token):
        return next_word in _STARTERS
    return True
