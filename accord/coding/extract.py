"""One parsed sentence -> events: find triggers, choose their lexicon rows, read modality, find source and
target through the parse and resolve them (names, titles, pronouns and "the two leaders") to actors."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from accord.actors.actor import Actor
from accord.actors.matcher import Match
from accord.actors.resolver import ActorResolver
from accord.coding import frames
from accord.coding.events import ActorRef, Span
from accord.coding.lexicon import Lexicon
from accord.coding.parsed import ParsedSentence
from accord.coding.references import PERSONAL, PLURAL, DocumentMemory
from accord.knowledge.schemas import ORGANISATION_COUNTRIES, LexiconRow
from accord.text.tokens import Token, fold

_REFERRING = PERSONAL | PLURAL | {"it", "its"}
_INTENT_ROOTS = frozenset({"04", "05", "06", "07", "08", "14", "15", "16", "17", "18", "19", "20"})
# Acts that two parties do with each other: intent to cooperate, consult, sign, cooperate, clash and fight.
_MUTUAL = ("03", "04", "057", "06", "19")
_MAX_PAIRS = 4  # "A, B and C met D and E": at most this many sources and targets each
# Kinds of match that only describe ("defence", "military", "police"): alone they do not make a thing an actor.
_WORD_KINDS = frozenset({"agent", "generic", "title", "former"})
# Actors that stand for a place: a countryless group located there takes their country; a location is one.
PLACE_KINDS = frozenset({"country", "capital", "place"})
# Verbs that, with no object of their own in the lexicon, pass on to the act their object names.
_WRAPPERS = frozenset({"approve", "authorize", "authorise", "endorse", "complete", "finalize", "finalise", "order"})
# CAMEO: a show of force (150) held jointly is military cooperation (062, "joint military exercises").
_SHOW_OF_FORCE, _JOINT_EXERCISE = "150", "062"
# Roots of violence (assault, fight, mass violence), whose victim may be all a sentence names.
_VIOLENT = frozenset({"18", "19", "20"})
# Matches that say which country a sentence is about.
_NATION_KINDS = frozenset({"country", "adjective", "demonym", "capital", "seat", "place", "organisation"})
# Matches that name someone or somewhere (not "officials", "office"): a bracket after them abbreviates them.
_NAME_KINDS = frozenset({"person", "organisation", "country", "capital", "seat", "place", "adjective", "demonym"})
# Where a countryless actor is said to be or come from ("rebels in the Ivory Coast", "refugees from Syria").
_FROM_PLACE = frozenset({"in", "from", "throughout", "across", "inside"})
# Where an act happened ("rioted at a prison in Lima", "held rallies in the West Bank").
_AT_PLACE = frozenset({"in", "at", "inside", "throughout", "across"})
_IN_PLACE = frozenset({"in"})
# Roots of coercive acts (protest, force posture, sanction, coerce, assault, fight), which held over a
# condition are threats.
_COERCIVE = frozenset({"14", "15", "16", "17", "18", "19", "20"})


@dataclass
class Draft:
    """An event before it gets its document fields: who, whom, what, and where in the sentence."""

    row_code: str
    trigger: object  # parsed.Node
    sources: list[ActorRef]
    targets: list[ActorRef]
    modality: str = "asserted"
    named_subject: bool = False  # the clause has a capitalised subject we could not resolve ("Roberts says")
    agentless: bool = False  # a passive that names no doer ("hostages were released in Karachi")


class PhraseIndex:
    """The document's tokens and knowledge matches, found once and sliced for each phrase."""

    def __init__(self, tokens: list[Token], starts: list[int], matches: list[Match]) -> None:
        self.tokens, self.starts, self.matches = tokens, starts, matches
        self.match_firsts = [m.first for m in matches]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices [low, high) of the tokens inside characters [start, end)."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)

    def phrase(self, start: int, end: int) -> tuple[list[Token], list[Match]]:
        """The tokens of characters [start, end) and the matches wholly inside them, renumbered from 0."""
        low, high = self.token_range(start, end)
        tokens = self.tokens[low:high]
        if tokens:  # a phrase is one noun phrase: its first capital is a name's, not a sentence's
            tokens[0] = tokens[0].as_phrase_start()
        i = bisect.bisect_left(self.match_firsts, low)
        matches = []
        while i < len(self.matches) and self.matches[i].first < high:
            m = self.matches[i]
            if m.last < high:
                matches.append(m.shifted(low))
            i += 1
        return tokens, matches


