"""Matching a verb pattern around one verb of a parsed sentence.

The pieces after "*" are looked for in order among the words after the verb, the pieces before it among
the words before it (nearest first). Words may stand between two pieces unless the second is joined to
the first with "_". "+" and "$" bind the actor named where they stand; a synonym set matches any of its
phrases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from accord.compat.petrarch.verbs import Element, Pattern

# Given a word index, the actor phrase that starts at or just after it: (first, last) or None.
ActorAt = Callable[[int], "tuple[int, int] | None"]


@dataclass(frozen=True)
class Binding:
    source: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    compound: bool = False


class PatternMatcher:
    def __init__(self, words: Sequence[str], synsets: dict[str, list[tuple[Element, ...]]], actor_at: ActorAt,
                 low: int, high: int, phrase_after: Callable[[int], int] | None = None) -> None:
        self.words, self.synsets, self.actor_at = words, synsets, actor_at
        self.low, self.high = low, high  # the stretch of words a pattern may use
        # "^" after the verb skips the noun phrase that starts at a word: the index just past it (the word
        # itself when no noun phrase starts there)
        self.phrase_after = phrase_after or (lambda i: i)

    def match(self, pattern: Pattern, verb: int) -> Binding | None:
        after = self._forward(list(pattern.after), verb + 1, True, Binding(), 0)
        if after is None:
            return None
        before = list(reversed(pattern.before))
        if before and before[0].kind == "verb":  # "IN_*": the next piece must touch the verb
            before = before[1:]
            return self._backward(before, verb - 1, True, after, 0)
        return self._backward(before, verb - 1, False, after, 0)

    # -- after the verb --------------------------------------------------------------------------
    def _forward(self, pieces: list[Element], at: int, first: bool, bound: Binding, depth: int) -> Binding | None:
        if not pieces:
            return bound
        if depth > 40:
            return None
        piece, rest = pieces[0], pieces[1:]
        if piece.joined:
            starts: Sequence[int] = [at]
        elif piece.grouped:  # "(FOR ASYLUM)": only determiners may come between
            stop = at
            while stop < self.high and self.words[stop] in _DETERMINERS:
                stop += 1
            starts = range(at, stop + 1)
        else:
            starts = range(at, self.high)
        if piece.kind == "compound":
            return self._forward(rest, at, first, Binding(bound.source, bound.target, True), depth + 1)
        if piece.kind == "skip":  # "IFTAR IN ^ +": the place after IN is passed over, the target comes later
            return self._forward(rest, self.phrase_after(at) if at < self.high else at, first, bound, depth + 1)
        for start in starts:
            if start >= self.high:
                break
            for end, extra in self._piece_at(piece, start, bound, depth):
                found = self._forward(rest, end, False, extra, depth + 1)
                if found is not None:
                    return found
        return None

    def _piece_at(self, piece: Element, start: int, bound: Binding, depth: int) -> list[tuple[int, Binding]]:
        """Where a piece that starts at ``start`` ends (the next free index), and what it binds."""
        if piece.kind == "word":
            return [(start + 1, bound)] if _same(self.words[start], piece.value) else []
        if piece.kind in ("target", "source"):
            span = self.actor_at(start)
            if span is None or span[0] != start:
                return []
            if piece.kind == "target":
                return [(span[1] + 1, Binding(bound.source, span, bound.compound))]
            return [(span[1] + 1, Binding(span, bound.target, bound.compound))]
        if piece.kind == "synset":
            out = []
            for phrase in self.synsets.get(piece.value, ()):
                first = Element(phrase[0].kind, phrase[0].value, True) if phrase else None
                if first is None:
                    continue
                end = self._phrase_end([first, *phrase[1:]], start, depth)
                if end is not None:
                    out.append((end, bound))
            return out
        return []

    def _phrase_end(self, pieces: list[Element], at: int, depth: int) -> int | None:
        """A synonym-set phrase: its words in a row (nested sets allowed)."""
        for piece in pieces:
            if at >= self.high:
                return None
            if piece.kind == "word":
                if not _same(self.words[at], piece.value):
                    return None
                at += 1
            elif piece.kind == "synset" and depth < 10:
                ends = [e for e, _ in self._piece_at(piece, at, Binding(), depth + 1)]
                if not ends:
                    return None
                at = ends[0]
            else:
                return None
        return at

    # -- before the verb -------------------------------------------------------------------------
    def _backward(self, pieces: list[Element], at: int, touching: bool, bound: Binding, depth: int) -> Binding | None:
        """``pieces`` nearest the verb first; ``touching``: the first must end right at ``at``."""
        if not pieces:
            return bound
        piece, rest = pieces[0], pieces[1:]
        if piece.kind in ("compound", "skip"):
            extra = Binding(bound.source, bound.target, True) if piece.kind == "compound" else bound
            return self._backward(rest, at, False, extra, depth + 1)
        ends = [at] if touching else range(at, self.low - 1, -1)
        for end in ends:
            if end < self.low:
                break
            for start, extra in self._piece_ending(piece, end, bound, depth):
                found = self._backward(rest, start - 1, piece.joined, extra, depth + 1)
                if found is not None:
                    return found
        return None

    def _piece_ending(self, piece: Element, end: int, bound: Binding, depth: int) -> list[tuple[int, Binding]]:
        if piece.kind == "word":
            return [(end, bound)] if _same(self.words[end], piece.value) else []
        if piece.kind in ("target", "source"):
            for start in range(end, max(self.low, end - 6) - 1, -1):
                span = self.actor_at(start)
                if span is not None and span[0] == start and span[1] == end:
                    if piece.kind == "target":
                        return [(start, Binding(bound.source, span, bound.compound))]
                    return [(start, Binding(span, bound.target, bound.compound))]
            return []
        if piece.kind == "synset":
            out = []
            for phrase in self.synsets.get(piece.value, ()):
                n = len(phrase)
                start = end - n + 1
                if start >= self.low and all(p.kind == "word" for p in phrase) and all(
                        _same(self.words[start + k], p.value) for k, p in enumerate(phrase)):
                    out.append((start, bound))
            return out
        return []


_DETERMINERS = frozenset({"the", "a", "an", "some", "its", "their", "his", "her", "this", "that", "these", "those"})


def _same(word: str, wanted: str) -> bool:
    """A pattern word matches itself only, as in PETRARCH: "* EFFORT" is not "efforts" (the unit suite's
    ABANDON and ADOPT records; UD-PETRARCH, which matches lemmas, differs here)."""
    return word == wanted
