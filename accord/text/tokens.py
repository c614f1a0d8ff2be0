"""A small, fast word tokenizer with character offsets, shared by the knowledge patterns and the text
they are matched against (the same tokenizer on both sides is what makes phrase matching exact)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Abbreviations written with dots ("U.S.", "U.N."), words that may carry hyphens or inner apostrophes
# ("Kassym-Jomart", "O'Brien") but not a possessive, the possessive itself, then single symbols.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:'(?!s\b)\w+)*|'s\b|[^\w\s]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(slots=True)  # not frozen: a frozen dataclass is four times slower to make, and text makes many
class Token:
    """A word as written (``raw``), its matching key (``key``: lower case, no accents, no dots) and offsets.
    Treat it as read-only: tokens are shared between a document and the phrases sliced from it."""

    raw: str
    key: str
    start: int
    end: int
    starts_sentence: bool = False
    after_punctuation: bool = False  # a comma, dash, bracket or stop stands between this word and the last

    def as_phrase_start(self) -> Token:
        """This word as the first of a phrase: its capital is a name's, not a sentence's."""
        return Token(self.raw, self.key, self.start, self.end, False, self.after_punctuation)

    @property
    def is_capitalised(self) -> bool:
        return self.raw[:1].isupper()

    @property
    def upper_key(self) -> str:
        """The key with its case kept, for acronyms that only match when written in capitals."""
        return self.raw.replace(".", "")


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents or dots, curly apostrophes made straight: the key of a word."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace(".", "")


_SENTENCE_END = frozenset('.!?:;"\u201c\u201d')


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens; punctuation other than the possessive ``'s`` is dropped.

    ``starts_sentence`` marks a word that opens the text, a line or a sentence, where a capital letter
    says nothing about being a name.
    """
    normalised = text.translate(_APOSTROPHES)
    tokens: list[Token] = []
    append = tokens.append
    boundary = True
    previous_end = 0
    for match in _TOKEN.finditer(normalised):
        piece = match.group()
        start, end = match.span()
        if len(piece) == 1 and not piece.isalnum():
            if piece in _SENTENCE_END:
                boundary = True
            continue
        if start == previous_end + 1 and normalised[previous_end] == " ":
            opens, punctuated = boundary, False  # the common case: one space since the last word
        else:
            gap = normalised[previous_end:start]
            opens = boundary or "\n" in gap or not tokens
            # "US-Japan" and "Japan's" are one stretch of words; "Tseng, Taiwan's" and "OSAKA - Prime" are not.
            punctuated = bool(gap.strip()) and gap != "-"
        boundary = False
        previous_end = end
        if "_" in piece:  # underscores join words in some dictionaries: treat them as spaces
            offset = start
            for part in piece.split("_"):
                if part:
                    append(Token(part, fold(part), offset, offset + len(part), opens, punctuated))
                    opens = punctuated = False
                offset += len(part) + 1
            continue
        append(Token(piece, fold(piece), start, end, opens, punctuated))
    return tokens
