"""Reading a dependency parse around a trigger: its subject, objects, prepositions and modality.

All functions take the words of one parsed sentence (accord.coding.parsed.Node, whose attributes are named
as spaCy's) with the en_core_web_sm ClearNLP-style labels:
nsubj, nsubjpass, dobj, dative, prep, pobj, agent, prt, neg, aux, xcomp, ccomp, conj, advcl, mark, ...
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.coding.lexicon import Frame, verb_forms

# Children that belong to a noun phrase (the words naming one actor).
_NOUN_PHRASE = frozenset(
    {"compound", "amod", "det", "poss", "case", "nummod", "nmod", "appos", "flat", "quantmod", "predet", "punct"}
)
# Prepositions whose object may be the target ("meet with", "sanctions on", "a ceasefire between").
TARGET_PREPOSITIONS = frozenset("with to against on toward towards from between into upon".split())
# Prepositions whose object is where, not whom ("met Xi in Busan").
LOCATION_PREPOSITIONS = frozenset("in at near inside outside aboard".split())
# Verbs whose object is the doer of the verb they govern ("urged Russia to stop").
OBJECT_CONTROL = frozenset(
    "urge ask call press encourage invite tell persuade force pressure push allow help order warn".split()
)
# Participles that state where the subject stands, not what was done to it: "the party is opposed to the plan",
# "Peru is committed to reform". Their subject is the actor, though the parse reads a passive.
STATIVE_PARTICIPLES = frozenset("opposed committed determined prepared resolved dedicated".split())
HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "must", "ought"})
FUTURE = frozenset({"will", "shall", "'ll"})
# Nouns of saying: a "that" clause under them is reported speech ("a warning that Iran must stop ...").
SAYING_NOUNS = frozenset({f for w in ("warning", "reminder", "statement", "message", "assurance", "declaration",
                                      "announcement", "insistence", "demand") for f in (w, w + "s")})
# Modals of a mere possibility: in reported speech they say what the actor might do.
POSSIBLE = frozenset({"would", "could", "might", "may"})
CONDITIONAL = frozenset({"if", "unless", "whether"})
# Adjectives that express intent ("ready to strengthen ties", "willing to negotiate").
INTENT_ADJECTIVES = frozenset("ready willing prepared eager determined poised keen".split())
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Verbs that pass their meaning through to the verb they govern ("continue enhancing", "try to meet").
PASS_THROUGH = frozenset(
    form
    for verb in ("continue", "keep", "begin", "start", "try", "work", "move", "act", "help", "resume", "attempt")
    for form in verb_forms(verb)
)
# Heads that only measure or wrap the real object ("$550 billion in investment", "a package of sanctions",
# "5 million dollars of aid", "$50,000 worth of goods").
QUANTITIES = frozenset(
    "billion million trillion thousand hundred amount part portion package sum number lot round series wave set "
    "range raft string batch new additional further more worth dollars dollar euros euro pounds yen yuan rupees "
    "francs rubles roubles tonnes tons kg kilograms kilos truckloads shipment consignment "
    "team mission delegation contingent group squad convoy days weeks months hours".split()
)


def noun_phrase(token) -> tuple[int, int]:  # noqa: ANN001 - a parsed.Node
    """Token index range [first, last] of the noun phrase headed by ``token`` (without conjuncts, relative
    clauses or prepositional phrases other than "of")."""
    first = last = token.i
    stack = [token]
    while stack:
        head = stack.pop()
        for child in head.kids:
            keep = child.dep_ in _NOUN_PHRASE or (child.dep_ == "prep" and child.lower_ == "of")
            if head is not token and child.dep_ == "pobj":
                keep = True
            if keep and not (child.dep_ == "punct" and (child.i < first - 1 or child.i > last + 1)):
                first, last = min(first, child.i), max(last, child.i)
                stack.append(child)
    return first, last


# Heads that only count the actors they govern: "hundreds of students", "a group of Yoruba leaders".
_COUNTS = frozenset("tens dozens scores hundreds thousands millions group groups number numbers handful "
                    "band bands majority most some many several all members member".split())


def counted(token):  # noqa: ANN001, ANN201 - a parsed.Node or None
    """What a counting head counts ("hundreds of students" -> "students"), or None."""
    if token.lower_ not in _COUNTS and not token.like_num:
        return None
    for prep in children(token, "prep"):
        if prep.lower_ == "of":
            for obj in children(prep, "pobj"):
                return obj
    return None


def coordinated(token) -> list:  # noqa: ANN001
    """The token and every token coordinated with it ("Brazil and the United States")."""
    return [token, *token.conjuncts]


def children(token, *deps: str) -> list:  # noqa: ANN001
    return [child for child in token.kids if child.dep_ in deps]


def prepositions(token, *deps: str) -> list:  # noqa: ANN001
    """Prepositions of a verb, counting those that hang on its adverbs ("travel next to", "fly back to")."""
    deps = deps or ("prep",)
    found = children(token, *deps)
    for adverb in children(token, "advmod"):
        found.extend(children(adverb, "prep"))
    return sorted(found, key=lambda t: t.i)


def object_heads(token) -> list:  # noqa: ANN001
    """An object and its conjuncts; a quantity stands aside for what it measures ("$550 billion in investment")."""
    out = []
    for head in coordinated(token):
        out.append(head)
        if head.like_num or head.text in ("$", "€", "£", "¥") or head.lower_ in QUANTITIES:
            out.extend(o for p in children(head, "prep") if p.lower_ in ("of", "in") for o in children(p, "pobj"))
    return out


def frame(token, noun_lemma, of_is_object: bool = False) -> Frame:  # noqa: ANN001 - noun_lemma: word -> lemma
    """Particles, prepositions and object nouns around a trigger, for choosing its lexicon row. For an act
    named by a noun ("the lifting of sanctions"), ``of_is_object`` reads the object of "of" as the verb's."""
    particles = frozenset(c.lower_ for c in children(token, "prt"))
    objects, modifiers = {}, {}
    places = [(p.lower_, [o for o in p.kids if o.dep_ in ("pobj", "pcomp")])
              for p in prepositions(token, "prep", "agent", "dative")]
    # a passive's subject is what the act was done to ("peacekeepers were deployed", "the ban was lifted")
    done_to = children(token, "nsubjpass") if children(token, "auxpass") else []
    if of_is_object:
        done_to = [o for p in children(token, "prep") if p.lower_ == "of" for o in children(p, "pobj")]
    places.append(("dobj", children(token, "dobj", "attr", "oprd") + done_to))
    for place, heads in places:
        nouns = [o for obj in heads for o in object_heads(obj)]
        objects[place] = frozenset(noun_lemma(o) for o in nouns)
        modifiers[place] = frozenset(noun_lemma(m) for o in nouns for m in children(o, "compound"))
    return Frame(particles, frozenset(p for p, _ in places[:-1]), objects, modifiers)


