"""The coder: documents in, events out.

    clean -> sentences -> mentions (phrase matching) -> candidate sentences (an actor or a reference AND a
    trigger word) -> dependency parse of the candidates only -> events -> deduplicated per document
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from accord import __version__
from accord.actors import ActorResolver, find_mentions
from accord.actors.actor import Actor
from accord.actors.matcher import Match, find_matches
from accord.actors.resolver import as_date
from accord.actors.vocabulary import Vocabulary
from accord.coding.amounts import find_amounts
from accord.coding.events import ActorRef, Event
from accord.coding.extract import PLACE_KINDS, Draft, PhraseIndex, SentenceCoder, SentenceContext, pair_up, trigger_span
from accord.coding.lexicon import Lexicon
from accord.coding.nlp import load_pipeline
from accord.coding.parsed import ParsedSentence
from accord.coding.references import PERSONAL, PLURAL, DocumentMemory
from accord.knowledge import KnowledgeBase, default_knowledge
from accord.knowledge.cache import load_or_build
from accord.knowledge.loader import DATA_DIR
from accord.settings import knowledge_dir
from accord.text.clean import clean_again, clean_document, detect_language
from accord.text.documents import Document
from accord.text.sentences import Sentence, split_sentences
from accord.text.tokens import tokenize

CODER = f"accord {__version__}"
_REFERENCE_WORDS = PERSONAL | PLURAL | {"it", "its", "leaders", "nations", "sides", "countries"}
_LOCATION_WORDS = frozenset({"in", "at", "near", "outside", "inside", "aboard"})
# Words that end the description of a place before a location word is met ("talks in Paris on Syria").
_NOT_PLACE_WORDS = frozenset("to from with against on by for and or that which who than about over into as".split())
_PLACE_LOOKBACK = 8
# Matches that alone do not make a sentence worth parsing ("Japanese investment", "former", "officials").
_NOT_ACTORS = frozenset({"adjective", "former", "generic"})
# Words that make a nationality before them an actor ("Polish officials", "Chinese troops").
_ACTOR_WORDS = frozenset({"agent", "generic", "title"})
# Roots whose events stand with a known target and an unknown doer: bombings, attacks, killings (CAMEO 18-20).
_DOERLESS = frozenset({"18", "19", "20"})
MAX_SENTENCE_CHARS = 2000  # longer "sentences" are lists or tables, not prose: not parsed


@dataclass
class CodedDocument:
    """The outcome for one document: its events, or why it was skipped."""

    doc: Document
    events: list[Event] = field(default_factory=list)
    skipped: str | None = None
    sentences: int = 0
    parsed: int = 0
    text: str = ""


@dataclass
class _Prepared:
    doc: Document
    text: str
    day: dt.date
    sentences: list[Sentence]
    candidates: list[Sentence]
    memory: DocumentMemory
    phrases: PhraseIndex  # the document's tokens and knowledge matches, found once
    topic_matches: list[Match]
    dateline: dict[str, str] | None


class Coder:
    """Codes documents with one knowledge base and one spaCy pipeline, both loaded once."""

    def __init__(self, kb: KnowledgeBase | None = None, model: str | None = None) -> None:
        if kb is None:  # the configured knowledge: built once, then read from the disk cache
            folder = Path(knowledge_dir() or DATA_DIR)
            kb, self.resolver, self.lexicon, self.topics = load_or_build("coder", folder, _build_default)
        else:
            _, self.resolver, self.lexicon, self.topics = _build(kb)
        self.kb = kb
        self.model = model

    @property
    def nlp(self):  # noqa: ANN201 - spacy.Language
        return load_pipeline(self.model)

    # -- public API --------------------------------------------------------------------------------
    def code_text(self, text: str, date: dt.date | str | None = None, doc_id: str = "doc") -> list[Event]:
        """The events of one text."""
        day = as_date(date)
        result = next(self.code_documents([Document(id=doc_id, text=text, date=day.isoformat())]))
        return result.events

    def code_documents(self, documents: Iterable[Document], batch_size: int = 128, *,
                       cleaned: bool = False) -> Iterator[CodedDocument]:
        """Code documents; yields one result per document, in order. Documents are prepared as they come
        and parsed together once their candidate sentences reach ``batch_size``: spaCy's network runs much
        faster on a batch of a hundred sentences than on a handful. ``cleaned`` says that every text is
        already what :func:`clean_document` returns (``accord ingest`` cleans before hashing): it is not
        cleaned again where that would change nothing (see :func:`accord.text.clean.clean_again`)."""
        pending: list[tuple[Document, _Prepared | str]] = []
        waiting = 0
        for document in documents:
            item = self._prepare(document, cleaned)
            pending.append((document, item))
            waiting += len(item.candidates) if isinstance(item, _Prepared) else 0
            if waiting >= batch_size or len(pending) >= 4 * batch_size:
                yield from self._code_batch(pending)
                pending, waiting = [], 0
        if pending:
            yield from self._code_batch(pending)

    # -- stages ------------------------------------------------------------------------------------
    def _prepare(self, doc: Document, cleaned: bool = False) -> _Prepared | str:
        """Clean, split and find mentions; returns the reason when the document cannot be coded."""
        article = clean_again(doc.text) if cleaned else clean_document(doc.text)
        text = article.text
        if not text.strip():
            return "no text after cleaning"
        if detect_language(text) != "en":
            return "not English"
        try:
            day = as_date(doc.date or article.date)
        except ValueError:
            return f"bad date {doc.date!r}"
        dateline, dateline_end = self._dateline(text)
        sentences = split_sentences(text)
        if dateline and sentences and sentences[0].start < dateline_end < sentences[0].end:
            # "TOKYO - President ..." : the dateline is where the story was filed, not part of its first sentence
            first = sentences[0]
            sentences[0] = Sentence(first.index, dateline_end, first.end, text[dateline_end : first.end])
        tokens = tokenize(text)
        matches = self.resolver.matches(tokens)  # once per document; sentences and phrases take slices
        memory = DocumentMemory(lambda: find_mentions(self.resolver, text, day, tokens, matches), self.kb.genders)
        mention_starts = [tokens[m.first].start for m in _actor_matches(matches)]
        phrases = PhraseIndex(tokens, [t.start for t in tokens], matches)
        candidates = []
        for sentence in sentences:
            low, high = phrases.token_range(sentence.start, sentence.end)
            words = [t.key for t in tokens[low:high]]
            if len(sentence.text) > MAX_SENTENCE_CHARS or not any(w in self.lexicon.trigger_forms for w in words):
                continue
            has_actor = _any_between(mention_starts, sentence.start, sentence.end)
            refers_back = any(w in _REFERENCE_WORDS for w in words) and bool(mention_starts) and (
                mention_starts[0] < sentence.start
            )
            if has_actor or refers_back:
                candidates.append(sentence)
        return _Prepared(doc, text, day, sentences, candidates, memory, phrases,
                         find_matches(self.topics, tokens), dateline)

    def _dateline(self, text: str) -> tuple[dict[str, str] | None, int]:
        """ "TOKYO - ..." opening a story says where it was filed: the default location of its events.
        Returns the place and where the story proper begins."""
        head = text[:60]
        for sep in (" - ", " — ", " – ", " -- ", ": "):
            if sep in head:
                place = head.split(sep, 1)[0].strip().rstrip(",")
                words = tokenize(place)
                found = find_matches(self.resolver.vocabulary, words)
                if found and found[0].kind in ("place", "capital") and found[0].last == len(words) - 1:
                    target = found[0].patterns[0].target
                    end = head.index(sep) + len(sep)
                    return {"name": place.title() if place.isupper() else place,
                            "country": getattr(target, "country", None) or getattr(target, "iso3", "")}, end
        return None, 0

    def _code_batch(self, batch: list[tuple[Document, _Prepared | str]]) -> Iterator[CodedDocument]:
        texts = [s.text for _, p in batch if isinstance(p, _Prepared) for s in p.candidates]
        parses = iter(self.nlp.pipe(texts, batch_size=256)) if texts else iter(())
        for doc, item in batch:
            if isinstance(item, str):
                yield CodedDocument(doc, skipped=item)
                continue
            events: list[Event] = []
            for sentence in item.candidates:
                events.extend(self._sentence_events(item, sentence, next(parses)))
            yield CodedDocument(doc, _deduplicate(events), None, len(item.sentences), len(item.candidates), item.text)

    def _sentence_events(self, item: _Prepared, sentence: Sentence, parsed) -> list[Event]:  # noqa: ANN001
        phrases = item.phrases
        context = SentenceContext(self.resolver, self.lexicon, item.memory, item.day, sentence.start, phrases)
        words = ParsedSentence(parsed, sentence.text)
        try:
            return self._events_of(item, sentence, SentenceCoder(words, context).drafts())
        finally:
            words.release()  # events keep offsets, not words: free the parse now

    def _events_of(self, item: _Prepared, sentence: Sentence, drafts: list[Draft]) -> list[Event]:
        if not drafts:
            return []
        phrases = item.phrases
        low, high = phrases.token_range(sentence.start, sentence.end)
        issues = tuple(dict.fromkeys(m.patterns[0].target for m in item.topic_matches if low <= m.first < high))
        amounts = find_amounts(sentence.text)
        events = []
        for draft in drafts:
            cameo = self.kb.cameo[draft.row_code]
            attributes = _amounts_of(draft.trigger, amounts)
            for source, target in pair_up(draft):
                taken = [(r.start, r.end) for r in (source, target) if r]
                location = self._location(item, low, high, taken)
                placed = location is not None and len(location["country"]) == 3
                unnamed = cameo.root in _DOERLESS or (draft.agentless and placed)
                if source is None and (target is None or not (draft.named_subject or unnamed)):
                    # An act needs a known actor. A named doer we do not know ("Roberts says ...") still makes
                    # an event when its target is known, and so do violence done by no one named ("a roadside
                    # bomb killed three soldiers") and a passive that names no doer but a place ("hostages
                    # were released in Karachi"); "every stop reinforces ..." does not.
                    continue
                if source is None and unnamed and placed:
                    # "a roadside bomb near Kandahar killed ...", "hostages were released in Karachi": an act by
                    # no one named is coded to the country where it happened, as CAMEO does (not to the
                    # dateline: where the story was filed)
                    country = location["country"]
                    source = ActorRef(Actor(country, country, "", "place"), location["name"], location["start"],
                                      location["end"])
                events.append(Event(
                    doc_id=item.doc.id, sentence=sentence.index, date=item.day.isoformat(), source=source,
                    target=target, cameo=cameo, trigger=trigger_span(draft, sentence.start),
                    sentence_text=sentence.text, modality=draft.modality,
                    location=_place_of(location) or item.dateline, issues=issues,
                    attributes=dict(attributes), coder=CODER,
                ))
        # A bare statement ("said", 010) is an event only when the sentence holds no other; the other 01
        # codes (optimism, denial, responsibility claimed) say something and stay.
        substantive = [e for e in events if e.cameo.code != "010"]
        return substantive or events

    def _location(self, item: _Prepared, low: int, high: int, taken: list[tuple[int, int]]) -> dict | None:
        """The first place of the sentence named after "in", "at", "near" that is not one of the actors."""
        words, matches = item.phrases.tokens, item.phrases.matches
        for match in matches[bisect.bisect_right(item.phrases.match_firsts, low) :]:
            if match.first >= high:
                break
            if match.kind not in PLACE_KINDS:
                continue
            placed = _after_location_word(words, match.first, low)
            if not (placed or _bracketed_region(item.text, words, match.first, low)):
                continue
            start, end = words[match.first].start, words[match.last].end
            if any(a <= start and end <= b for a, b in taken):
                continue
            target = match.patterns[0].target
            country = getattr(target, "iso3", None) or getattr(target, "country", "")
            return {"name": " ".join(w.raw for w in words[match.first : match.last + 1]), "country": country,
                    "start": start, "end": end}
        return None


def _after_location_word(words: list, first: int, low: int) -> bool:
    """Whether the place at ``first`` is named after "in", "at", "near", directly or through a few words that
    describe it ("near the town of Kandahar", "in the mostly Sunni west of Mosul")."""
    for i in range(first - 1, max(low, first - _PLACE_LOOKBACK) - 1, -1):
        word = words[i]
        if word.key in _LOCATION_WORDS:
            return True
        if word.key in _NOT_PLACE_WORDS or words[i + 1].after_punctuation:
            return False
    return False


def _bracketed_region(text: str, words: list, first: int, low: int) -> bool:
    """Whether the place at ``first`` is bracketed after a place we do not know, itself after "in", "at",
    "near": "in Khanty-Mansiysk (Siberia)", "at Kandy (Sri Lanka)" say where the unknown place is."""
    at = words[first].start - 1
    if not (words[first].after_punctuation and 0 <= at < len(text) and text[at] == "("):
        return False
    i = first - 1
    while i >= max(low, first - 4) and words[i].raw[:1].isupper():
        if words[i].after_punctuation:
            return False
        i -= 1
    return i < first - 1 and i >= low and words[i].key in _LOCATION_WORDS


def _place_of(location: dict | None) -> dict[str, str] | None:
    """The event's location field: the place's name and country (its offsets are for the coder only)."""
    return {"name": location["name"], "country": location["country"]} if location else None


def _build(kb: KnowledgeBase) -> tuple[KnowledgeBase, ActorResolver, Lexicon, Vocabulary]:
    topics = Vocabulary()
    for topic in kb.topics:
        for term in topic.terms:
            topics.add(term, "topic", topic.topic)
    return kb, ActorResolver(kb), Lexicon(kb), topics


def _build_default() -> tuple[KnowledgeBase, ActorResolver, Lexicon, Vocabulary]:
    return _build(default_knowledge())


def _amounts_of(trigger, amounts: list) -> dict:  # noqa: ANN001 - a parsed.Node, accord Amounts
    """The sums of money inside the trigger's own clause ("pushing for $550 billion"), not the whole sentence."""
    if not amounts:
        return {}
    low, high = trigger.left_edge.idx, trigger.right_edge.idx + len(trigger.right_edge.text)
    inside = [a for a in amounts if low <= a.start and a.end <= high]
    if not inside:
        return {}
    attributes: dict = {"amount": {"value": inside[0].value, "currency": inside[0].currency}}
    if len(inside) > 1:
        attributes["amounts"] = [{"value": a.value, "currency": a.currency} for a in inside]
    return attributes


