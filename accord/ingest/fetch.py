"""Fetching a feed or a page over http(s): bounded in time and size, one clean error per failure."""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from accord import __version__
from accord.text.documents import MAX_DOCUMENT_BYTES

FETCH_TIMEOUT_S = 20.0  # the whole fetch, not one read: a server that trickles bytes is cut off too
MAX_FETCH_BYTES = MAX_DOCUMENT_BYTES
_CHUNK = 65_536
_USER_AGENT = f"accord/{__version__} (news event coder)"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


class FetchError(Exception):
    """A URL that gave nothing usable; the message is one line, fit for a skip reason."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str  # "text/html", "application/rss+xml", ... ("" when the server says nothing)
    charset: str | None


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = FETCH_TIMEOUT_S, limit: int = MAX_FETCH_BYTES) -> Fetched:
    """The body of ``url`` (http or https only); raises :class:`FetchError` on any failure."""
    if not is_url(url):
        raise FetchError("only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"larger than {limit // 1_000_000} MB")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:.0f} s")
                chunks.append(chunk)
            headers = response.headers
            return Fetched(response.geturl(), b"".join(chunks), headers.get_content_type() if
                           headers.get("Content-Type") else "", headers.get_content_charset())
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot reach the server ({_reason(exc.reason)})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:.0f} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a bad port, a malformed URL, a broken response
        raise FetchError(_reason(exc)) from None


def decode(body: bytes, charset: str | None) -> str:
    """Text of a fetched page: the server's charset, else the page's <meta charset>, else UTF-8; bytes that
    do not decode become U+FFFD rather than losing the page."""
    for name in (charset, _meta_charset(body), "utf-8"):
        if not name:
            continue
        try:
            return body.decode(name, errors="replace")
        except LookupError:  # a charset Python does not know
            continue
    return body.decode("utf-8", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def _reason(reason: object) -> str:
    text = str(reason).strip() or type(reason).__name__
    return " ".join(text.split())[:200]
