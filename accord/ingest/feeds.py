"""RSS (0.9x, 1.0, 2.0) and Atom feeds: one document per item, with its link, title, date and text.

Parsed with lxml and matched by local name, so namespaced variants (``content:encoded``, ``dc:date``, RSS 1.0's
RDF) read the same. The parser never resolves entities or fetches DTDs: a feed is untrusted input.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterator

from lxml import etree

from accord.text.documents import Document, Skipped

# The root of a feed, after an optional BOM, XML declaration, comments and processing instructions.
_FEED_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]{0,200}\?>|<!DOCTYPE[^>]{0,500}>)\s*)*"
    rb"<(?:rss|feed|(?:[A-Za-z_][\w.-]{0,20}:)?RDF)\b",
    re.DOTALL,
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CONTENT_FIELDS = ("encoded", "content")  # full text: content:encoded (RSS), content (Atom)
_SUMMARY_FIELDS = ("description", "summary")
_DATE_FIELDS = ("pubDate", "published", "date", "issued", "updated", "modified")

# Fetches a page for an item that carries only a link: the page's text, or the reason it has none.
PageFetcher = Callable[[str], "str | Skipped"]


def looks_like_feed(head: bytes) -> bool:
    """True when these first bytes open an RSS, RDF or Atom document."""
    return bool(_FEED_START.match(head[:8192]))


def read_feed(raw: bytes, where: str, fetch_page: PageFetcher | None = None) -> Iterator[Document | Skipped]:
    """One document per item of the feed in ``raw``; a feed that does not parse is one :class:`Skipped`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(raw, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        yield Skipped(where, f"malformed feed ({_one_line(str(exc))})")
        return
    if root is None:
        yield Skipped(where, "malformed feed (no root element)")
        return
    outlet = _feed_title(root)
    items = [el for el in root.iter() if isinstance(el.tag, str) and _local(el) in ("item", "entry")]
    if not items:
        yield Skipped(where, "feed without items")
        return
    for number, item in enumerate(items, start=1):
        yield _item(item, f"{where}#{number}", outlet, fetch_page)


def _item(item: etree._Element, where: str, outlet: str | None, fetch_page: PageFetcher | None) -> Document | Skipped:
    fields: dict[str, list[etree._Element]] = {}
    for child in item:
        if isinstance(child.tag, str):
            fields.setdefault(_local(child), []).append(child)
    title = _text(fields.get("title"))
    link = _link(fields.get("link", []))
    guid = _text(fields.get("guid")) or _text(fields.get("id"))
    date = next((d for name in _DATE_FIELDS if (d := parse_date(_text(fields.get(name))))), None)
    text = next((t for name in _CONTENT_FIELDS if (t := _body(fields.get(name)))), None)
    text = text or next((t for name in _SUMMARY_FIELDS if (t := _body(fields.get(name)))), None)
    if not text and link and fetch_page is not None:
        page = fetch_page(link)
        if isinstance(page, Skipped):
            return Skipped(where, page.reason)
        text = page
    if not text:
        return Skipped(where, "feed item without text")
    return Document(id=guid or link or where, text=text, date=date, title=title, url=link, source=outlet)


def parse_date(value: str | None) -> str | None:
    """The day (YYYY-MM-DD) of an RFC 822 date (RSS) or an ISO 8601 one (Atom, Dublin Core), as written:
    the publisher's own calendar day, not converted to UTC."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_DAY.match(value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def _feed_title(root: etree._Element) -> str | None:
    # RSS: rss/channel/title; RDF: RDF/channel/title; Atom: feed/title.
    for element in (root, *(c for c in root if isinstance(c.tag, str) and _local(c) == "channel")):
        for child in element:
            if isinstance(child.tag, str) and _local(child) == "title":
                return _text([child])
    return None


def _link(links: list[etree._Element]) -> str | None:
    # Atom: <link rel="alternate" href="..."/> (rel defaults to alternate); RSS: <link>url</link>.
    for link in links:
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
    for link in links:
        if (link.text or "").strip():
            return link.text.strip()
    return None


def _body(elements: list[etree._Element] | None) -> str | None:
    """The markup or text of a content/summary element: escaped HTML arrives as text already unescaped;
    Atom's type="xhtml" holds real elements, serialised back to HTML for the cleaner."""
    if not elements:
        return None
    element = elements[0]
    if len(element) and element.get("type") == "xhtml":
        parts = [element.text or ""] + [etree.tostring(child, method="html", encoding="unicode") for child in element]
        text = "".join(parts)
    else:
        text = element.text or ""
    return text.strip() or None


def _text(elements: list[etree._Element] | None) -> str | None:
    if not elements:
        return None
    text = " ".join("".join(elements[0].itertext()).split())
    return text or None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