@dataclass(frozen=True, slots=True)
class Modality:
    negated: bool
    conditional: bool  # inside an "if" or "unless" clause
    modal: str | None  # would, could, might, may, should, must, ought
    future: bool

    @property
    def hypothetical(self) -> bool:
        return self.conditional or self.modal is not None


# Verbs that report speech: in "X said Y would meet Z", "would" is Y's stated intent, not a hypothesis,
# and in "X said Y must leave", X demands.
REPORTING = frozenset(
    form
    for verb in ("say", "tell", "announce", "declare", "state", "add", "note", "claim", "report", "confirm",
                 "insist", "stress", "explain", "write", "warn", "argue", "suggest", "indicate", "signal", "vow",
                 "reiterate", "reaffirm", "repeat", "emphasise", "emphasize", "conclude", "assert", "maintain")
    for form in verb_forms(verb)
) | {"said", "told", "wrote"}
OBLIGATION = frozenset({"must", "should", "ought"})


def modality(token) -> Modality:  # noqa: ANN001
    """Whether the act is denied, only imagined (a conditional or a would/could), or still to come."""
    auxes = [c.lower_ for c in token.kids if c.dep_ in ("aux", "auxpass")]
    negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.kids if c.dep_ in ("neg", "advmod"))
    modal = next((a for a in auxes if a in HYPOTHETICAL), None)
    if modal is None and "to" in auxes and any(c.lower_ in ("has", "have", "had") for c in token.kids):
        modal = "must"  # "has to"
    future = any(a in FUTURE for a in auxes) or ("going" in auxes and "to" in auxes)
    conditional = False
    node = token
    for _ in range(6):  # inside "if ..." or "unless ..." anywhere up the clause chain: a hypothetical
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in node.kids):
            conditional = True
        if node.head is node:
            break
        node = node.head
    return Modality(negated, conditional, modal, future)


