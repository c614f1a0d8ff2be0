"""A parsed sentence as plain Python objects, read out of spaCy's arrays once.

The rules ask a parse the same few questions many times (a word's dependency label, its head, its
children). On spaCy's own objects every question makes a new Token and decodes a string from the
StringStore; here each word is one small object whose answers are ordinary attributes, built in one pass
over ``Doc.to_array``. The attribute names are spaCy's (``dep_``, ``lower_``, ``head``, ``i``, ``idx``, ...)
so the rules read the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator

_STRINGS: dict[int, str] = {}  # spaCy string hashes already decoded (labels and words repeat endlessly)
_MAX_STRINGS = 500_000


class Node:
    """One word of a parsed sentence."""

    __slots__ = ("i", "text", "lower_", "dep_", "tag_", "idx", "head", "kids", "like_num", "is_punct", "_edges")

    def __init__(self, i: int, text: str, lower: str, dep: str, tag: str, idx: int, like_num: bool,
                 is_punct: bool) -> None:
        self.i, self.text, self.lower_, self.dep_, self.tag_, self.idx = i, text, lower, dep, tag, idx
        self.like_num, self.is_punct = like_num, is_punct
        self.head: Node = self
        self.kids: list[Node] = []  # children, left to right
        self._edges: tuple[Node, Node] | None = None

    def __repr__(self) -> str:
        return f"Node({self.i}, {self.text!r}, {self.dep_})"

    @property
    def children(self) -> list[Node]:
        return self.kids

    @property
    def conjuncts(self) -> tuple[Node, ...]:
        """The words coordinated with this one, itself excluded (spaCy's definition: the first conjunct and
        every ``conj`` to the right of it, recursively)."""
        start = self
        while start.dep_ == "conj" and start.head is not start:
            start = start.head
        output = [start]
        queue = [start]
        for word in queue:
            for child in word.kids:
                if child.i > word.i and child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w is not self)

    def _subtree_edges(self) -> tuple[Node, Node]:
        if self._edges is None:
            low = high = self
            for child in self.kids:
                left, right = child._subtree_edges()
                if left.i < low.i:
                    low = left
                if right.i > high.i:
                    high = right
            self._edges = (low, high)
        return self._edges

    @property
    def left_edge(self) -> Node:
        return self._subtree_edges()[0]

    @property
    def right_edge(self) -> Node:
        return self._subtree_edges()[1]


class NodeSpan:
    """Words ``first``..``last`` of a sentence, with their characters."""

    __slots__ = ("nodes", "start_char", "end_char", "text")

    def __init__(self, sentence: ParsedSentence, first: int, last: int) -> None:
        self.nodes = sentence.nodes[first : last + 1]
        self.start_char = self.nodes[0].idx if self.nodes else 0
        self.end_char = self.nodes[-1].idx + len(self.nodes[-1].text) if self.nodes else 0
        self.text = sentence.text[self.start_char : self.end_char]

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)


class ParsedSentence:
    """The words of one parsed sentence, heads and children linked."""

    def __init__(self, doc, text: str | None = None) -> None:  # noqa: ANN001 - a spaCy Doc
        """``text`` is the text the doc was parsed from (spaCy's ``Doc.text`` rebuilds it word by word)."""
        from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, LIKE_NUM, LOWER, ORTH, TAG

        self.text: str = doc.text if text is None else text
        columns = doc.to_array([ORTH, LOWER, DEP, TAG, IDX, HEAD, LIKE_NUM, IS_PUNCT]).T.tolist() if len(doc) else []
        if not columns:
            self.nodes: list[Node] = []
            return
        orth, lower, dep, tag, idx, head, like_num, is_punct = columns
        strings, cache = doc.vocab.strings, _STRINGS
        if len(cache) > _MAX_STRINGS:  # a long run meets new words forever: start the memo again
            cache.clear()
        for value in {*orth, *lower, *dep, *tag}:
            if value not in cache:  # (not ``set - cache.keys()``: that copies the whole memo into a set)
                cache[value] = strings[value] if value else ""
        nodes = list(map(Node, range(len(orth)), [cache[v] for v in orth], [cache[v] for v in lower],
                         [cache[v] for v in dep], [cache[v] for v in tag], idx, map(bool, like_num),
                         map(bool, is_punct)))
        for i, offset in enumerate(head):
            if offset:  # HEAD is relative: 0 is the root (its own head)
                parent = nodes[i + _signed(offset)]
                nodes[i].head = parent
                parent.kids.append(nodes[i])
        self.nodes = nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __getitem__(self, i: int) -> Node:
        return self.nodes[i]

    def span(self, first: int, last: int) -> NodeSpan:
        return NodeSpan(self, first, last)

    def release(self) -> None:
        """Unlink the words. Heads and children point at each other, so without this a parsed sentence is
        cyclic garbage that waits for the cyclic collector; unlinked, reference counting frees it at once
        (a coding run makes hundreds of thousands of words)."""
        for node in self.nodes:
            node.head = node.kids = node._edges = None  # type: ignore[assignment]
        self.nodes = []


def _signed(value: int) -> int:
    """``to_array`` returns uint64: a negative head offset comes back as a huge positive number."""
    return value - (1 << 64) if value >= 1 << 63 else value