@dataclass
class SentenceContext:
    """What the rules need besides the parse: the knowledge, the date, the document's memory, offsets."""

    resolver: ActorResolver
    lexicon: Lexicon
    memory: DocumentMemory
    day: dt.date
    offset: int  # where the sentence starts in the document text
    phrases: PhraseIndex


class SentenceCoder:
    """Codes the triggers of one parsed sentence."""

    def __init__(self, doc: ParsedSentence, context: SentenceContext) -> None:
        self.doc = doc
        self.ctx = context
        self.lex = context.lexicon
        self._actors: dict[int, list[ActorRef]] = {}
        self._story_country: str | None = None  # worked out on first need
        self._consumed: set[int] = set()

    # -- words -------------------------------------------------------------------------------------
    def verb_lemma(self, token) -> str | None:  # noqa: ANN001
        return self.lex.lemma(token.lower_, "verb") if frames.is_verb(token) else None

    def noun_lemma(self, token) -> str:  # noqa: ANN001
        word = token.lower_
        for child in token.kids:  # "hunger strike", "air strikes": the two-word noun when the lexicon has it
            if child.dep_ == "compound" and child.i == token.i - 1 and child.lower_.isalpha():
                head = self.lex.noun_lemma.get(word) or (word[:-1] if word.endswith("s") else word)
                if head:
                    for joined in (f"{child.lower_}-{head}", f"{child.lower_}{head}"):
                        if joined in self.lex.noun_lemma or joined in self.lex.class_words:
                            return joined
        found = self.lex.noun_lemma.get(word)
        if found or word in self.lex.class_words:
            return found or word
        if word.endswith("s") and len(word) > 3 and not word.endswith(("ss", "us", "is")):
            return word[:-1]  # "talks", "sanctions"; not "consensus", "crisis", "press"
        return word

    def row_for(self, token) -> LexiconRow | None:  # noqa: ANN001
        if token.lower_ not in self.lex.trigger_forms:
            return None  # most words: decided by one set lookup, before any look at the parse
        lemma = self.verb_lemma(token)
        if lemma:
            return self.lex.choose(lemma, "verb", frames.frame(token, self.noun_lemma))
        if frames.is_noun(token):
            noun = self.lex.lemma(token.lower_, "noun")
            compound = self._compound_noun(token, noun or self.lex.compound_heads.get(token.lower_, ""))
            if compound:  # "hunger strike" is the hunger-strike row, "car bombing" the car-bombing row
                return compound
            if noun:
                return self.lex.choose(noun, "noun", frames.frame(token, self.noun_lemma))
            verb = self.lex.nominal.get(token.lower_)
            if verb:  # "the suspension of aid", "the lifting of sanctions": the verb's rows, "of" as its object
                row = self.lex.choose(verb, "verb", frames.frame(token, self.noun_lemma, of_is_object=True))
                return row if row is not None and not row.governs else None
        return None

    def _compound_noun(self, token, noun: str) -> LexiconRow | None:  # noqa: ANN001
        """The row of a two-word noun written apart ("hunger strike", "air strike", "war games"): the lexicon
        writes it hyphenated or closed up, and it says more than its head alone."""
        if not noun:
            return None
        for child in token.kids:
            if child.dep_ == "compound" and child.i == token.i - 1:
                for joined in (f"{child.lower_}-{noun}", f"{child.lower_}{noun}"):
                    rows = self.lex.rows.get((joined, "noun"))
                    if rows:
                        return self.lex.choose(joined, "noun", frames.frame(token, self.noun_lemma))
        return None

    # -- actors ------------------------------------------------------------------------------------
    def actors_at(self, token) -> list[ActorRef]:  # noqa: ANN001
        """The actor(s) a noun phrase names: a name or title resolved on the date, or what a pronoun or
        "the two leaders" refers back to in the document (worked out once per phrase head)."""
        if token.i not in self._actors:
            self._actors[token.i] = self._actors_at(token)
        return self._actors[token.i]

    def _actors_at(self, token) -> list[ActorRef]:  # noqa: ANN001
        inner = frames.counted(token)
        if inner is not None:  # "hundreds of students", "a group of rebels": the counted are the actors
            found = self.actors_at(inner)
            if found:
                return found
        first, last = frames.noun_phrase(token)
        while first < token.i and self.doc[first].dep_ == "quantmod":
            first += 1  # "up to 300 farmers", "about 200 supporters": the hedge names no one
        span = self.doc.span(first, last)
        start, end = self.ctx.offset + span.start_char, self.ctx.offset + span.end_char
        words = [fold(t.text) for t in span if not t.is_punct]
        speaker = self._speaker(token)
        if speaker:  # "The rebels said they will release ...": the speaker speaks of itself.
            return [ActorRef(r.actor, span.text, start, end) for r in speaker]
        if token.lower_ in _REFERRING and len(words) == 1 or (
            words and words[-1] in {"leaders", "nations", "countries", "sides", "governments"}
            and {"two", "both"} & set(words)
        ):
            return self._refer(words, start, end, span.text)
        actor = self._resolve_phrase(span, token)
        if actor is None or not actor.country:  # "a Saudi-led coalition", "French-led troops": the leader's
            actor = self._led_by(token, actor or Actor("", "", "", "adjective"))
            if not actor.kind or not actor.code:
                return []
        shared = self._coordinated_nations(token, actor, span.text, start, end)
        if shared:  # "Polish and Czech officials": the officials of each
            return shared
        if _placeless(actor, words):  # "rebels in the Ivory Coast", "refugees from Syria": the place says whose
            actor = self._located(token, actor)
        if not actor.country and actor.kind == "title":  # "the prime minister": whoever was last so named
            referred = self._refer(words, start, end, span.text)
            if referred:
                return referred
        if not actor.country:  # "his government", "their troops": the possessor's country
            owners = [p for p in frames.children(token, "poss") if p.lower_ in _REFERRING]
            if owners:
                found = self._speaker(owners[0]) or self._refer([owners[0].lower_], start, end, span.text)
                if found and found[0].actor.country and len(found[0].actor.country) == 3:
                    country = found[0].actor.country
                    actor = Actor(country + actor.sector, country, actor.sector, actor.kind)
        return [ActorRef(actor, span.text, start, end)]

    def _speaker(self, token) -> list[ActorRef]:  # noqa: ANN001
        """The speaker a pronoun in reported speech stands for, when it is the reported clause's subject or
        the possessor of that subject: "the rebels said they will ...", "Serbs said their forces had ...".
        Other pronouns ("said Ukraine had shelled its villages") are left to the document's memory."""
        if token.lower_ not in _REFERRING:
            return []
        subject = token.head if token.dep_ == "poss" and token.head is not token else token
        clause = subject.head
        if subject.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp" or not frames.reported(clause):
            return []  # (not "a warning to Iraq that it must ...": there "it" is more likely the one warned)
        speaker = frames.speaker_tokens(clause, self.verb_lemma)
        if not speaker or any(s.lower_ in _REFERRING for s in speaker):
            return []
        return self.actors_of(speaker)

    def _coordinated_nations(self, token, actor: Actor, text: str, start: int, end: int) -> list[ActorRef]:  # noqa: ANN001
        """One actor per nation of coordinated adjectives qualifying the head ("Polish and Czech troops" are
        Polish troops and Czech troops)."""
        if actor.kind == "person":
            return []
        for adjective in frames.children(token, "amod", "compound"):
            nations = [adjective, *adjective.conjuncts]
            if len(nations) < 2:
                continue
            countries = []
            for nation in nations:
                found = self.actors_at(nation)
                if not found or found[0].actor.kind not in ("adjective", "country") or not found[0].actor.country:
                    return []
                countries.append(found[0].actor.country)
            if len(set(countries)) == len(countries):
                return [ActorRef(_with_country(actor, c), text, start, end) for c in countries][:_MAX_PAIRS]
        return []

    def _led_by(self, token, actor: Actor) -> Actor:  # noqa: ANN001
        """A countryless group led by a nation ("a Saudi-led coalition") takes the leader's country, as CAMEO
        codes such coalitions; "-backed" and "-funded" do not say whose the group is."""
        for led in frames.children(token, "amod"):
            if led.lower_ != "led":
                continue
            for leader in frames.children(led, "npadvmod", "compound", "amod", "nmod"):
                found = self.actors_at(leader)
                if found and len(found[0].actor.country) == 3:
                    return _with_country(actor, found[0].actor.country)
        return actor

    def _located(self, token, actor: Actor) -> Actor:  # noqa: ANN001
        """A countryless actor ("protesters", "the authorities") takes the country of the place it is said to
        be in or come from, as CAMEO codes it ("demonstrators in Baghdad" IRQ, "a radio station based in
        Kabul", "farmers throughout Peru")."""
        country = self._place_country(token, _FROM_PLACE) or self._member_of(token)
        if not country:
            for clause in frames.children(token, "acl"):  # "based in", "operating in", "living in"
                country = self._place_country(clause, _FROM_PLACE)
                if country:
                    break
        return _with_country(actor, country) if country else actor

    def _member_of(self, token) -> str:  # noqa: ANN001
        """The country of a national body a countryless actor comes from ("doctors from two American aid
        groups", "experts from the Iraqi ministry"); not a person's, nor an international body's."""
        for prep in frames.children(token, "prep"):
            if prep.lower_ != "from":
                continue
            for body in frames.children(prep, "pobj"):
                found = self.actors_at(body)
                actor = found[0].actor if found else None
                if (actor and len(actor.country) == 3 and actor.country not in ORGANISATION_COUNTRIES
                        and actor.kind not in ("person", "organisation")):
                    return actor.country
        return ""

    def _place_country(self, token, prepositions: frozenset[str]) -> str:  # noqa: ANN001
        """The country of a place named after one of ``prepositions`` hanging on ``token`` ("in Baghdad")."""
        for prep in frames.children(token, "prep"):
            if prep.lower_ not in prepositions:
                continue
            for place in frames.children(prep, "pobj"):
                found = self.actors_at(place)
                country = found[0].actor.country if found else ""
                if len(country) == 3 and found[0].actor.kind in PLACE_KINDS:
                    return country
                if not found and prepositions is _AT_PLACE:  # "rioted at a prison in Lima"
                    country = self._place_country(place, _IN_PLACE)
                    if country:
                        return country
        return ""

    def story_country(self) -> str:
        """The one country the sentence speaks of ("Peru's elections", "in Lima", "Peruvian"), or "" when it
        names none or several."""
        if self._story_country is None:
            phrases, start = self.ctx.phrases, self.ctx.offset
            low, high = phrases.token_range(start, start + len(self.doc.text))
            i = bisect.bisect_left(phrases.match_firsts, low)
            found = set()
            while i < len(phrases.matches) and phrases.matches[i].first < high:
                m = phrases.matches[i]
                if m.kind in _NATION_KINDS:
                    target = m.patterns[0].target
                    country = getattr(target, "iso3", None) or getattr(target, "country", "")
                    if len(country) == 3 and country not in ORGANISATION_COUNTRIES:  # a national body, not the UN
                        found.add(country)
                i += 1
            self._story_country = found.pop() if len(found) == 1 else ""
        return self._story_country

    def _in_story(self, refs: list[ActorRef], others: list[ActorRef]) -> list[ActorRef]:
        """Actors still without a country (a judge or a governor we do not know, "tribal elders", "the
        opposition party") belong to the one country their sentence speaks of, as CAMEO codes domestic
        actors. Not an organisation of no country (an NGO), not when the sentence names several countries, and
        not when that country is the other side of the act ("protesters denounced China" are not Chinese)."""
        if all(r.actor.country or r.actor.kind == "organisation" for r in refs):
            return refs
        country = self.story_country()
        if not country or any(o.actor.country == country and o.actor.kind == "country" for o in others):
            return refs
        return [ActorRef(_with_country(r.actor, country), r.text, r.start, r.end)
                if not r.actor.country and r.actor.kind != "organisation" else r for r in refs]

    def _at_event_place(self, refs: list[ActorRef], trigger) -> list[ActorRef]:  # noqa: ANN001
        """Actors with no country of their own ("prisoners rioted at a prison in Lima", "police opened fire in
        Lagos") take the country where the act happened, as CAMEO codes domestic actors. Organisations keep
        their family (an NGO, the Red Cross) and a known person keeps no-country rather than a guess."""
        if not any(_placeless(r.actor, r.text.lower().split()) for r in refs):
            return refs
        country = ""
        node = trigger
        for _ in range(2):  # the trigger's own place, else the place of the object it acts on
            country = self._place_country(node, _AT_PLACE)
            if country:
                break
            objects = frames.children(node, "dobj")
            if not objects:
                break
            node = objects[0]
        if not country:
            return refs
        return [ActorRef(_with_country(r.actor, country), r.text, r.start, r.end)
                if _placeless(r.actor, r.text.lower().split()) and r.actor.kind not in ("organisation", "person")
                else r for r in refs]

    def _resolve_phrase(self, span, head) -> Actor | None:  # noqa: ANN001 - parsed.NodeSpan and Node
        """The actor a noun phrase names. A phrase whose head is a thing ("a defence agreement", "military
        technology") names no actor, unless a nation or a known name qualifies it ("Japanese investment")."""
        start = self.ctx.offset + span.start_char
        tokens, matches = self.ctx.phrases.phrase(start, self.ctx.offset + span.end_char)
        if not tokens:
            return None
        if len(matches) > 1:
            matches = self._without_abbreviations(tokens, matches)
        head_start = self.ctx.offset + head.idx
        covers_head = any(tokens[m.first].start <= head_start < tokens[m.last].end for m in matches)
        if not covers_head and all(m.kind in _WORD_KINDS for m in matches) and not head.text[:1].isupper():
            return None  # a thing, not a titled person we do not know ("General Qamar Bajwa")
        return self.ctx.resolver.resolve_tokens(tokens, matches, self.ctx.day)

    def _without_abbreviations(self, tokens: list[Token], matches: list[Match]) -> list[Match]:
        """Drop a match in brackets right after other known words: "the Peru Farmers Federation (AMLO)"
        abbreviates the name before it, whatever else "AMLO" may stand for."""
        text, offset = self.doc.text, self.ctx.offset
        kept = []
        for m in matches:
            at = tokens[m.first].start - offset - 1
            bracketed = m.first > 0 and 0 <= at < len(text) and text[at] == "(" and any(
                k.last < m.first and k.kind in _NAME_KINDS for k in matches)
            if not bracketed:
                kept.append(m)
        return kept

    def _refer(self, words: list[str], start: int, end: int, text: str) -> list[ActorRef]:
        referents = self.ctx.memory.resolve(words, start)
        if len(referents) == 2 and len(words) > 1:
            self.ctx.memory.remember_pair(end, (referents[0], referents[1]))
        return [ActorRef(r.actor, text, start, end) for r in referents]

    def actors_of(self, tokens: list) -> list[ActorRef]:
        out: list[ActorRef] = []
        for token in tokens:
            for ref in self.actors_at(token):
                if all(ref.actor.code != o.actor.code for o in out):
                    out.append(ref)
        return out[:_MAX_PAIRS]

    # -- events ------------------------------------------------------------------------------------
    def _trigger_tokens(self) -> list:
        """The words whose lower-case form is a trigger form (one set lookup each)."""
        forms = self.lex.trigger_forms
        return [node for node in self.doc.nodes if node.lower_ in forms]

    def drafts(self) -> list[Draft]:
        triggers = self._trigger_tokens()
        rows = {token.i: row for token in triggers if (row := self.row_for(token)) is not None}
        consumed: set[int] = set()
        self._consumed = consumed  # a trigger noun may take over the verb that wraps it
        out: list[Draft] = []
        for token in triggers:
            row = rows.get(token.i)
            if row is None or token.i in consumed:
                continue
            draft = self._bare_demand(token, rows) if row.code == "010" else None
            draft = draft or self._draft(token, row, rows, consumed)
            if draft is not None:
                out.append(draft)
        return [d for d in out if d.trigger.i not in consumed]

    def _bare_demand(self, token, rows: dict) -> Draft | None:  # noqa: ANN001
        """ "X said Y must ...", "X insisted Y should ...": a demand by X of Y even when the demanded act is
        no trigger of ours ("must drop its barriers"). An act we know is coded by its own row instead."""
        if token.lower_ not in frames.REPORTING:
            return None
        for clause in frames.children(token, "ccomp"):
            if clause.i in rows:
                continue
            mood = frames.modality(clause)
            if mood.modal not in frames.OBLIGATION or mood.negated or mood.conditional:
                continue
            speakers = self.actors_of(frames.subjects(token, self.verb_lemma)[0])
            if speakers:
                return Draft("100", token, speakers, self.actors_of(frames.subjects(clause, self.verb_lemma)[0]))
        return None

    def _complement(self, token, rows: dict) -> object | None:  # noqa: ANN001
        """The trigger a governing word governs: "plans to visit", "committed to expanding", "ready to
        talk", "promised to continue enhancing" (through verbs that only pass meaning on)."""
        for child in token.kids:
            if child.i <= token.i:
                continue
            if child.dep_ in ("xcomp", "ccomp"):
                if child.i in rows:
                    return child
                if child.lower_ in frames.PASS_THROUGH:
                    return self._complement(child, rows)
            if child.dep_ == "prep" and child.lower_ == "to":
                for grand in child.kids:
                    if grand.dep_ == "pcomp" and grand.i in rows:
                        return grand
            if child.dep_ in ("acomp", "oprd") and child.lower_ in frames.INTENT_ADJECTIVES:
                return self._complement(child, rows)
        return None

    def _draft(self, token, row: LexiconRow, rows: dict, consumed: set[int]) -> Draft | None:  # noqa: ANN001
        mood = frames.modality(token)
        if mood.conditional or frames.hearsay(token):
            return None  # "if they attack", "an allegation that he raped": not an act that happened
        if token.dep_ == "ccomp" and row.code[:2] in _VIOLENT and self.verb_lemma(token.head) == "claim":
            # "the rebels claimed that they had bombed the base": a claim of responsibility (CAMEO 015)
            claimers = self.actors_of(frames.subjects(token.head, self.verb_lemma)[0])
            if claimers:
                return Draft("015", token.head, claimers, self._targets(token, row.preposition))
        refused = False
        if mood.negated:
            # "did not sign" is no event; "will not release", "would not accept" is a refusal (CAMEO 12).
            if not (mood.future or (mood.modal == "would" and frames.reported(token))) or row.governs:
                return None
            refused = True
        code, target_token, governs = row.code, token, row.governs
        demanded = False
        if code[:2] in _COERCIVE and not mood.negated and (
                mood.future or mood.modal in frames.POSSIBLE and frames.reported(token)) and frames.if_clause(token):
            # "will impose sanctions if ...", "X may halt its mediation if ..., Y said": a coercive act held
            # over a condition is a threat (CAMEO 13). A guess that is no one's word ("may strike if") is none.
            derived = self.lex.derive("threaten", code)
            if derived:
                return self._threat(token, derived)
        if mood.modal is not None:
            # Reported speech turns modals into acts of the speaker: "X said Y would meet" is Y's intent,
            # "X said Y must leave" is X's demand. Anywhere else a modal is only a possibility.
            if not frames.reported(token):
                return None
            if mood.modal in frames.OBLIGATION:
                demanded = True
            elif mood.modal != "would":
                return None
        complement = self._complement(token, rows) if governs else None
        if complement is not None:
            if frames.modality(complement).negated:
                return None
            derived = self.lex.derive(governs, rows[complement.i].code)
            if derived:
                code, target_token = derived, complement
                consumed.add(complement.i)
        if demanded:
            derived = self.lex.derive("demand", code)
            if derived is None:
                return None
            speakers = self.actors_of(frames.speaker_tokens(token, self.verb_lemma))
            return Draft(derived, token.head, speakers, self.actors_of(frames.subjects(token, self.verb_lemma)[0]))
        if refused:
            derived = self.lex.derive("reject", code)
            if derived is None:
                return None
            code, mood = derived, frames.Modality(False, False, None, False)
        modality = "intent" if governs == "intent" or code.startswith("03") else "asserted"
        future = mood.future or mood.modal == "would"
        if future and frames.unless_clause(token):
            # "will withdraw its troops unless the government holds elections": a threat (CAMEO 13)
            derived = self.lex.derive("threaten", code)
            if derived:
                code, future = derived, False
        # Only deeds have an intent form: a future appeal, demand or threat is still an appeal, demand or threat.
        if (future or frames.governed_by_intent(token)) and code[:2] in _INTENT_ROOTS:
            derived = self.lex.derive("intent", code)
            if derived:
                code, modality = derived, "intent"
        if frames.is_noun(token):
            return self._noun_draft(token, code, modality, rows)
        subject_tokens, passive = frames.subjects(token, self.verb_lemma)
        if not subject_tokens and not passive:
            subject_tokens = frames.stray_subjects(token)
        if passive and not subject_tokens and (governs == "intent" or token.lower_ in frames.STATIVE_PARTICIPLES):
            # "Peru is committed to reform", "the army is prepared to withdraw": a state of the subject
            subject_tokens, passive = frames.passive_subjects(token), False
        sources = self.actors_of(subject_tokens)
        if not sources and not passive:
            sources = self.actors_of(frames.gathered(token, self.verb_lemma))
        if passive:
            targets = self.actors_of(frames.passive_subjects(token))
        else:
            targets = self._targets(target_token, rows.get(target_token.i, row).preposition)
            if not targets and target_token is not token:
                targets = self._targets(token, row.preposition)
        if governs in ("appeal", "demand") and not targets:
            targets = self.actors_of(frames.children(token, "dobj"))
        sources, targets = self._at_event_place(sources, token), self._at_event_place(targets, token)
        sources, targets = self._in_story(sources, targets), self._in_story(targets, sources)
        if code == _SHOW_OF_FORCE and _joint(token, sources):
            code = _JOINT_EXERCISE
        named = any(t.text[:1].isupper() and t.lower_ not in _REFERRING for t in subject_tokens)
        agentless = passive and not subject_tokens
        return Draft(code, token, sources, targets, modality, named_subject=named, agentless=agentless)

    def _custodians(self, verb) -> list[ActorRef]:  # noqa: ANN001
        """Whoever held the one who died ("died ... in Israeli police custody", "in the custody of the army"):
        the doer CAMEO codes for a death by violence in custody."""
        for prep in frames.children(verb, "prep"):
            if prep.lower_ in ("in", "under"):
                for held in frames.children(prep, "pobj"):
                    if held.lower_ in ("custody", "detention"):
                        found = self.actors_at(held)
                        if found and found[0].actor.code:
                            return found
        return []

    def _threat(self, token, code: str) -> Draft:  # noqa: ANN001
        """A threat by the subject of the threatened act, against whom that act is aimed."""
        subject_tokens, passive = frames.subjects(token, self.verb_lemma)
        if passive:
            return Draft(code, token, [], [])
        row = self.row_for(token)
        targets = self._targets(token, row.preposition if row else "")
        sources = self._in_story(self.actors_of(subject_tokens), targets)
        return Draft(code, token, sources, targets)

    def _targets(self, token, preposition: str) -> list[ActorRef]:  # noqa: ANN001
        """The first candidate target that names an actor, with the actors coordinated with it."""
        for candidate in frames.target_candidates(token, preposition):
            found = self.actors_at(candidate)
            if found:
                group = [found[0]]
                for other in candidate.conjuncts:
                    group.extend(self.actors_at(other))
                return _unique(group)[:_MAX_PAIRS]
        return []

    def _noun_draft(self, token, code: str, modality: str, rows: dict) -> Draft | None:  # noqa: ANN001
        """A trigger noun: "his visit to Tokyo" (possessor acts), "held talks with" (the verb's subject acts)."""
        possessors = frames.children(token, "poss")
        # "issued a plea", "held talks", "announced a suspension of aid": a verb that codes nothing, or only a
        # bare statement, hands its subject to the act its object names
        wrapped = token  # "held a round of talks", "launched a wave of attacks": the measure stands aside
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in frames.QUANTITIES:
            wrapped = token.head.head
        head_row = rows.get(wrapped.head.i)
        under_verb = wrapped.dep_ in ("dobj", "attr") and (
            head_row is None or head_row.code == "010"
            # "approved the extradition", "authorized the release of aid": the act approved is the event
            or (not head_row.object and self.verb_lemma(wrapped.head) in _WRAPPERS))
        if under_verb and head_row is not None and head_row.code != "010":
            self._consumed.add(wrapped.head.i)  # the approval is the act approved
        verb = wrapped.head
        light = frames.light_verb(token)  # "engaged in ethnic cleansing", "resorted to violence"
        if light is not None and light.i not in rows:
            under_verb, verb = True, light
        sources = self.actors_of(possessors) if possessors else []
        if under_verb and (not sources or all(p.lower_ in _REFERRING for p in possessors)):
            # "Iraqi forces began their assault": the doer is the verb's subject, whom "their" points to
            doers, passive = frames.subjects(verb, self.verb_lemma)
            if passive and not doers:  # "forces were engaged in": an adjectival passive, its subject acts
                doers = frames.passive_subjects(verb)
            sources = self.actors_of(doers) or sources
        if not possessors and not under_verb and token.dep_ == "nsubj" and token.head.i not in rows:
            # "Kurdish protests against the new law went on": the nation that qualifies the act
            sources = [r for m in frames.children(token, "amod", "compound") for r in self.actors_at(m)
                       if r.actor.kind in ("country", "adjective", "demonym")]
            possessors = sources  # (only to say the act has its doer)
        if not possessors and not under_verb:
            victim = frames.died_of(token) if code[:2] in _VIOLENT else None
            if victim is None:
                return None
            # "a detainee died of torture": violence whose victim is the one who died
            dead = self.actors_of(frames.subjects(victim, self.verb_lemma)[0])
            keepers = self._custodians(victim)  # "died of torture in Israeli police custody": the police did it
            targets = self._at_event_place(self._in_story(dead, keepers), victim)
            return Draft(code, token, keepers, targets, modality) if targets else None
        targets = []
        # "sanctions on Iran" inside "the lifting of sanctions on Iran" is whom the act concerns
        inner = [q for p in frames.children(token, "prep") if p.lower_ == "of" for o in frames.children(p, "pobj")
                 for q in frames.children(o, "prep")]
        victims = "of" if code[:2] in _VIOLENT else None  # "the killing of three soldiers"
        for prep in frames.children(token, "prep") + inner:
            if prep.lower_ in frames.TARGET_PREPOSITIONS or prep.lower_ == victims:
                targets = self.actors_of([o for p in frames.children(prep, "pobj") for o in frames.coordinated(p)])
                if targets:
                    break
        if not targets and token.head is not token:
            targets = self._targets(token.head, "") if token.dep_ == "dobj" else []
        if code == _SHOW_OF_FORCE and _joint(token, sources):
            code = _JOINT_EXERCISE
        place = verb if under_verb else token
        sources, targets = self._at_event_place(sources, place), self._at_event_place(targets, place)
        sources, targets = self._in_story(sources, targets), self._in_story(targets, sources)
        return Draft(code, token, sources, targets, modality)