def unless_clause(token) -> bool:  # noqa: ANN001
    """Whether a verb carries an "unless ..." clause: what it promises depends on another's act."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.kids)
               for c in token.kids)


def if_clause(token) -> bool:  # noqa: ANN001
    """Whether a verb carries an "if ..." clause: what it says depends on a condition ("will act if ...")."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.kids)
               for c in token.kids)


def reported(token) -> bool:  # noqa: ANN001
    """Whether the verb is the content of a speech verb ("said that ... would meet") or of a noun of saying
    ("issued a warning that it must ...", "his message that they would ...")."""
    if token.dep_ == "ccomp" and token.head.lower_ in REPORTING:
        return True
    return (token.dep_ in ("acl", "relcl", "ccomp") and token.head.lower_ in SAYING_NOUNS
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.kids))


def speaker_tokens(clause, verb_lemma) -> list:  # noqa: ANN001
    """Who says the reported ``clause``: the subject of the speech verb, or the owner of the noun of saying
    ("his warning that ...") or the subject of the verb that delivers it ("Chirac issued a reminder that ...")."""
    head = clause.head
    if head.lower_ in SAYING_NOUNS and not is_verb(head):
        owners = children(head, "poss")
        if owners:
            return owners
        if head.dep_ == "dobj":
            return subjects(head.head, verb_lemma)[0]
        return []
    found, passive = subjects(head, verb_lemma)
    if passive and not found and head.dep_ == "pcomp" and head.head.lower_ == "as":
        return passive_subjects(head.head.head)  # "X was quoted as saying he would ...": X speaks
    return found


def governed_by_intent(token) -> bool:  # noqa: ANN001
    """Whether a verb hangs under an intent adjective ("ready to strengthen", "willing to talk")."""
    return _climb_to(token, ("xcomp", "pcomp", "prep", "acomp", "oprd"), INTENT_ADJECTIVES, 4) is not None


def _climb_to(token, through: tuple[str, ...], words: frozenset[str], steps: int):  # noqa: ANN001, ANN202
    """The first head among ``words`` reached from ``token`` by climbing arcs labelled ``through`` (at most
    ``steps`` of them), or None."""
    node = token
    for _ in range(steps):
        if node.dep_ not in through or node.head is node:
            return None
        node = node.head
        if node.lower_ in words:
            return node
    return None


# Writings through which their issuer acts: "issued a statement calling on ...".
_DOCUMENTS = frozenset("statement statements report reports declaration declarations letter letters communique "
                       "resolution resolutions message note memo appeal petition release".split())


def subjects(token, lemma_of) -> tuple[list, bool]:  # noqa: ANN001 - lemma_of: Token -> verb lemma or None
    """The subject tokens of a verb and whether it is passive. Without its own subject, a verb takes the
    subject of the verb it hangs on (conjoined and controlled verbs, "by signing"), or, under "urge"-like
    verbs, that verb's object ("urged Russia to stop": Russia stops)."""
    node = token
    for _ in range(6):
        if children(node, "nsubjpass", "auxpass"):
            if (node is not token and token.dep_ == "conj" and token.head is node and children(token, "aux")
                    and not children(token, "auxpass")):
                # "X has been indicted by the court and will resign": X resigns, not the court (with no
                # auxiliary of its own, "were attacked by troops and killed", the verb shares the passive)
                return passive_subjects(node), False
            agents = [o for a in children(node, "agent") for o in children(a, "pobj")]
            return [t for a in agents for t in coordinated(a)], True
        found = children(node, "nsubj", "csubj")
        if not found:  # the parser sometimes hangs the subject on an auxiliary ("France however has opposed")
            found = [s for a in children(node, "aux") if a.i < node.i for s in children(a, "nsubj")]
        if found:
            # a parser slip: "The agency working in Sudan said": the gerund took the name as its subject
            found = [next((k for k in s.kids if k.dep_ == "nsubj"), s) if s.lower_.endswith("ing") else s
                     for s in found]
            return [t for s in found for t in coordinated(s)], False
        if node.dep_ == "xcomp" and (lemma_of(node.head) or node.head.lower_) in OBJECT_CONTROL:
            controllers = children(node.head, "dobj")
            if controllers:
                return [t for c in controllers for t in coordinated(c)], False
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and children(node.head.head, "dobj"):
            # "accused Cambodian troops of shelling": the accused did the shelling
            controllers = children(node.head.head, "dobj")
            return [t for c in controllers for t in coordinated(c)], False
        if node.dep_ in ("acl", "relcl") and node.head.lower_ in _DOCUMENTS and node.head.dep_ == "dobj":
            # "issued a statement calling on X", "released a report that calls for": the issuer speaks
            node = node.head.head
            continue
        if node.dep_ == "relcl":
            return [node.head], False
        if node.dep_ == "acl":
            root = _verbless_root(node)
            if root is not None:
                return [root], False
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "pobj", "prep", "acomp", "oprd"):
            node = node.head
            continue
        return [], False
    return [], False


