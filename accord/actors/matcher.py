"""Longest-match phrase matching of the vocabulary over a token sequence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accord.actors.vocabulary import PRIORITY, Pattern, Vocabulary
from accord.text.tokens import Token


@dataclass(frozen=True, slots=True)
class Match:
    """Tokens ``first``..``last`` (inclusive) read as ``patterns`` (several when a name is shared)."""

    first: int
    last: int
    patterns: tuple[Pattern, ...]

    @property
    def kind(self) -> str:
        return self.patterns[0].kind


def _case_ok(pattern: Pattern, tokens: Sequence[Token]) -> bool:
    if pattern.case_sensitive:
        return all(token.upper_key == raw for token, raw in zip(tokens, pattern.raw, strict=True))
    if pattern.kind == "surname" or (pattern.kind == "person" and len(tokens) == 1):
        return tokens[0].is_capitalised  # "Trump" the name, not "trump" the verb
    return True


# One-word names that may be a piece of a longer name we do not know ("Tony Blair" is not Bill Blair,
# "Washington Post" is not the US government, "Feliciano Valencia" is not the city).
_NAME_PIECE_KINDS = frozenset({"surname", "person", "place", "capital", "country", "organisation"})
_HONORIFICS = frozenset("mr mrs ms dr sir dame lord lady madam president prime minister gen sen rep".split())


def _unknown_name_word(token: Token) -> bool:
    return token.is_capitalised and token.key not in _HONORIFICS and not token.key.isdigit()


def _inside_longer_name(vocab: Vocabulary, tokens: Sequence[Token], i: int) -> bool:
    """Whether the one-word match at ``i`` sits between capitalised words that match nothing themselves."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if before is not None and not tokens[i].starts_sentence and not before.starts_sentence and (
        _unknown_name_word(before) and before.key not in vocab.lengths
    ):
        return True
    if after is not None and not after.starts_sentence and _unknown_name_word(after) and after.key not in vocab.lengths:
        return True
    return False


def find_matches(vocab: Vocabulary, tokens: Sequence[Token]) -> list[Match]:
    """Scan left to right, taking at each position the longest pattern that fits, best kind first."""
    matches: list[Match] = []
    i = 0
    while i < len(tokens):
        found = None
        for length in sorted(vocab.lengths.get(tokens[i].key, ()), reverse=True):
            window = tokens[i : i + length]
            if len(window) < length:
                continue
            candidates = vocab.patterns.get(tuple(token.key for token in window), ())
            fitting = tuple(
                sorted((p for p in candidates if _case_ok(p, window)), key=lambda p: PRIORITY[p.kind])
            )
            if fitting and length == 1 and _inside_longer_name(vocab, tokens, i):
                fitting = tuple(p for p in fitting if p.kind not in _NAME_PIECE_KINDS)
            if fitting:
                best = PRIORITY[fitting[0].kind]
                found = Match(i, i + length - 1, tuple(p for p in fitting if PRIORITY[p.kind] == best))
                break
        if found:
            matches.append(found)
            i = found.last + 1
        else:
            i += 1
    return matches
