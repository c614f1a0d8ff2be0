"""Documents in, events out, with PETRARCH dictionaries: alone (``--no-builtin``) or beside accord's own
coder, whose events come first (a PETRARCH coding of the same source, target and code adds nothing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

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

T = TypeVar("T")
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
            for results in _chunks(self.builtin.code_documents(documents)):
                coded = self._events_of([(r.doc, r.text, None) for r in results if not r.skipped])
                for result in results:
                    if not result.skipped:
                        known = {e.key for e in result.events}
                        result.events.extend(e for e in next(coded) if e.key not in known)
                    yield result
            return
        for chunk in _chunks(documents):
            articles = [clean_document(d.text) for d in chunk]
            skips = [_skip(a.text) for a in articles]
            coded = self._events_of([(d, a.text, a.date) for d, a, skip in zip(chunk, articles, skips, strict=True)
                                     if skip is None])
            for document, article, skipped in zip(chunk, articles, skips, strict=True):
                events = skipped or next(coded)
                if isinstance(events, str):
                    yield CodedDocument(document, skipped=events)
                else:
                    count = len(split_sentences(article.text))  # every sentence is parsed: no selective parsing here
                    yield CodedDocument(document, events, None, count, count, article.text)

    def _events_of(self, items: list[tuple[Document, str, str | None]]) -> Iterator[list[Event] | str]:
        """Each document's events (or why it is skipped), in order. The sentences of all the documents go
        through the parser together: one ``nlp.pipe`` call per document is slow on short documents."""
        found: list[list[Event] | str] = []
        jobs = []
        for i, (document, text, page_date) in enumerate(items):
            try:
                day = as_date(document.date or page_date)
            except ValueError:
                found.append(f"bad date {document.date!r}")
                continue
            found.append([])
            if not self.coder.discards_story(story_words(text)):
                jobs.extend((i, document, day, sentence) for sentence in split_sentences(text))
        # "Dol_Amroth" in a text is the dictionary's DOL_AMROTH: parse its parts as words (same length, so
        # every offset holds), and "an anti- Gondor parade" (a prefix cut off from its name) is parsed as
        # "an  anti-Gondor parade"
        texts = ((_DANGLING.sub(r" \1-", _UNDERSCORE.sub(" ", job[3].text)), job) for job in jobs)
        seen: set[tuple[int, tuple[str, str, str]]] = set()
        for doc, (i, document, day, sentence) in load_pipeline(self.model).pipe(texts, as_tuples=True):
            parsed = ParsedSentence(doc, sentence.text)
            try:
                for coding in self.coder.code(parsed, day):
                    event = self._event(document, day, sentence, parsed, coding)
                    if (i, event.key) not in seen:
                        seen.add((i, event.key))
                        found[i].append(event)  # type: ignore[union-attr]
            finally:
                parsed.release()
        return iter(found)

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


_CHUNK = 64  # documents parsed together


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _skip(text: str) -> str | None:
    """Why a cleaned document is not coded, or None."""
    if not text.strip():
        return "no text after cleaning"
    return None if detect_language(text) == "en" else "not English"


_WORD = re.compile(r"\w+(?:[-'.&]\w+)*")


def story_words(text: str) -> list[str]:
    """The words of a story for its discard phrases: lower case, punctuation apart ("soccer," -> "soccer")."""
    return _WORD.findall(text.lower())
