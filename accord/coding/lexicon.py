"""The trigger lexicon in a form the coder can query fast: word form -> lemma, lemma -> candidate rows,
and the choice of the most specific row whose conditions hold in a parsed sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accord.actors.vocabulary import plural
from accord.knowledge.model import KnowledgeBase
from accord.knowledge.schemas import LexiconRow

_VOWELS = set("aeiou")
#: The object condition "some direct object, of any kind" (the lexicon file writes it ``@ANY``).
ANY_OBJECT = "@ANY"
# Nouns that name the act of a verb ("the suspension of aid" is suspending aid): a noun with no row of its own
# takes the rows of its verb, the object of "of" standing for the verb's object. English derivation, not data.
NOMINALISATIONS = {
    "suspension": "suspend", "resumption": "resume", "imposition": "impose", "removal": "remove",
    "cancellation": "cancel", "expulsion": "expel", "deployment": "deploy", "extension": "extend",
    "provision": "provide", "delivery": "deliver", "closure": "close", "severance": "sever",
    "restoration": "restore", "reopening": "reopen", "ratification": "ratify", "abolition": "abolish",
    "reduction": "reduce", "easing": "ease", "lifting": "lift", "approval": "approve", "seizure": "seize",
    "shipment": "ship", "donation": "donate", "transfer": "transfer", "evacuation": "evacuate",
    "freezing": "freeze", "halting": "halt", "postponement": "postpone", "dissolution": "dissolve",
    "destruction": "destroy", "confiscation": "confiscate", "suppression": "suppress", "sale": "sell",
    "dispatch": "dispatch", "signing": "sign", "recall": "recall", "expansion": "expand",
}


def verb_forms(base: str) -> set[str]:
    """Regular inflections of a verb: -s, -ed, -ing, with and without a doubled final consonant (a
    superset is harmless: only forms that occur in text are ever looked up)."""
    forms = {base}
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.update({base + "d", base[:-1] + "ing"})
        if base.endswith("ie"):
            forms.add(base[:-2] + "ying")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.update({base[:-1] + "ied", base + "ing"})
    else:
        forms.update({base + "ed", base + "ing"})
        last, before = base[-1:], base[-2:-1]
        if last not in _VOWELS and last not in "wxy" and before in _VOWELS and base[-3:-2] not in _VOWELS:
            forms.update({base + last + "ed", base + last + "ing"})  # ban -> banned, commit -> committed
    return forms


@dataclass(frozen=True, slots=True)
class Frame:
    """What the parse shows around a trigger: its particles, prepositions and object head nouns."""

    particles: frozenset[str]
    prepositions: frozenset[str]
    objects: Mapping[str, frozenset[str]]  # "dobj" or a preposition -> head-noun lemmas
    # the same places -> nouns modifying those heads ("a mediation effort", "curfew hours", "war games"):
    # they say what the act is about when the head only wraps it, so they count, but less than a head
    modifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)


class Lexicon:
    """Query the lexicon rows of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.rows: dict[tuple[str, str], list[LexiconRow]] = defaultdict(list)
        self.verb_lemma: dict[str, str] = {}
        self.noun_lemma: dict[str, str] = {}
        for row in kb.lexicon:
            self.rows[(row.trigger, row.pos)].append(row)
            if row.pos == "verb":
                for form in (*verb_forms(row.trigger), *row.forms):
                    self.verb_lemma.setdefault(form.lower(), row.trigger)
            else:
                for form in (row.trigger, plural(row.trigger), *row.forms):
                    self.noun_lemma.setdefault(form.lower(), row.trigger)
        self.classes: dict[str, frozenset[str]] = {}
        for name, noun_class in kb.noun_classes.items():
            terms = {t.lower() for t in noun_class.terms}
            # plurals: the regular one, and -oes beside -os ("embargoes", "vetoes")
            oes = {t + "es" for t in terms if t[-1:] == "o"}
            self.classes[name] = frozenset(terms | {plural(t) for t in terms} | oes)
        self.complements: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in kb.complements:
            self.complements[row.governs].append((row.complement, row.code))
        for pairs in self.complements.values():
            pairs.sort(key=lambda pair: -len(pair[0]))
        #: nouns of verbs with rows ("suspension" -> "suspend") that have no noun row of their own
        self.nominal: dict[str, str] = {}
        for noun, verb in NOMINALISATIONS.items():
            if (verb, "verb") in self.rows:
                for form in (noun, plural(noun)):
                    if form not in self.noun_lemma:
                        self.nominal[form] = verb
        #: the second word of hyphenated trigger nouns ("war-game": "game", "games"), read with the first
        self.compound_heads: dict[str, str] = {}
        for trigger, pos in self.rows:
            if pos == "noun" and "-" in trigger:
                head = trigger.rsplit("-", 1)[1]
                for form in (head, plural(head)):
                    self.compound_heads.setdefault(form, head)
        #: every word form that can start an event: the cheap test for "could this sentence hold one?"
        self.trigger_forms = (frozenset(self.verb_lemma) | frozenset(self.noun_lemma) | frozenset(self.nominal)
                              | frozenset(self.compound_heads))
        #: every form of every class noun, which object matching takes as it is ("supplies", not "supplie")
        self.class_words: frozenset[str] = frozenset().union(*self.classes.values())

    def lemma(self, word: str, pos: str) -> str | None:
        table = self.verb_lemma if pos == "verb" else self.noun_lemma
        return table.get(word.lower())

    def _object_ok(self, wanted: str, nouns: Iterable[str]) -> bool:
        if wanted == ANY_OBJECT:
            return any(True for _ in nouns)  # "returned the paintings to Brazil": some object, whatever it is
        if wanted.startswith("@"):
            members = self.classes.get(wanted[1:], frozenset())
            return any(noun in members for noun in nouns)
        return any(noun == wanted or noun == plural(wanted) for noun in nouns)

    def choose(self, lemma: str, pos: str, frame: Frame) -> LexiconRow | None:
        """The most specific row of ``lemma`` whose particle, preposition and object all hold."""
        best: tuple[int, int, LexiconRow] | None = None
        for order, row in enumerate(self.rows.get((lemma, pos), ())):
            score = 0
            if row.particle:
                if row.particle not in frame.particles:
                    continue
                score += 1
            if row.preposition:
                if row.preposition not in frame.prepositions:
                    continue
                score += 1
            if row.object:
                keys = ("dobj", row.preposition) if row.preposition else ("dobj",)
                if any(self._object_ok(row.object, frame.objects.get(k, frozenset())) for k in keys):
                    score += 1 if row.object == ANY_OBJECT else 3  # a named object says more than any object
                elif row.object != ANY_OBJECT and any(
                    self._object_ok(row.object, frame.modifiers.get(k, frozenset())) for k in keys
                ):
                    score += 2
                else:
                    continue
            if best is None or (score, -order) > (best[0], best[1]):
                best = (score, -order, row)
        return best[2] if best else None

    def derive(self, governs: str, complement_code: str) -> str | None:
        """The code a governing verb ("plan", "urge", "threaten") yields for a governed event's code."""
        for prefix, code in self.complements.get(governs, ()):
            if complement_code.startswith(prefix):
                return code
        return None