def _joint(token, sources: list[ActorRef]) -> bool:  # noqa: ANN001
    """Whether a military exercise is held together: called joint, or held by forces of two countries."""
    words = [token, *frames.children(token, "dobj")]
    if any(m.lower_ in ("joint", "combined", "bilateral") for w in words for m in frames.children(w, "amod")):
        return True
    return len({r.actor.country for r in sources if r.actor.country}) >= 2


def _placeless(actor: Actor, words: list[str]) -> bool:
    """Whether an actor's country is still open to where it is: none named, or an ethnic people ("ethnic
    Albanians in Serbia"), whom CAMEO codes by the country they live in."""
    return not actor.country or (actor.kind == "demonym" and "ethnic" in words)


def _with_country(actor: Actor, country: str) -> Actor:
    return Actor(country + actor.sector, country, actor.sector, actor.kind, actor.name, actor.role)


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for ref in refs:
        if all(ref.actor.code != o.actor.code or ref.start != o.start for o in out):
            out.append(ref)
    return out


def pair_up(draft: Draft) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Every (source, target) pair a draft stands for. Two sources and no target ("the two leaders signed
    an agreement") act on each other when the act takes two (agree, meet, sign, cooperate, fight); "Britain
    and France condemned the decision" is two condemnations of no one. A source is never its own target."""
    sources: list[ActorRef | None] = list(draft.sources) or [None]
    targets: list[ActorRef | None] = list(draft.targets)
    if (not targets and len(draft.sources) == 2 and draft.sources[0].actor.code != draft.sources[1].actor.code
            and draft.row_code.startswith(_MUTUAL)):
        a, b = draft.sources
        return [(a, b), (b, a)]
    pairs = []
    for source in sources:
        for target in targets or [None]:
            if source and target and source.actor.code == target.actor.code and source.start == target.start:
                continue
            if source and target and source.actor.code == target.actor.code:
                target = None  # "Japan ... with Japan": no self-directed events
            pairs.append((source, target))
    return pairs


def trigger_span(draft: Draft, offset: int) -> Span:
    token = draft.trigger
    return Span(token.text, offset + token.idx, offset + token.idx + len(token.text))


__all__ = ["PLACE_KINDS", "Draft", "PhraseIndex", "SentenceCoder", "SentenceContext", "pair_up", "trigger_span"]
