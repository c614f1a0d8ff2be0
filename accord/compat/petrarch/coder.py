"""Coding with PETRARCH dictionaries over accord's dependency parse.

For every word the verb dictionary knows, used as a verb: try its block's patterns, most specific first
(the first that fits gives the code and may bind source and target), else the verb's own or the block's
code; a word in several blocks takes the first reading that gives a code. The source is the actor named
by the verb's subject (through "is about to", conjoined verbs and passives, as accord's own rules find it;
a pronoun stands for the subject of the clause above), the target the first actor named in the verb's
objects and prepositional phrases, else in a verb or complement clause under it that codes nothing of its
own. Coordinated actors each get the event; agents ("government", "police") add their code to the actor
they qualify (GON + ~COP = GONCOP; NGO~ + ARN = NGOARN), and coordinated agents share it ("Danish media
and government"). Like PETRARCH with ``require_dyad``, an event needs both a source and a target. Discard
phrases drop the sentence (or, marked ``+``, the whole story). docs/petrarch.md lists the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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
        self.sentence_discards = _by_first_word(x.words for x in dictionaries.discards if not x.story)
        self.story_discards = _by_first_word(x.words for x in dictionaries.discards if x.story)
        # PETRARCH's require_dyad: with it off, an event with no source or no target is kept, "---" standing
        # for the missing actor ("a senior official said" -> ---GOV -> --- 023)
        self.require_dyad = True

    def discards_story(self, words: list[str]) -> bool:
        return _contains_any(words, self.story_discards)

    def code(self, sentence: ParsedSentence, day: dt.date) -> list[Coding]:
        words = [n.lower_ for n in sentence]
        if _contains_any(words, self.sentence_discards):
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
        coded: set[int] = set()  # the verbs that gave events
        for node in self.sentence:
            if node.dep_ == "xcomp" and node.head.i in coded:
                continue  # "urged Eriador to respond": the controlled verb is part of the event above
            for verb in self.coder.d.verbs.forms.get(node.lower_, ()):
                if not self._fits(verb, node):
                    continue
                codings = self._code_verb(verb, node)
                if codings is None:
                    continue  # this reading has no code here ("--- SHOT [---]"): the word's next one may
                if codings:
                    coded.add(node.i)
                for coding in codings:
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

    def _code_verb(self, verb: Verb, node: Node) -> list[Coding] | None:
        """The verb's codings; None when neither a pattern nor the verb gives a code."""
        block = verb.block
        matcher = PatternMatcher(self.words, self.coder.d.verbs.synsets, self._actor_at, 0, len(self.words),
                                 self._phrase_after)
        codes: Codes = verb.codes or block.codes
        source_span = target_span = None
        compound = matched = False
        head = verb.lemma.split("_")[0]
        for pattern in block.patterns:
            if pattern.verb is not None and pattern.verb != head:
                continue
            bound = matcher.match(pattern, node.i)
            if bound is not None:
                codes, source_span, target_span, compound = pattern.codes, bound.source, bound.target, bound.compound
                matched = True
                break
        if codes.primary is None and codes.reverse is None:
            return None
        negations = self.coder.d.negations
        if negations and _negated(node, bool(verb.before)):  # UD-PETRARCH's PICO: "didn't clash" -> 050
            codes = Codes(negations.get(codes.primary or "", codes.primary),
                          negations.get(codes.reverse or "", codes.reverse))
        # the verb's subjects (or the passive's "by" phrase), read once for source and target alike
        subjects, passive = ([], False) if source_span and target_span else self._subjects(node)
        sources = [self._bound(source_span)] if source_span else self._subject_actors(node, subjects, passive)
        targets = [self._bound(target_span)] if target_span else self._object_actors(node, subjects, passive, matched)
        if target_span and not source_span and not passive and all(
                _overlaps(s.span, target_span) for s in sources) and sources:
            # "noted + *" bound the verb's own subject ("... noted that Cirith Ungol regretted ..."): the
            # source is the subject of the clause above
            sources = [p for t in subjects for p in self._antecedent(t)]
        if (compound or codes.reverse) and not targets and len(sources) > 1:
            targets = sources  # "% * [030:030]": the compound's members act on each other
        if not self.coder.require_dyad and (sources or targets):
            sources = sources or [_NOBODY]
            targets = targets or [_NOBODY]
        out = []
        for s in sources:
            for t in targets:
                for source in self._codes_of(s):
                    for target in self._codes_of(t):
                        if source == target:
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
        if found is None or found.actor is None:  # "+" binds an actor: "the parliament of Gondor" -> Gondor
            return None
        node = self.sentence[found.first]
        _first, last = frames.noun_phrase(_phrase_head(node))
        return (i, max(last, found.last))  # from i on: "an anti-Gondor parade" has its name at "Gondor"

    def _subjects(self, node: Node) -> tuple[list[Node], bool]:
        """frames.subjects, except that a gerund under a time preposition ("celebrated Iftar ... after leaving
        Eriador") has none: PETRARCH codes no event there."""
        if node.dep_ == "pcomp" and node.head.lower_ in _TIME_PREPOSITIONS:
            return [], False
        nominal = [c for c in node.kids if c.dep_ in ("compound", "nmod") and c.i < node.i]
        if nominal and not any(c.dep_ in ("nsubj", "nsubjpass", "det") for c in node.kids):
            return nominal, False  # "Ethiopia act on ...": the parser read the verb as a noun, its subject
            # as the noun's modifier
        return frames.subjects(node, self._lemma)

    def _lemma(self, node: Node) -> str:
        """A verb's lemma for frames.subjects: the dictionary verb the word is a form of ("urged" -> urge),
        else the word itself."""
        verbs = self.coder.d.verbs.forms.get(node.lower_)
        return verbs[0].lemma.split("_")[0].lower() if verbs else node.lower_

    def _phrase_after(self, i: int) -> int:
        """Just past the noun phrase that starts at word ``i`` ("Osgiliath", "the Gondor", "Ent populations"),
        or the prepositional phrase ("with Eriador"); ``i`` itself when neither starts there."""
        node = self.sentence[i]
        if node.dep_ == "prep":  # "with Eriador": the preposition and its object
            objects = [c for c in node.kids if c.dep_ == "pobj" and c.i > i]
            if not objects:
                return i
            first, last = _own_phrase(objects[0])
        elif node.dep_ in _NOT_NOMINAL or node.is_punct:
            return i
        else:
            first, last = _own_phrase(_phrase_head(node))
            if first != i:
                return i
        for found in self.found:  # a name runs on ("Prince of Dol Amroth")
            if first <= found.first <= last:
                last = max(last, found.last)
        return last + 1

    def _subject_actors(self, node: Node, subjects: list[Node], passive: bool) -> list[Phrase]:
        if passive and not subjects:  # "X was criticized over ...": with no "by" phrase, PETRARCH keeps X
            subjects = _passive_subjects(node)
            if not subjects and node.dep_ == "xcomp":  # "Gollum was seen to break into ...": raised
                subjects = _passive_subjects(node.head)
        out = [p for t in _heads(subjects) for p in self._phrases(t)]
        if not out and not passive:
            out = [p for t in subjects if t.lower_ in _PRONOUNS for p in self._antecedent(t)]
        return out

    def _antecedent(self, pronoun: Node) -> list[Phrase]:
        """A pronoun subject stands for the subject of the clause above its own, as PETRARCH reads the
        first noun phrase of the higher clause: "Ethiopia indicated it would act" (it = Ethiopia)."""
        node = pronoun.head
        for _ in range(6):
            if node.head is node:
                return []
            node = node.head
            if frames.is_verb(node):
                found = [s for s in node.kids if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ not in _PRONOUNS]
                if found:
                    return [p for s in found for p in self._phrases(s)]
        return []

    def _object_actors(self, node: Node, subjects: list[Node], passive: bool, matched: bool) -> list[Phrase]:
        if passive and subjects:  # the "by" phrase acts; the passive's subject is the target
            return [p for t in _heads(_passive_subjects(node)) for p in self._phrases(t)]
        for child in _object_words(node):
            phrases = self._phrases(child)
            if phrases:
                return phrases
        # With no object of its own, the target is among the objects of a verb under it that codes nothing
        # itself: a controlled verb a pattern reached into ("vowed to wage war on the Rohans", VOW "* WAR"),
        # or an infinitive of purpose ("signed an accord to supply Gondor"); or, when a pattern matched, of a
        # verb the parse wrongly coordinated with it ("launched a new bombing and shelling offensive against
        # Osgiliath", LAUNCH "* OFFENSIVE", with "shelling" read as a second verb)
        for clause in node.kids:
            if clause.i < node.i or (self._codes_anything(clause) and not (matched and clause.dep_ == "conj")):
                continue
            if (clause.dep_ in ("xcomp", "conj") and matched) or (clause.dep_ == "advcl" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in clause.kids)):  # "signed an accord to supply X"
                for child in _object_words(clause):
                    phrases = self._phrases(child)
                    if phrases:
                        return phrases
        # "Gollum allowed that Mordor isn't a pleasant place", "Arnor believes Dagolath can cope": with no
        # object, the subject of a complement clause whose own verb codes nothing is the target
        for clause in node.kids:
            if clause.dep_ == "ccomp" and clause.i > node.i and not self._codes_anything(clause):
                phrases = [p for t in frames.subjects(clause, self._lemma)[0] for p in self._phrases(t)]
                for child in _object_words(clause) if not phrases else ():  # "said he has ... toward Gondor"
                    phrases = self._phrases(child)
                    if phrases:
                        break
                if phrases:
                    return phrases
        return []

    def _has_code(self, verb: Verb, node: Node) -> bool:
        """Whether a reading of the word gives a code here: its own or its block's, or a pattern's that fits
        ("HAS [---]" codes only "*_NO_WISH")."""
        if not self._fits(verb, node):
            return False
        codes = verb.codes or verb.block.codes
        if codes.primary or codes.reverse:
            return True
        matcher = PatternMatcher(self.words, self.coder.d.verbs.synsets, self._actor_at, 0, len(self.words),
                                 self._phrase_after)
        head = verb.lemma.split("_")[0]
        return any((p.codes.primary or p.codes.reverse) and matcher.match(p, node.i) is not None
                   for p in verb.block.patterns if p.verb is None or p.verb == head)

    def _codes_anything(self, clause: Node) -> bool:
        """Whether a clause's verb (or one it controls or embeds) gives a code: its event is coded on its own.
        Verbs inside its noun phrases ("a place to visit") and verbs the parser conjoined to it (often the
        next clause of the sentence: "... would not work and warned that ...") do not count."""
        stack = [clause]
        while stack:
            node = stack.pop()
            readings = self.coder.d.verbs.forms.get(node.lower_, ())
            if frames.is_verb(node) and any(self._has_code(v, node) for v in readings):
                return True
            stack.extend(c for c in node.kids if c.dep_ in ("xcomp", "ccomp"))
        return False

    def _names(self, first: int, last: int) -> list[Found]:
        return [f for f in self.found if first <= f.first and f.last <= last]

    def _phrases(self, token: Node) -> list[Phrase]:
        """The actors a noun phrase names, each with the agents that qualify it: "Gondor police" (GON + COP),
        "Lawmakers in Fornost and Gondor" (FOR + LEG, GON + LEG), "the ambassadors of Arnor, Osgiliath and
        Gondor" (three actors, each + GOV). Coordinated members each count, and so do appositions that name
        an actor ("Mordor, the Shire, Fornost and Bree"); a member with agents only shares the actor of the
        others ("Danish media and government": DNK + MED, DNK + GOV; "Lawmakers and officials in Fornost":
        FOR + LEG, FOR + GOV)."""
        head = _phrase_head(token)
        members: list[Node] = []
        for member in (head, *head.conjuncts):
            members.append(member)
            if any(f.agent for f in self._names(*_own_phrase(member))):
                continue  # "Gondor's Prime Minister Falastur": the apposition names the same person
            for child in member.kids:
                if child.dep_ == "appos":
                    members.extend(m for m in (child, *child.conjuncts) if m not in members
                                   and self._listed(m, member)
                                   and any(f.actor for f in self._names(*_own_phrase(m))))
        out: list[Phrase] = []
        donors: list[tuple[Found, tuple[Found, ...]]] = []  # actors the members share, with their shared agents
        pending: list[tuple[tuple[int, int], list[Found]]] = []  # members with agents only
        carry: tuple[int, tuple[Found, ...]] | None = None  # where "agents in X" ended, and its agents
        for member in members:
            start, end = _own_phrase(member)
            for found in self.found:  # a name may run on past the phrase ("Ministry of Silly Walks")
                if start <= found.first <= end:
                    end = max(end, found.last)
            for first, last in self._segments(start, end):
                names = self._names(first, last)
                agents = [f for f in names if f.agent]
                actors = [f for f in names if f.actor]
                if actors and not agents and carry and carry[0] < first and all(
                        self.words[k] in _COORDINATORS or self.words[k] == "the" for k in range(carry[0] + 1, first)):
                    # "Lawmakers in Fornost and Gondor": the parse hangs Gondor on "Lawmakers"; PETRARCH reads
                    # "in (Fornost and Gondor)"
                    out.append(Phrase((first, last), actors[0], carry[1]))
                    donors.append((actors[0], ()))
                    carry = (last, carry[1])
                    continue
                if actors:
                    out.append(Phrase((first, last), actors[0], tuple(agents)))
                    donors.append((actors[0], tuple(a for a in agents if a.last < member.i)))
                    continue
                qualifiers = _qualifiers(member)
                if not qualifiers and member is not head and any(f.actor for f in self._names(*_own_phrase(head))):
                    # "Ithilen's sheep and goats of Gondor": the parser hangs "of Gondor" on "sheep", which
                    # names its own actor; the phrase belongs to "goats"
                    qualifiers = [q for q in _qualifiers(head) if q.i > member.i]
                inner = next((found for q in qualifiers  # the first qualifier that names an actor
                              if (found := [p for p in self._phrases(q) if p.actor is not None])), [])
                if not inner and not agents:  # "the roads leading into Mordor", "memos sent by Bree"
                    inner = next((found for q in _participle_objects(member)
                                  if (found := [p for p in self._phrases(q) if p.actor is not None])), [])
                if inner:
                    out.extend(Phrase((min(first, p.span[0]), max(last, p.span[1])), p.actor,
                                      (*agents, *p.agents)) for p in inner)
                    if agents:
                        carry = (max(p.span[1] for p in inner), tuple(agents))
                    donors.extend((p.actor, p.agents) for p in inner if p.actor is not None)
                elif agents:
                    pending.append(((first, last), agents))
        for span, agents in pending:
            if donors:
                out.extend(Phrase(span, actor, (*shared, *agents)) for actor, shared in donors)
            else:
                out.append(Phrase(span, None, tuple(agents)))
        return out

    def _listed(self, appos: Node, head: Node) -> bool:
        """Whether an apposition is one more member of a list: set off by a comma ("Mordor, the Shire"), or
        the name a bare conjunct of the head runs on into ("Arnor and the evil awful Gondor", parsed with
        "awful" as the conjunct)."""
        before = _own_phrase(appos)[0] - 1
        if before < 0:
            return False
        if self.words[before] in _COORDINATORS:
            return True
        return any(_own_phrase(c)[1] == before and not any(f.actor for f in self._names(*_own_phrase(c)))
                   for c in head.conjuncts)

    def _segments(self, first: int, last: int) -> list[tuple[int, int]]:
        """A phrase's words cut at the coordinators between the actors it names: a parse that hangs
        "Fornost and the evil awful Gondor" under one head still names two actors."""
        actors = [f for f in self._names(first, last) if f.actor]
        if len(actors) < 2:
            return [(first, last)]
        out = []
        start = first
        for before, after in zip(actors, actors[1:], strict=False):
            cut = next((i for i in range(before.last + 1, after.first) if self.words[i] in _COORDINATORS
                        and self.sentence[i].head.dep_ != "amod"), None)  # not "awful and evil"
            if cut is not None:
                out.append((start, cut - 1))
                start = cut + 1
        out.append((start, last))
        return out

    def _codes_of(self, phrase: Phrase) -> list[str]:
        """PETRARCH's codes for a phrase: agent prefixes + actor + agent suffixes ("---" when no actor). A
        compound actor code ("FRO/BIL/SAM") stands for each of its actors."""
        if phrase is _NOBODY:
            return ["---"]
        bases = [""]
        if phrase.actor is not None and phrase.actor.actor is not None:
            code = phrase.actor.actor.code_on(self.day) or ""
            if not code:
                return []
            bases = code.split("/") if "/" in code else [code]
        prefix = "".join(a.agent.prefix for a in phrase.agents if a.agent)
        suffixes = [a.agent.suffix for a in phrase.agents if a.agent and a.agent.suffix]
        out = []
        for base in bases:
            suffix = ""
            for one in suffixes:
                if not (base + suffix).endswith(one):
                    suffix += one
            code = prefix + (base or "---") + suffix
            if code != "---" and code not in out:
                out.append(code)
        return out


