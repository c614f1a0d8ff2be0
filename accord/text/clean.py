"""Turning raw input (an HTML page or plain text) into the clean article text that every later stage points into.

Sentences, mentions and event evidence are character offsets into ``Article.text``, so cleaning is
conservative once it has text: it drops whole lines of page furniture and control characters and never
rewrites the lines it keeps. Nothing here raises on a ``str``: a page that cannot be read becomes ``""``.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from dataclasses import dataclass
from importlib import resources

MAX_TAGS_FOR_EXTRACTION = 20_000  # more "<" than this and a page skips trafilatura (see clean_html)
MAX_LANGUAGE_SAMPLE = 10_000  # characters langid sees; more costs time and changes nothing
_USABLE = re.compile(r"[^\W_]")  # text is usable when it holds a letter or a digit


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD from the page's own metadata, never guessed from its text


# ---------------------------------------------------------------------------------------------------- HTML

_HTML_START = re.compile(r"\A(?:\ufeff|\s)*<(?:!doctype\s+html|html|\?xml|!--|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|p|div|span|br|a|article|section|header|footer|nav|main|h[1-6]|ul|ol|li|table|tr|td"
    r"|meta|title|script|style|link|img|strong|em|b|i|blockquote|figure|iframe|form)\b[^<>]{0,500}>",
    re.IGNORECASE,
)


def looks_like_html(raw: str) -> bool:
    """True for a page or fragment of HTML: a doctype, <html> or another known tag at the very start, or two
    known tags near the start. One tag inside text is not enough: plain text that mentions "<b>" stays text.
    """
    if _HTML_START.match(raw):
        return True
    head = raw[:20_000]
    if _HTML_TAG.match(head.lstrip()):  # a fragment that opens with a tag: "<p>The minister said..."
        return True
    tags = _HTML_TAG.finditer(head)
    return next(tags, None) is not None and next(tags, None) is not None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WRAPPED = re.compile(r"<(?:html|body)\b", re.IGNORECASE)


def _trafilatura(html: str, precise: bool) -> tuple[str, str | None, str | None] | None:
    import trafilatura  # imported on the first HTML page only: plain-text runs never pay for it

    result = trafilatura.bare_extraction(
        html,
        favor_precision=precise,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        with_metadata=True,
        # The date the page says it was published; no hunting through the text or the URL for one.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return None
    title = (result.title or "").strip() or None
    date = result.date if isinstance(result.date, str) and _DATE.fullmatch(result.date) else None
    return (result.text or "").strip(), title, date


_DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")
_BLOCK_ELEMENTS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 article section header footer blockquote pre ul ol table dd dt figure".split()
)
_SCRIPT_OR_STYLE = re.compile(
    r"<(script|style|noscript|template|head)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|div|li|tr|h[1-6]|article|section|blockquote|pre|table))\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*(?:>|\Z)")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _tidy_lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _lxml_text(html: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(html)
    for element in list(root.iter(*_DROPPED_ELEMENTS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_ELEMENTS:
            element.tail = "\n" + (element.tail or "")
    return _tidy_lines(root.text_content())


def _regex_text(html: str) -> str:
    text = _SCRIPT_OR_STYLE.sub(" ", html)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return _tidy_lines(html_lib.unescape(text))


def _fallback_title(html: str) -> str | None:
    match = _TITLE.search(html[:200_000])
    if not match:
        return None
    return _SPACES.sub(" ", html_lib.unescape(_ANY_TAG.sub(" ", match.group(1)))).strip() or None


def clean_html(html: str) -> Article:
    """The article in an HTML page: main text (no menus, comments or link tables), title and publication date.

    trafilatura does the work, first favouring precision, then with its defaults; a page it cannot read
    (or one too large for it, see ``MAX_TAGS_FOR_EXTRACTION``) falls back to a plain strip of tags, scripts
    and styles removed; a page without a letter or digit left gives "".
    """
    html = _strip_controls(html)
    if not html.strip():
        return Article("")
    page = html if _WRAPPED.search(html[:20_000]) else f"<html><body>{html}</body></html>"
    # trafilatura's time grows faster than the page: a page of tens of thousands of elements is a dump,
    # not an article, and gets the plain strip.
    attempts = (True, False) if html.count("<") <= MAX_TAGS_FOR_EXTRACTION else ()
    for precise in attempts:
        try:
            found = _trafilatura(page, precise)
        except Exception:  # a parser's bug on one page must not stop a run of millions
            found = None
        if found and _USABLE.search(found[0]):
            return Article(*found)
    try:
        text = _lxml_text(page)
    except Exception:  # lxml refuses some inputs outright (e.g. encoding declarations)
        text = _regex_text(html)
    return Article(text if _USABLE.search(text) else "", _fallback_title(html), None)


# ---------------------------------------------------------------------------------------------- furniture


@dataclass(frozen=True, slots=True)
class _Furniture:
    line: re.Pattern[str]
    tail: re.Pattern[str]


_LINE_EDGES = " \t\u00a0\u200b\ufeff•·|*>»›"
_PIECE_SEPARATOR = re.compile(r"\s*[|•·]\s*")
_PROSE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\Z")
_LONGEST_FURNITURE = 400  # characters; no pattern matches a longer line, so longer lines are not tried


@functools.cache
def _furniture() -> _Furniture:
    """The patterns of boilerplate.txt, compiled into one expression per section (loaded once, on first use)."""
    sections: dict[str, list[str]] = {"@line": [], "@tail": []}
    current = sections["@line"]
    source = resources.files("accord.text").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in sections:
            current = sections[line]
            continue
        try:
            re.compile(line)
        except re.error as exc:
            raise ValueError(f"boilerplate.txt:{number}: bad regular expression ({exc})") from exc
        current.append(f"(?:{line})")
    return _Furniture(
        line=re.compile("|".join(sections["@line"]) or "(?!)", re.IGNORECASE),
        tail=re.compile("|".join(sections["@tail"]) or "(?!)", re.IGNORECASE),
    )


def _matches(pattern: re.Pattern[str], line: str) -> bool:
    if pattern.fullmatch(line):
        return True
    pieces = _PIECE_SEPARATOR.split(line)
    return len(pieces) > 1 and all(not piece or pattern.fullmatch(piece) for piece in pieces)


def strip_boilerplate(text: str) -> str:
    """``text`` without lines of page furniture ("Share this:", "Leave a Reply", cookie notices, ...).

    Only whole lines go (each with its own line break); every kept line is returned exactly as it was,
    line break included. A trailer
    marker ("Related posts", "Leave a Reply", "Comments") that follows article prose ends the article: it
    and everything after it are dropped. The patterns live in ``boilerplate.txt``.
    """
    if not text:
        return text
    furniture = _furniture()
    lines = text.split("\n")
    last = len(lines) - 1
    kept: list[str] = []
    seen_prose = False
    for number, line in enumerate(lines):
        core = line.strip(_LINE_EDGES)
        if core and len(core) <= _LONGEST_FURNITURE:
            if _matches(furniture.tail, core):
                if seen_prose:
                    break
                continue
            if _matches(furniture.line, core):
                continue
        if not seen_prose and len(core) >= 40 and _PROSE_END.search(core):
            seen_prose = True
        kept.append(line + "\n" if number < last else line)
    if len(kept) == len(lines):
        return text
    return "".join(kept)


# ----------------------------------------------------------------------------------------------- language

_WORD = re.compile(r"[^\W\d_]+")
# Frequent English words that are not also frequent words of French, Spanish, German, Dutch or Italian.
_ENGLISH = frozenset(
    "the of and to that for with said by from his her has have are were this its not but their they which who"
    " been would had after than more also about be it at he she will was an is as over into against during"
    " while when between under what there these those could should did does on in".split()
)
# Frequent function words of other languages written in Latin script (German, French, Spanish, Italian,
# Portuguese, Dutch): text that has more of these than English ones goes to langid.
_FOREIGN = frozenset(
    "der die und das ist nicht ein eine den dem le la les des et est une du au aux el los las y que del por para"
    " con una il di che non della gli nel não uma com em os het een van zijn niet ook voor".split()
)
_FAST_PATH_WORDS = 300
_FAST_PATH_MIN_WORDS = 8
_FAST_PATH_SHARE = 0.12  # English news prose runs at 0.2-0.45; German, Dutch, French... stay under 0.08


@functools.cache
def _identifier():  # langid's class, imported only here
    """langid's model (about 2 s to load): built on first use, once per process."""
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=False)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language.

    Clearly English text is recognised from its function words without loading any model; anything
    else goes to langid. Text without letters counts as English (there is nothing to tell).
    """
    # 300 words of any language fit well within 6,000 characters (words average 5-7 with their space)
    words = [w.lower() for w in _WORD.findall(text, 0, 20 * _FAST_PATH_WORDS)[:_FAST_PATH_WORDS]]
    if not words:
        return "en"
    english = sum(w in _ENGLISH for w in words)
    foreign = sum(w in _FOREIGN for w in words)
    if len(words) >= _FAST_PATH_MIN_WORDS and english / len(words) >= _FAST_PATH_SHARE and english > 2 * foreign:
        return "en"
    if len(words) < _FAST_PATH_MIN_WORDS and english >= 2 and not foreign and text.isascii():
        return "en"  # a short English line ("China restricted the exports of rare earths")
    if english and english >= 2 * foreign:
        return "en"  # a short English sentence full of names ("... López Obrador on Thursday defended ...")
    if not english and not foreign and sum(ch.isascii() for ch in text[:500]) >= 0.95 * len(text[:500]):
        return "en"  # a headline in Latin script with no function words at all ("US allies launch war games")
    language, _score = _identifier().classify(text[:MAX_LANGUAGE_SAMPLE])
    return language


# ---------------------------------------------------------------------------------------------- documents

# C0 and C1 control characters except tab and line feed, and lone surrogates (which no encoder accepts).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _strip_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def clean_document(raw: str) -> Article:
    """The clean article in one raw document, HTML or plain text; never raises on a ``str``.

    Line breaks become ``\\n``; control characters other than ``\\n`` and ``\\t`` go; HTML is extracted
    with :func:`clean_html`; furniture lines go with :func:`strip_boilerplate`. Plain text keeps everything
    else as written. A document without a letter or digit left gives text "".
    """
    if not isinstance(raw, str):
        raw = bytes(raw).decode("utf-8", errors="replace") if isinstance(raw, bytes | bytearray) else ""
    text = _strip_controls(raw)
    if looks_like_html(text):
        article = clean_html(text)
        body = strip_boilerplate(article.text)
        return Article(body if _USABLE.search(body) else "", article.title, article.date)
    body = strip_boilerplate(text)
    return Article(body if _USABLE.search(body) else "")


def clean_again(text: str) -> Article:
    """``clean_document(text)`` for a ``text`` that ``clean_document`` returned, without redoing the work where
    the result is known: plain text with no carriage return or control character comes back unchanged
    (``strip_boilerplate`` keeps every line of its own output, and control characters and carriage returns
    are all it removes besides). Text that still holds one (HTML extraction can leave them) or that looks
    like HTML is cleaned again, exactly as before."""
    if "\r" in text or _CONTROLS.search(text) or looks_like_html(text):
        return clean_document(text)
    return Article(text if _USABLE.search(text) else "")
