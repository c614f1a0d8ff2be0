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

    def shifted(self, by: int) -> Match:
        """The same match counted from another first token (``dataclasses.replace`` is slow in hot loops)."""
        return Match(self.first - by, self.last - by, self.patterns)


def _case_ok(pattern: Pattern, tokens: Sequence[Token]) -> bool:
    if pattern.case_sensitive:
        return all(token.upper_key == raw for token, raw in zip(tokens, pattern.raw, strict=True))
    if pattern.kind == "surname" or (pattern.kind == "person" and len(tokens) == 1):
        return tokens[0].is_capitalised  # "Trump" the name, not "trump" the verb
    return True


# One-word names that may be a piece of a longer name we do not know ("Tony Blair" is not Bill Blair,
# "Washington Post" is not the US government, "Feliciano Valencia" is not the city).
_NAME_PIECE_KINDS = frozenset({"surname", "person", "place", "capital", "country", "organisation"})
# Capitalised words that are not part of a name: honorifics and the function words of headlines.
_NOT_NAME_WORDS = frozenset(
    "mr mrs ms dr sir dame lord lady madam president prime minister gen sen rep the a an and of in on at to for "
    "by with from as but or if when while after before new former".split()
) | frozenset(  # numbers, quantifiers and determiners opening a sentence ("Four Taliban members met ...")
    "one two three four five six seven eight nine ten eleven twelve twenty thirty fifty hundred hundreds "
    "thousand thousands dozens several some many most all both few other senior top this that these those "
    "his her its their our about around nearly over".split()
) | frozenset(  # days and months ("On Monday Iraq said ...")
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


def _unknown_name_word(token: Token) -> bool:
    return token.is_capitalised and token.key not in _NOT_NAME_WORDS and not token.key.isdigit()


def _scan(vocab: Vocabulary, tokens: Sequence[Token], exclude: frozenset[str]) -> list[Match]:
    """Left to right, the longest pattern that fits at each position, best kind first."""
    matches: list[Match] = []
    lengths, patterns, count = vocab.lengths, vocab.patterns, len(tokens)
    keys = [token.key for token in tokens]
    resume = 0  # the first position not inside the last match
    # Most words start no pattern: one dict lookup each finds the few that do.
    for i in [i for i, key in enumerate(keys) if key in lengths]:
        if i < resume:
            continue
        for length in lengths[keys[i]]:
            if i + length > count:
                continue
            candidates = patterns.get(tuple(keys[i : i + length]))
            if not candidates:
                continue
            window = tokens[i : i + length]
            fitting = [p for p in candidates if p.kind not in exclude and _case_ok(p, window)]
            if len(fitting) > 1:
                fitting.sort(key=lambda p: PRIORITY[p.kind])
            if fitting:
                best = PRIORITY[fitting[0].kind]
                found = Match(i, i + length - 1, tuple(p for p in fitting if PRIORITY[p.kind] == best))
                matches.append(found)
                resume = found.last + 1
                break
    return matches


def _name_piece(tokens: Sequence[Token], covered: set[int], match: Match) -> bool:
    """Whether a one-word name stands beside a capitalised word that nothing matched: part of a longer name."""
    i = match.first
    if (i > 0 and i - 1 not in covered and not tokens[i].starts_sentence and not tokens[i].after_punctuation
            and _unknown_name_word(tokens[i - 1])
            and not (match.kind == "country" and tokens[i - 1].starts_sentence)):
        # (a sentence's first word is capitalised for being first: "Recent US attacks" names the US)
        return True
    after = i + 1
    return (
        match.kind != "country"  # "Japan Airlines" is still Japanese
        and after < len(tokens)
        and after not in covered
        and not tokens[after].starts_sentence
        and not tokens[after].after_punctuation  # "Chile, Santiago": a comma ends a name
        and _unknown_name_word(tokens[after])
    )


def find_matches(vocab: Vocabulary, tokens: Sequence[Token], exclude: frozenset[str] = frozenset()) -> list[Match]:
    """Every knowledge match in ``tokens``, leaving out patterns of the ``exclude`` kinds.

    A one-word name that turns out to be a piece of a longer unknown name is dropped.
    """
    matches = _scan(vocab, tokens, exclude)
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    kept = []
    for match in matches:
        if match.first == match.last and match.kind in _NAME_PIECE_KINDS and _name_piece(tokens, covered, match):
            continue
        kept.append(match)
    return kept