@dataclass(frozen=True)
class Phrase:
    """An actor as a phrase names it: the words, the actor name found (None: agents only), its agents."""

    span: tuple[int, int]
    actor: Found | None
    agents: tuple[Found, ...]


_NOBODY = Phrase((-1, -1), None, ())  # the missing actor of an event coded without require_dyad

_TIME_PREPOSITIONS = frozenset({"after", "before", "while", "since", "until", "upon", "on", "without"})

_NOT_NOMINAL = frozenset({"prep", "cc", "punct", "aux", "auxpass", "mark", "advmod", "neg", "prt", "agent"})

_PRONOUNS = frozenset({"it", "he", "she", "they", "we"})

_COORDINATORS = frozenset({"and", "or", "nor", ",", ";"})

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
    """Objects of "of", "in", "from", "at", "by", "against" under a noun: "officials in Gondor", "an attack by
    Gondor", "an embargo against Mordor"."""
    return [o for p in node.kids if p.dep_ == "prep" and p.lower_ in ("of", "in", "from", "at", "by", "against")
            for o in p.kids if o.dep_ == "pobj"]


def _negated(node: Node, multiword: bool) -> bool:
    """A "not" on the verb, on an adverb of it ("did not even ever clash"), or, for a verb of several words
    ("will not wire tap"), on the word the parser made the head."""
    words = [node, *(c for c in node.kids if c.dep_ == "advmod")]
    if multiword and node.head is not node:
        words.append(node.head)
    return any(c.dep_ == "neg" for w in words for c in w.kids)