# Gatherings whose purpose an infinitive names: those who gather do what it says.
_GATHERINGS = frozenset({f for w in ("rally", "march", "demonstration", "protest", "gathering", "meeting",
                                     "vigil", "sit-in", "convoy") for f in (w, w + "s", w + "es")} | {"rallies"})


def gathered(token, lemma_of) -> list:  # noqa: ANN001 - lemma_of: Token -> verb lemma or None
    """Those who gather for a purpose the verb names: "thousands converged for a rally in Lagos to protest
    ...", "students held a march to demand ...": the subject of the verb the gathering hangs on."""
    if token.dep_ not in ("relcl", "acl") or token.head.lower_ not in _GATHERINGS:
        return []
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.kids):
        return []
    node = token.head
    for _ in range(3):
        if node.dep_ not in ("pobj", "prep", "dobj") or node.head is node:
            return []
        node = node.head
        if node.dep_ != "prep" and is_verb(node):
            return subjects(node, lemma_of)[0]
    return []


def _verbless_root(acl):  # noqa: ANN001, ANN202
    """A parser slip: "Doctors from two aid groups donated goods to ...": with no verb of its own, the sentence
    hangs its real verb on the subject noun (or a noun inside it) as a modifier. The verb is read as the main
    one only when it has an object (a participle modifier, "troops sent to Mali", has none)."""
    if not any(children(v, "dobj") for v in coordinated(acl)):
        return None
    node = acl.head
    for _ in range(4):
        if node.dep_ == "ROOT":
            own = children(node, "nsubj", "nsubjpass", "dobj", "aux", "auxpass", "ccomp", "xcomp", "attr")
            return None if own else node
        if node.dep_ not in ("pobj", "prep"):
            return None
        node = node.head
    return None


# Verbs that do nothing but introduce the act a prepositional object names: "engaged in ethnic cleansing",
# "resorted to violence", "took part in the attack", "was involved in the killing".
_LIGHT_PREPOSITIONS = {
    "engage": "in", "engaged": "in", "engages": "in", "engaging": "in",
    "involve": "in", "involved": "in", "involves": "in",
    "participate": "in", "participated": "in", "participates": "in", "participating": "in",
    "resort": "to", "resorted": "to", "resorts": "to", "resorting": "to",
    "part": "in",  # "take part in", read from "part"
    "go": "on", "goes": "on", "went": "on", "gone": "on", "going": "on",  # "went on hunger strike"
}
# Adjectives that make their subject the doer of the act their preposition names: "X was responsible for the
# killings", "both sides are guilty of violating the ceasefire".
_LIGHT_ADJECTIVES = {"responsible": "for", "guilty": "of", "culpable": "for"}


_TAKE = frozenset({"take", "takes", "took", "taken", "taking"})


def light_verb(token):  # noqa: ANN001, ANN201 - a parsed.Node or None
    """The verb that introduces a trigger noun through a preposition ("engaged in cleansing"), or None."""
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep" or prep is token:
        return None
    verb = prep.head
    if _LIGHT_ADJECTIVES.get(verb.lower_) == prep.lower_ and verb.dep_ in ("acomp", "amod", "oprd"):
        return verb.head  # "was responsible for": the copula, whose subject did it
    if prep.lower_ == "in" and verb.lower_ in _TAKE and any(c.lower_ == "part" for c in children(verb, "dobj")):
        return verb  # "took part in a demonstration"
    if _LIGHT_PREPOSITIONS.get(verb.lower_) != prep.lower_:
        return None
    if verb.lower_ == "part":  # "took part in": the verb is "took"
        return verb.head if verb.dep_ == "dobj" else None
    return verb


# Nouns whose clause only reports what someone says happened: "an allegation that he took bribes".
_HEARSAY = frozenset("allegation allegations accusation accusations charge charges claim claims rumour rumours "
                     "rumor rumors suspicion suspicions speculation report reports".split())


