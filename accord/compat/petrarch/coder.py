"""Coding with PETRARCH dictionaries over accord's dependency parse.

For every word the verb dictionary knows, used as a verb: try its block's patterns, most specific first
(the first that fits gives the code and may bind source and target), else the verb's own or the block's
code. The source is the actor named by the verb's subject (through "is about to", conjoined verbs and
passives, as accord's own rules find it), the target the first actor named in the verb's objects and
prepositional phrases. Coordinated actors each get the event; agents ("government", "police") add their
code to the actor they qualify (GON + ~COP = GONCOP; NGO~ + ARN = NGOARN). Like PETRARCH with
``require_dyad``, an event needs both a source and a target. Discard phrases drop the sentence (or, marked
``+``, the whole story).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.coding import frames
from accord.coding.parsed import Node, ParsedSentence
from accord.compat.petrarch.dictionaries import Dictionaries
from accord.compat.petrarch.patterns import PatternMatcher
from accord.compat.petrarch.phrases import Found, PhraseIndex
from accord.compat.petrarch.verbs import Codes, Verb

# Dependents that open another clause: actors inside them are not the verb's target.
_OTHER_CLAUSES = frozenset({"advcl", "ccomp", "relcl", "acl", "conj", "parataxis", "csubj", "mark", "cc",
                            "xcomp", "punct", "nsubj", "nsubjpass", "aux", "auxpass", "neg"})


@dataclass(frozen=True)
class Coding:
    """One PETRARCH-style event: codes and where its words are (word indices of the sentence)."""

    source: str
    target: str
    code: str
    verb: int
    source_span: tuple[int, int]
    target_span: tuple[int, int]


class PetrarchCoder:
    def __init__(self, dictionaries: Dictionaries) -> None:
        self.d = dictionaries
        self.index = PhraseIndex(dictionaries.actors, dictionaries.agents)
        self.sentence_discards = [x.words for x in dictionaries.discards if not x.story]
        self.story_discards = [x.words for x in dictionaries.discards if x.story]

    def discards_story(self, words: list[str]) -> bool:
        return any(_contains(words, phrase) for phrase in self.story_discards)

    def code(self, sentence: ParsedSentence, day: dt.date) -> list[Coding]:
        words = [n.lower_ for n in sentence]
        if any(_contains(words, phrase) for phrase in self.sentence_discards):
            return []
        caps = [n.text[:1].isupper() for n in sentence]
        found = self.index.find(words, caps, 0, len(words))
        return _SentenceRun(self, sentence, words, found, day).codings()


class _SentenceRun:
    """The work on one sentence: its words, the names found in it, and the verbs' codings."""

    def __init__(self, coder: PetrarchCoder, sentence: ParsedSentence, words: list[str], found: list[Found],
                 day: dt.date) -> None:
        self.coder, self.sentence, self.words, self.day = coder, sentence, words, day
        self.found = found
        self.starting = {f.first: f for f in found}

    def codings(self) -> list[Coding]:
        out: list[Coding] = []
        seen = set()
        for node in self.sentence:
            for verb in self.coder.d.verbs.forms.get(node.lower_, ()):
                if not self._fits(verb, node):
                    continue
                for coding in self._code_verb(verb, node):
                    key = (coding.source, coding.target, coding.code)
                    if key not in seen:
                        seen.add(key)
                        out.append(coding)
                break  # one reading per word
        return out

    def _fits(self, verb: Verb, node: Node) -> bool:
        n = len(self.words)
        i = node.i
        if verb.before and tuple(self.words[max(0, i - len(verb.before)) : i]) != verb.before:
            return False
        if verb.after and tuple(self.words[i + 1 : min(n, i + 1 + len(verb.after))]) != verb.after:
            return False
        return frames.is_verb(node) or bool(verb.after)

    def _code_verb(self, verb: Verb, node: Node) -> list[Coding]:
        block = verb.block
        matcher = PatternMatcher(self.words, self.coder.d.verbs.synsets, self._actor_at, 0, len(self.words))
        codes: Codes = verb.codes or block.codes
        source_span = target_span = None
        compound = False
        head = verb.lemma.split("_")[0]
        for pattern in block.patterns:
            if pattern.verb is not None and pattern.verb != head:
                continue
            bound = matcher.match(pattern, node.i)
            if bound is not None:
                codes, source_span, target_span, compound = pattern.codes, bound.source, bound.target, bound.compound
                break
        if codes.primary is None and codes.reverse is None:
            return []
        # the verb's subjects (or the passive's "by" phrase), read once for source and target alike
        subjects, passive = ([], False) if source_span and target_span else frames.subjects(node, _lower)
        sources = [self._bound(source_span)] if source_span else self._subject_actors(node, subjects, passive)
        targets = [self._bound(target_span)] if target_span else self._object_actors(node, subjects, passive)
        if compound and not targets and len(sources) > 1:
            targets = sources  # "% * [030:030]": the compound's members act on each other
        out = []
        for s in sources:
            for t in targets:
                source, target = self._code_of(s), self._code_of(t)
                if not source or not target or source == target:
                    continue
                if codes.primary:
                    out.append(Coding(source, target, codes.primary, node.i, s.span, t.span))
                if codes.reverse:
                    out.append(Coding(target, source, codes.reverse, node.i, t.span, s.span))
        return out

    # -- actors --------------------------------------------------------------------------------------
    def _bound(self, span: tuple[int, int]) -> Phrase:
        """The actor a pattern's "+" or "$" bound."""
        names = self._names(*span)
        actors = [f for f in names if f.actor]
        return Phrase(span, actors[0] if actors else None, tuple(f for f in names if f.agent))

    def _actor_at(self, i: int) -> tuple[int, int] | None:
        """The actor phrase (names and the agents around them) that starts at word ``i``."""
        found = self.starting.get(i)
        if found is None and i < len(self.words) and self.words[i] in ("the", "a", "an"):
            found = self.starting.get(i + 1)
        if found is None:
            return None
        node = self.sentence[found.first]
        first, last = frames.noun_phrase(_phrase_head(node))
        return (min(first, i), max(last, found.last))

    def _subject_actors(self, node: Node, subjects: list[Node], passive: bool) -> list[Phrase]:
        if passive and not subjects:  # "X was criticized over ...": with no "by" phrase, PETRARCH keeps X
            subjects = frames.passive_subjects(node)
        return [p for t in subjects for p in self._phrases(t)]

    def _object_actors(self, node: Node, subjects: list[Node], passive: bool) -> list[Phrase]:
        if passive and subjects:  # the "by" phrase acts; the passive's subject is the target
            return [p for t in frames.passive_subjects(node) for p in self._phrases(t)]
        for child in _object_words(node):
            phrases = self._phrases(child)
            if phrases:
                return phrases
        return []

    def _names(self, first: int, last: int) -> list[Found]:
        return [f for f in self.found if first <= f.first and f.last <= last]

    def _phrases(self, token: Node) -> list[Phrase]:
        """The actors a noun phrase names, each with the agents that qualify it: "Gondor police" (GON + COP),
        "Lawmakers in Fornost and Gondor" (FOR + LEG, GON + LEG), "the ambassadors of Arnor, Osgiliath and
        Gondor" (three actors, each + GOV)."""
        head = _phrase_head(token)
        out: list[Phrase] = []
        for member in (head, *head.conjuncts):
            first, last = _own_phrase(member)
            for found in self.found:  # an agent name may run on past the phrase ("Ministry of Silly Walks")
                if first <= found.first <= last and found.agent:
                    last = max(last, found.last)
            names = self._names(first, last)
            agents = [f for f in names if f.agent]
            actors = [f for f in names if f.actor]
            if actors:
                out.append(Phrase((first, last), actors[0], tuple(agents)))
                continue
            inner = next((found for q in _qualifiers(member)  # the first qualifier that names an actor
                          if (found := [p for p in self._phrases(q) if p.actor is not None])), [])
            if inner:
                out.extend(Phrase((min(first, p.span[0]), max(last, p.span[1])), p.actor, (*agents, *p.agents))
                           for p in inner)
            elif agents:
                out.append(Phrase((first, last), None, tuple(agents)))
        return out

    def _code_of(self, phrase: Phrase) -> str | None:
        """PETRARCH's code for a phrase: agent prefixes + actor + agent suffixes ("---" when no actor)."""
        base = ""
        if phrase.actor is not None and phrase.actor.actor is not None:
            base = phrase.actor.actor.code_on(self.day) or ""
            if not base:
                return None
        prefix = "".join(a.agent.prefix for a in phrase.agents if a.agent)
        suffix = ""
        for found in phrase.agents:
            if found.agent and found.agent.suffix and not (base + suffix).endswith(found.agent.suffix):
                suffix += found.agent.suffix
        code = prefix + (base or "---") + suffix
        return None if code == "---" else code