def _passive_subjects(node: Node) -> list[Node]:
    """frames.passive_subjects, and the subject the parser hung on the passive auxiliary ("The Philippines
    was heavily and unjustly criticized": Philippines <- was)."""
    found = frames.passive_subjects(node)
    if not found:
        found = [s for a in node.kids if a.dep_ == "auxpass" and a.i < node.i
                 for s in a.kids if s.dep_ in ("nsubj", "nsubjpass")]
    return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _heads(tokens: list[Node]) -> list[Node]:
    """Coordinated tokens less those that are conjuncts of one before them (``_phrases`` reads conjuncts)."""
    out: list[Node] = []
    for token in tokens:
        if not any(token in t.conjuncts for t in out):
            out.append(token)
    return out


def _participle_objects(node: Node) -> list[Node]:
    """Words under a clause that modifies a noun: "roads leading into Mordor"; the clause's own subject first
    ("hopes that Osgiliath could be drawn into ...")."""
    out = []
    for acl in node.kids:
        if acl.dep_ == "acl":
            out.extend(c for c in acl.kids if c.dep_ in ("nsubj", "nsubjpass"))
            out.extend(_object_words(acl))
    return out


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


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            out.setdefault(phrase[0], []).append(phrase)
    return out


def _contains_any(words: list[str], phrases: dict[str, list[tuple[str, ...]]]) -> bool:
    """Whether one of the phrases (indexed by their first word) stands in ``words``."""
    for i, word in enumerate(words):
        for phrase in phrases.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return True
    return False
