"""Documents in, events out, with PETRARCH dictionaries: alone (``--no-builtin``) or beside accord's own
coder, whose events come first (a PETRARCH coding of the same source, target and code adds nothing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from accord.actors.actor import Actor
from accord.actors.resolver import as_date
from accord.coding.coder import CODER, CodedDocument, Coder
from accord.coding.events import ActorRef, Event, Span
from accord.coding.nlp import load_pipeline
from accord.coding.parsed import ParsedSentence
from accord.compat.petrarch.coder import Coding, PetrarchCoder
from accord.compat.petrarch.dictionaries import Dictionaries
from accord.knowledge.schemas import CameoRow
from accord.text.clean import clean_document, detect_language
from accord.text.documents import Document
from accord.text.sentences import Sentence, split_sentences

_UNDERSCORE = re.compile(r"(?<=\w)_(?=\w)")
_DANGLING = re.compile(r"\b([A-Za-z]+)- (?=[A-Z])")


class PetrarchDocuments:
    """Codes documents with PETRARCH dictionaries; ``builtin`` (accord's coder) adds its own events first."""

    def __init__(self, dictionaries: Dictionaries, cameo: dict[str, CameoRow], builtin: Coder | None = None,
                 model: str | None = None) -> None:
        self.coder = PetrarchCoder(dictionaries)
        self.cameo = cameo
        self.builtin = builtin
        self.model = model

    def code_documents(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        if self.builtin is not None:
            for result in self.builtin.code_documents(documents):
                if not result.skipped:
                    known = {e.key for e in result.events}
                    result.events.extend(e for e in self._events(result.doc, result.text) if e.key not in known)
                yield result
            return
        for document in documents:
            article = clean_document(document.text)
            if not article.text.strip():
                yield CodedDocument(document, skipped="no text after cleaning")
            elif detect_language(article.text) != "en":
                yield CodedDocument(document, skipped="not English")
            else:
                try:
                    events = self._events(document, article.text, article.date)
                except ValueError:
                    yield CodedDocument(document, skipped=f"bad date {document.date!r}")
                    continue
                yield CodedDocument(document, events, None, len(split_sentences(article.text)), 0, article.text)

    def _events(self, document: Document, text: str, page_date: str | None = None) -> list[Event]:
        day = as_date(document.date or page_date)
        sentences = split_sentences(text)
        if self.coder.discards_story(story_words(text)):
            return []
        events: list[Event] = []
        seen: set[tuple[str, str, str]] = set()
        nlp = load_pipeline(self.model)
        # "Dol_Amroth" in a text is the dictionary's DOL_AMROTH: parse its parts as words (same length, so
        # every offset holds)
        # and "an anti- Gondor parade" (a prefix cut off from its name) is parsed as "an  anti-Gondor parade"
        texts = [_DANGLING.sub(r" \1-", _UNDERSCORE.sub(" ", s.text)) for s in sentences]
        for sentence, doc in zip(sentences, nlp.pipe(texts), strict=True):
            parsed = ParsedSentence(doc, sentence.text)
            try:
                for coding in self.coder.code(parsed, day):
                    event = self._event(document, day, sentence, parsed, coding)
                    if event.key not in seen:
                        seen.add(event.key)
                        events.append(event)
            finally:
                parsed.release()
        return events

    def _event(self, document: Document, day: dt.date, sentence: Sentence, parsed: ParsedSentence,
               coding: Coding) -> Event:
        verb = parsed[coding.verb]
        return Event(
            doc_id=document.id, sentence=sentence.index, date=day.isoformat(),
            source=_ref(coding.source, parsed, coding.source_span, sentence.start),
            target=_ref(coding.target, parsed, coding.target_span, sentence.start),
            cameo=self._row(coding.code), trigger=Span(verb.text, sentence.start + verb.idx,
                                                       sentence.start + verb.idx + len(verb.text)),
            sentence_text=sentence.text, coder=f"{CODER} (PETRARCH dictionaries)",
        )

    def _row(self, code: str) -> CameoRow:
        """Our CAMEO row for the code, or a bare one: PETRARCH dictionaries may use codes of their own."""
        row = self.cameo.get(code)
        if row is not None:
            return row
        root = code[:2] if code[:2].isdigit() and 1 <= int(code[:2]) <= 20 else ""
        quad = (1 if int(root) <= 5 else 2 if int(root) <= 8 else 3 if int(root) <= 13 else 4) if root else 0
        known = self.cameo.get(root)
        return CameoRow.model_construct(code=code, name="(code from a PETRARCH dictionary)", root=root,
                                        goldstein=known.goldstein if known else 0.0, quad_class=quad,
                                        plover_event=known.plover_event if known else "",
                                        plover_mode=known.plover_mode if known else "")


def _ref(code: str, parsed: ParsedSentence, span: tuple[int, int], offset: int) -> ActorRef:
    words = parsed.span(*span)
    country = code[:3] if code[:3].isalpha() and code[:3] != "---" else ""
    return ActorRef(Actor(code, country, code[3:6] if country else code.lstrip("-")[:3], "petrarch"),
                    words.text, offset + words.start_char, offset + words.end_char)


_WORD = re.compile(r"\w+(?:[-'.&]\w+)*")


def story_words(text: str) -> list[str]:
    """The words of a story for its discard phrases: lower case, punctuation apart ("soccer," -> "soccer")."""
    return _WORD.findall(text.lower())