def hearsay(token) -> bool:  # noqa: ANN001
    """Whether a verb is the content of an allegation, a rumour or a report ("denied reports that police had
    beaten ..."): a clause opened by "that", not a relative clause ("a report that calls for")."""
    return (token.dep_ in ("acl", "ccomp") and token.head.lower_ in _HEARSAY and token.head is not token
            and any(c.dep_ == "mark" for c in token.kids))


_DIE = frozenset({"die", "dies", "died", "dying"})


def died_of(token):  # noqa: ANN001, ANN201 - a parsed.Node or None
    """The verb "died" that a noun of violence is the cause of ("died of torture", "died as a result of
    torture", "died after being beaten" is not a noun), or None."""
    return _climb_to(token, ("pobj", "prep", "pcomp", "amod", "advmod"), _DIE, 5)


# Labels the parser gives a sentence-initial name it failed to read as the subject ("USAID provided ...").
_STRAY_SUBJECT_DEPS = frozenset({"advmod", "npadvmod", "dep", "nmod", "intj", "meta"})


def stray_subjects(token) -> list:  # noqa: ANN001
    """Words left of a subjectless main verb that the parser mislabelled; the caller keeps those that
    name an actor (a name, not "Today" or "Meanwhile")."""
    if token.dep_ not in ("ROOT", "ccomp"):
        return []
    return [k for k in token.kids if k.i < token.i and k.dep_ in _STRAY_SUBJECT_DEPS and k.text[:1].isupper()]


def passive_subjects(token) -> list:  # noqa: ANN001
    return [t for s in children(token, "nsubjpass") for t in coordinated(s)]


def target_candidates(token, row_preposition: str) -> list:  # noqa: ANN001
    """Tokens that may name the target, best first: direct and indirect objects, then objects of target
    prepositions of the trigger and of its object ("signed a framework with Japan", "tariffs on China")."""
    out: list = []
    dobjs = children(token, "dobj")
    for d in dobjs:
        out.extend(coordinated(d))
    for dative in children(token, "dative", "iobj"):
        out.extend(o for c in coordinated(dative) for o in ([c] if c.dep_ != "prep" else children(c, "pobj")))
    for prep in prepositions(token):
        word = prep.lower_
        if word in LOCATION_PREPOSITIONS and word != row_preposition:
            continue
        if word in TARGET_PREPOSITIONS or word == row_preposition:
            for obj in children(prep, "pobj"):
                out.extend(object_heads(obj))
                for inner in children(obj, "prep"):
                    if inner.lower_ in TARGET_PREPOSITIONS:
                        out.extend(o for p in children(inner, "pobj") for o in coordinated(p))
    for d in dobjs:
        for prep in children(d, "prep"):
            if prep.lower_ in TARGET_PREPOSITIONS:
                out.extend(o for p in children(prep, "pobj") for o in coordinated(p))
    for prep in prepositions(token):  # last: "handed the relics to a museum in Peru"
        if prep.lower_ in TARGET_PREPOSITIONS:
            out.extend(place for obj in children(prep, "pobj") for inner in children(obj, "prep")
                       if inner.lower_ == "in" for place in children(inner, "pobj"))
    return out


# Without a tagger (see accord.coding.nlp), the parse itself tells verbs from nouns: a word that governs a
# subject, an object or an auxiliary, or hangs on another verb as a clause, acts as a verb.
_CLAUSE_DEPS = frozenset({"ROOT", "xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis"})
_VERB_CHILDREN = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "neg", "prt", "agent", "dative",
                            "xcomp", "ccomp", "csubj", "expl"})
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound", "oprd", "npadvmod",
                        "dative", "poss", "nmod"})


def is_verb(token) -> bool:  # noqa: ANN001
    if token.tag_:
        return token.tag_.startswith("VB")
    if any(child.dep_ in _VERB_CHILDREN for child in token.kids):
        return True
    if token.dep_ == "conj":
        return is_verb(token.head)
    return token.dep_ in _CLAUSE_DEPS and token.dep_ != "ROOT" or (
        token.dep_ == "ROOT" and not any(c.dep_ in ("det", "amod", "compound") for c in token.kids)
    )


def is_noun(token) -> bool:  # noqa: ANN001
    if token.tag_:
        return token.tag_ in ("NN", "NNS")
    return not is_verb(token) and (token.dep_ in _NOUN_DEPS or token.dep_ in ("conj", "ROOT"))
