"""What ``accord ingest`` reads: text and HTML files, JSONL documents, folders of them (recursively), RSS and
Atom feeds from a file or an http(s) URL, and ``-`` for standard input.

Documents come out raw (HTML stays HTML): the pipeline cleans every document the same way, wherever it came
from, and takes the page's title and date from that cleaning. Nothing here raises on bad input: binary,
empty, huge, malformed or unreachable input becomes a :class:`Skipped` with its reason; an input named on
the command line that cannot be read at all is an :class:`InputFailed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from accord.ingest.feeds import PageFetcher, looks_like_feed, read_feed
from accord.ingest.fetch import FetchError, decode, fetch, is_url
from accord.text.documents import MAX_DOCUMENT_BYTES, Document, Skipped, read_documents

_TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
               "application/rdf")


@dataclass(frozen=True, slots=True)
class InputFailed(Skipped):
    """A command-line input that gave nothing at all: a missing file, an unreachable URL, a broken feed."""


def read_inputs(inputs: Iterable[str], fetch_items: bool = True) -> Iterator[Document | Skipped]:
    """Documents from every input, in order; folders in name order. ``fetch_items``: fetch the page of a
    feed item that carries only a link."""
    fetch_page = _fetch_page if fetch_items else None
    for item in inputs:
        if item == "-":
            yield from read_documents(["-"])
        elif is_url(item):
            yield from _read_url(item, fetch_page)
        else:
            path = Path(item)
            if path.is_dir():
                yield from _read_folder(path, fetch_page)
            elif path.is_file():
                documents = list(_read_file(path, fetch_page))
                if len(documents) == 1 and _is_failure(documents[0]):
                    yield InputFailed(documents[0].where, documents[0].reason)
                else:
                    yield from documents
            else:
                yield InputFailed(item, "no such file or folder")


def _read_folder(folder: Path, fetch_page: PageFetcher | None) -> Iterator[Document | Skipped]:
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    except OSError as exc:
        yield InputFailed(str(folder), f"unreadable folder ({exc.strerror or exc})")
        return
    for path in files:
        yield from _read_file(path, fetch_page)


def _read_file(path: Path, fetch_page: PageFetcher | None) -> Iterator[Document | Skipped]:
    where = str(path)
    try:
        if path.suffix == ".jsonl":  # read line by line: a JSONL file may be far larger than one document
            yield from read_documents([where])
            return
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            yield Skipped(where, "file too large")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Skipped(where, f"unreadable ({exc.strerror or exc})")
        return
    if looks_like_feed(raw):
        yield from read_feed(raw, where, fetch_page)
        return
    yield _from_bytes(raw, where, doc_id=where, url=None)


def _from_bytes(raw: bytes, where: str, doc_id: str, url: str | None) -> Document | Skipped:
    if b"\x00" in raw[:8192]:
        return Skipped(where, "binary file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Skipped(where, "not UTF-8 text")
    if not text.strip():
        return Skipped(where, "empty file")
    return Document(id=doc_id, text=text, url=url)


def _read_url(url: str, fetch_page: PageFetcher | None) -> Iterator[Document | Skipped]:
    try:
        fetched = fetch(url)
    except FetchError as exc:
        yield InputFailed(url, f"fetch failed: {exc}")
        return
    if fetched.content_type and not fetched.content_type.startswith(_TEXT_TYPES):
        yield InputFailed(url, f"not a page or a feed ({fetched.content_type})")
        return
    if looks_like_feed(fetched.body):
        items = list(read_feed(fetched.body, url, fetch_page))
        if len(items) == 1 and isinstance(items[0], Skipped) and items[0].where == url:
            yield InputFailed(url, items[0].reason)
        else:
            yield from items
        return
    if b"\x00" in fetched.body[:8192]:
        yield InputFailed(url, "binary content")
        return
    text = decode(fetched.body, fetched.charset)
    if not text.strip():
        yield InputFailed(url, "empty page")
        return
    yield Document(id=url, text=text, url=fetched.url)


def _fetch_page(url: str) -> str | Skipped:
    """The page a feed item links to, as text, or why there is none."""
    if not is_url(url):
        return Skipped(url, "feed item without text")
    try:
        fetched = fetch(url)
    except FetchError as exc:
        return Skipped(url, f"fetch failed: {exc}")
    if (fetched.content_type and not fetched.content_type.startswith(_TEXT_TYPES)) or b"\x00" in fetched.body[:8192]:
        return Skipped(url, "linked page is not text")
    text = decode(fetched.body, fetched.charset)
    return text if text.strip() else Skipped(url, "linked page is empty")


def _is_failure(item: Document | Skipped) -> bool:
    # A single file that is a broken feed gave nothing: report it like a missing input. An empty or binary
    # file named on its own is an ordinary skip (it was read; there was nothing in it).
    return isinstance(item, Skipped) and item.reason.startswith(("malformed feed", "unreadable"))