@dataclass(frozen=True)
class Phrase:
    """An actor as a phrase names it: the words, the actor name found (None: agents only), its agents."""

    span: tuple[int, int]
    actor: Found | None
    agents: tuple[Found, ...]


_OWN = frozenset({"compound", "amod", "det", "poss", "case", "nummod", "nmod", "flat", "quantmod", "predet"})


def _own_phrase(node: Node) -> tuple[int, int]:
    """The words of a noun phrase without its prepositional phrases and conjuncts."""
    first = last = node.i
    stack = [node]
    while stack:
        for child in stack.pop().kids:
            if child.dep_ in _OWN:
                first, last = min(first, child.i), max(last, child.i)
                stack.append(child)
    return first, last


def _qualifiers(node: Node) -> list[Node]:
    """Objects of "of", "in", "from", "by" under a noun: "officials in Gondor", "an attack by Gondor"."""
    return [o for p in node.kids if p.dep_ == "prep" and p.lower_ in ("of", "in", "from", "at", "by")
            for o in p.kids if o.dep_ == "pobj"]


def _lower(node: Node) -> str:
    """Verb "lemma" for frames.subjects: PETRARCH dictionaries list the forms, so the word itself serves."""
    return node.lower_


def _phrase_head(node: Node) -> Node:
    """The head of the noun phrase a name stands in ("Gondor" in "the Gondor main opposition group")."""
    while node.dep_ in ("compound", "amod", "nmod", "poss", "case", "det", "flat") and node.head is not node:
        node = node.head
    return node


def _object_words(node: Node) -> list[Node]:
    """Words under the verb, after it, outside other clauses, in text order: where its target is named."""
    out: list[Node] = []
    stack = [c for c in node.kids if c.i > node.i and c.dep_ not in _OTHER_CLAUSES]
    for child in node.kids:  # "is about to restore ... with": a preposition on the verb's particle or adverb
        if child.dep_ in ("prt", "advmod"):
            stack.extend(c for c in child.kids if c.dep_ == "prep")
    while stack:
        child = stack.pop(0)
        out.append(child)
        stack.extend(c for c in child.kids if c.dep_ not in _OTHER_CLAUSES or c.dep_ == "conj")
    return sorted(out, key=lambda n: n.i)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))
