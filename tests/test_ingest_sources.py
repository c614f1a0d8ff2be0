"""The readers of ``accord ingest`` on their own: feeds, dates, fetching limits, bad files (no store needed)."""

from __future__ import annotations

import pytest

from accord.ingest.feeds import looks_like_feed, parse_date, read_feed
from accord.ingest.fetch import FetchError, decode, fetch
from accord.ingest.prepare import prepare, safe_field
from accord.ingest.sources import InputFailed, read_inputs
from accord.text.documents import Document, Skipped
from tests.local_http import serving


def test_feed_dates_are_the_publishers_day():
    assert parse_date("Tue, 04 Mar 2025 23:30:00 -0500") == "2025-03-04"
    assert parse_date("2025-04-01T09:00:00+02:00") == "2025-04-01"
    assert parse_date("2025-02-30") is None and parse_date("yesterday") is None and parse_date(None) is None


def test_feed_sniffing():
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x --><rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">')
    assert not looks_like_feed(b"<!doctype html><html><body>rss</body></html>")
    assert not looks_like_feed(b"The feed was <rss> in text")


def test_rss_1_items_and_dublin_core_dates():
    feed = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel><title>Old Wire</title></channel>
      <item><title>One</title><link>http://x/1</link><dc:date>2024-12-31T23:00:00Z</dc:date>
        <description>Canada imposed sanctions on Russia.</description></item></rdf:RDF>"""
    [doc] = read_feed(feed, "f.rdf")
    assert doc == Document(id="http://x/1", text="Canada imposed sanctions on Russia.", date="2024-12-31",
                           title="One", url="http://x/1", source="Old Wire")


def test_malformed_and_empty_feeds_are_skips():
    assert [s.reason.split(" (")[0] for s in read_feed(b"<rss><channel>", "f")] == ["malformed feed"]
    assert [s.reason for s in read_feed(b"<rss><channel><title>t</title></channel></rss>", "f")] == [
        "feed without items"]


def test_bad_files_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Canada imposed sanctions on Russia.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / ".hidden").write_text("Canada imposed sanctions on Russia.", encoding="utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing")]))
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Skipped", "Skipped", "InputFailed"]
    assert [i.reason for i in items if isinstance(i, Skipped)] == [
        "not UTF-8 text", "binary file", "empty file", "no such file or folder"]
    assert isinstance(items[-1], InputFailed)


def test_prepare_cleans_dates_and_makes_fields_safe():
    page = ('<html><head><title>T</title><meta property="article:published_time" content="2025-02-11"></head>'
            "<body><article><p>Canada imposed sanctions on Russia on Tuesday, officials said.</p></article></body>"
            "</html>")
    prepared = prepare(Document(id="p\x00\ud800", text=page, title=None), "2030-01-01")
    assert prepared.document.date == "2025-02-11" and prepared.document.title == "T"
    assert prepared.document.id == "p" and "<p>" not in prepared.document.text
    assert prepare(Document(id="x", text="<p></p>"), None) == Skipped("x", "no text after cleaning")
    assert prepare(Document(id="x", text="Canada imposed sanctions.", date="soon"), None) == Skipped("x", "bad date")
    assert safe_field("a" * 5000, 10) == "a" * 10 and safe_field("  \x07 ", 10) is None


@pytest.fixture
def served(tmp_path):
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 50_000 + b"</p>")
    (tmp_path / "latin.html").write_bytes(b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>')

    with serving(tmp_path) as url:
        yield url


def test_fetch_is_bounded_and_errors_are_one_line(served, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{served}/big.html", limit=10_000)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{served}/none.html")
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")
    page = fetch(f"{served}/latin.html")
    assert "café" in decode(page.body, page.charset)
