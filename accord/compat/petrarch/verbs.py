"""PETRARCH verb dictionaries (PETRARCH-1 / TABARI and PETRARCH-2 layouts)::

    &TIETYPES                      a synonym set, used as &TIETYPES in patterns
    +MILITARY
    --- BREAK [1717] ---           a block: its verbs share the block's code and patterns
    BREAK {BROKE BROKEN}           a verb and its irregular forms (regular ones are made here)
    +BREAK_DOWN {+BROKE_DOWN}      a phrasal verb; "+" marks the verb word
    DOWNPLAY [014]                 a verb with its own code
    - * TREATY [161]               a pattern: words before "*" precede the verb, words after follow it
    - + * IN $ [075]               "+" is where the target is, "$" the source, "%" a compound actor,
    - * (TO +) [042:043]           "^" skips; "_" joins words that must be adjacent; (...) and {...}
                                   group words (PETRARCH-2); [A:B] also codes B from target to source;
                                   [---] codes nothing; "# RUSH" after a PETRARCH-2 pattern names the
                                   block verb it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.coding.lexicon import verb_forms
from accord.compat.petrarch.common import Line, Problem, read_lines

# Lenient on the tail: real files have "--- DELAY [120]  [031:031]  ---" and "--- TROUBLED  [---]".
_BLOCK = re.compile(r"^-{3}\s*(?P<name>[^\[\]]+?)\s*\[(?P<code>[^\]]*)\].*$")
_VERB = re.compile(r"^(?P<name>[^{\[]+?)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_CODE = re.compile(r"^[A-Za-z0-9]{1,8}$")
MARKERS = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}


@dataclass(frozen=True)
class Element:
    """One piece of a pattern: a word, a synonym set (``&NAME``) or a marker (verb, source, target,
    compound, skip). ``joined``: written with ``_`` to the piece before it, so it must follow at once;
    ``grouped``: inside a PETRARCH-2 prepositional phrase "(FOR ASYLUM)" after its first word, so it must
    follow with at most determiners between ("for the asylum", not "for foreign asylum")."""

    kind: str
    value: str = ""
    joined: bool = False
    grouped: bool = False


@dataclass(frozen=True)
class Codes:
    primary: str | None  # None: [---], code nothing
    reverse: str | None = None  # B of [A:B]: the target acts on the source


@dataclass(frozen=True)
class Pattern:
    before: tuple[Element, ...]  # the pieces before "*", in text order
    after: tuple[Element, ...]  # the pieces after "*"; after[0].joined: "*_OUT"
    codes: Codes
    verb: str | None  # the block verb a PETRARCH-2 pattern belongs to, or None for every verb
    line: int

    @property
    def weight(self) -> int:
        """More words make a more specific pattern: tried first."""
        return sum(e.kind in ("word", "synset") for e in (*self.before, *self.after))


@dataclass
class VerbBlock:
    name: str
    codes: Codes
    patterns: list[Pattern] = field(default_factory=list)
    source: str = ""  # the file it was read from


@dataclass(frozen=True)
class Verb:
    """A verb form as it appears in text, with the words a phrasal verb needs right before and after it."""

    form: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    lemma: str  # the verb's dictionary line, upper case ("BREAK_DOWN")
    codes: Codes | None  # its own code, else the block's
    block: VerbBlock


@dataclass
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, list[tuple[Element, ...]]] = field(default_factory=dict)
    forms: dict[str, list[Verb]] = field(default_factory=dict)  # lower-case word -> verbs it can be

    def merge(self, other: VerbDictionary) -> None:
        self.blocks.extend(other.blocks)
        self.synsets.update(other.synsets)
        for form, verbs in other.forms.items():
            self.forms.setdefault(form, []).extend(verbs)


def parse_codes(text: str) -> Codes:
    text = text.strip()
    if text in ("---", "", "+++"):
        return Codes(None)
    primary, colon, reverse = text.partition(":")
    for code in (primary, reverse) if colon else (primary,):
        if code not in ("---", "") and not _CODE.match(code):
            raise ValueError(f"bad event code [{text}]")
    if not primary and not reverse:
        raise ValueError(f"bad event code [{text}]")
    # "[:173]" codes only the reverse direction (the target acts on the source)
    return Codes(primary if primary not in ("---", "") else None, reverse if reverse not in ("---", "") else None)


def parse_pattern(text: str) -> tuple[tuple[Element, ...], tuple[Element, ...]]:
    """Pattern text (without "- " and the code) -> the pieces before and after the verb marker. A last
    "before" piece joined to the verb ("IN_*") is returned with kind "word" and the verb's joint recorded
    as a trailing Element("verb", joined=True)."""
    elements: list[Element] = []
    depth, first_in_group = 0, False
    for chunk in re.sub(r"([(){}])", r" \1 ", text).split():
        if chunk in "({":
            depth += chunk == "("
            first_in_group = chunk == "("
            continue
        if chunk in ")}":
            depth -= chunk == ")"
            continue
        parts = chunk.split("_")
        for i, part in enumerate(parts):
            if not part:
                continue
            # joined to the piece before: any piece after the first "_" of the chunk ("IN_*", "A__B"), but
            # not the first word of a chunk that only starts with "_"
            joined = i > 1 or (i == 1 and bool(parts[0]))
            grouped = depth > 0 and not first_in_group and part not in MARKERS
            first_in_group = False
            if part in MARKERS:
                elements.append(Element(MARKERS[part], "", joined))
            elif part.startswith("&"):
                elements.append(Element("synset", part[1:].rstrip("_").upper(), joined, grouped))
            else:
                elements.append(Element("word", part.lower(), joined, grouped))
    verbs = [i for i, e in enumerate(elements) if e.kind == "verb"]
    if len(verbs) != 1:
        raise ValueError(f"a pattern needs exactly one '*' ({len(verbs)} in {text.strip()!r})")
    at = verbs[0]
    after = list(elements[at + 1 :])
    if after:  # "*_OUT": the joint belongs to the word after the verb
        after[0] = Element(after[0].kind, after[0].value, elements[at + 1].joined)
    before = list(elements[:at])
    if elements[at].joined:  # "IN_*": the word before must stand right before the verb
        before.append(Element("verb", "", True))
    return tuple(before), tuple(after)


def read_verbs(path: Path, problems: list[Problem]) -> VerbDictionary:
    out = VerbDictionary()
    block: VerbBlock | None = None
    synset: str | None = None
    block_verbs: set[str] = set()
    for line in read_lines(path):
        text = line.text.strip()
        try:
            if text.startswith("&"):
                synset = text.split()[0][1:].rstrip("_").upper()
                out.synsets.setdefault(synset, [])
                continue
            if text.startswith("+") and synset is not None:
                before, after = parse_pattern("* " + text[1:])
                out.synsets[synset].append(after)
                continue
            synset = None
            if text.startswith("---"):
                found = _BLOCK.match(text)
                if not found:
                    raise ValueError(f"malformed block header {text!r}")
                block = VerbBlock(found.group("name").strip().upper(), parse_codes(found.group("code")), [], str(path))
                out.blocks.append(block)
                block_verbs = set()
                continue
            if block is None:
                raise ValueError("a verb or pattern before any '--- VERB [code] ---' block")
            if text.startswith("-"):
                block.patterns.append(_pattern(line, text, block_verbs))
                continue
            for verb in _verbs(text, block):
                out.forms.setdefault(verb.form, []).append(verb)
                block_verbs.add(verb.lemma.split("_")[0])
        except ValueError as exc:
            problems.append(Problem(str(path), line.number, str(exc)))
    for b in out.blocks:
        b.patterns.sort(key=lambda p: -p.weight)  # stable: equally specific patterns keep file order
    return out


def _pattern(line: Line, text: str, block_verbs: set[str]) -> Pattern:
    if text.count("[") != 1 or text.count("]") != 1 or text.index("[") > text.index("]"):
        raise ValueError(f"pattern without one [code]: {text!r}")
    body, _, rest = text[1:].partition("[")
    codes = parse_codes(rest.split("]", 1)[0])
    before, after = parse_pattern(body)
    named = line.comment.split()[0].upper() if line.comment.split() else ""
    return Pattern(before, after, codes, named if named in block_verbs else None, line.number)


def _verbs(text: str, block: VerbBlock) -> list[Verb]:
    """The text forms of one verb line: the written one, its regular inflections and its listed forms."""
    text = text.split(";", 1)[0].strip()  # TABARI's other comment mark ("SCRAP {...};shan 8/30/93")
    found = _VERB.match(text.lstrip("+"))
    if not found:
        raise ValueError(f"not a verb line: {text!r}")
    codes = parse_codes(found.group("code")) if found.group("code") is not None else None
    name = found.group("name").strip()
    phrases = [name] + [f for f in (found.group("forms") or "").split() if f]
    head_before, head_word, head_after = _split_phrase(name)
    lemma = "_".join((*head_before, head_word, *head_after)).upper()
    out = []
    seen = set()
    for i, phrase in enumerate(phrases):
        before, word, after = _split_phrase(phrase.lstrip("+") if i else phrase)
        forms = verb_forms(word) if i == 0 else (word,)
        for form in forms:
            key = (form, before, after)
            if key not in seen:
                seen.add(key)
                out.append(Verb(form, before, after, lemma, codes, block))
    return out


def _split_phrase(phrase: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """``KLM_NOP_+RST`` -> (("klm", "nop"), "rst", ()); ``BREAK_DOWN`` -> ((), "break", ("down",))."""
    words = [w for w in phrase.split("_") if w]
    if not words:
        raise ValueError(f"empty verb {phrase!r}")
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    at = marked[0] if marked else 0
    clean = [w.lstrip("+").lower() for w in words]
    return tuple(clean[:at]), clean[at], tuple(clean[at + 1 :])