def _actor_matches(matches: list[Match]) -> list[Match]:
    """The matches that name an actor on their own, and a nationality right before an actor word ("Polish
    officials", "Chinese troops"): either makes a sentence worth parsing."""
    out = []
    for i, m in enumerate(matches):
        if m.kind not in _NOT_ACTORS:
            out.append(m)
        elif m.kind == "adjective":
            following = matches[i + 1 : i + 3]  # "Polish and Czech officials": past one more nation
            if any(n.kind in _ACTOR_WORDS and n.first <= m.last + 3 for n in following):
                out.append(m)
    return out


def _any_between(starts: list[int], low: int, high: int) -> bool:
    i = bisect.bisect_left(starts, low)
    return i < len(starts) and starts[i] < high


def _deduplicate(events: list[Event]) -> list[Event]:
    """The same (source, target, code) twice in one document is one event: the first telling is kept, with
    the issues of every telling ("signed two agreements ... signed a framework on critical minerals")."""
    kept: dict[tuple[str, str, str], int] = {}
    out: list[Event] = []
    for event in events:
        at = kept.get(event.key)
        if at is None:
            kept[event.key] = len(out)
            out.append(event)
        elif set(event.issues) - set(out[at].issues):
            out[at] = replace(out[at], issues=tuple(dict.fromkeys((*out[at].issues, *event.issues))))
    return out
