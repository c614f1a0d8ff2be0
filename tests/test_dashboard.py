"""Browser tests of the dashboard (accord/web/static) against the real ``accord serve`` (tests/api_server.py).

They drive Debian's Chromium (/usr/bin/chromium) with Playwright's Python API; Playwright never downloads a
browser here. Without /usr/bin/chromium the tests are skipped, unless ``ACCORD_REQUIRE_BROWSER=1`` (CI), where
they fail. Every page is watched: a console error, an uncaught exception, a failed request, a dialog (alert)
or a request to any host but 127.0.0.1 fails the test. Every step waits 10 s at most.

``test_screenshots`` writes docs/screenshots/dashboard-{dyad,network,events,document}.png (1280x800) from a
store with the demo data and the sample corpus (``ACCORD_SCREENSHOT_DIR`` writes them elsewhere).
"""

from __future__ import annotations

import calendar
import json
import math
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from accord.store import open_store
from tests.api_server import (
    ACCORD,
    HOSTILE_IMG,
    HOSTILE_LINK,
    HOSTILE_SCRIPT,
    DemoStore,
    demo_api,  # noqa: F401  (fixture)
    demo_db,  # noqa: F401  (fixture)
    demo_documents,
    demo_store,  # noqa: F401  (fixture)
    serving_api,
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = ROOT / "accord" / "samples" / "sample_corpus.jsonl"
STEP_TIMEOUT_MS = 10_000
VIEWPORT = {"width": 1280, "height": 800}


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


_MISSING = _browser_missing()
if _MISSING:
    if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ACCORD_REQUIRE_BROWSER=1 but {_MISSING}", pytrace=False)
    pytest.skip(f"browser tests: {_MISSING}", allow_module_level=True)

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

# ---- helpers ----------------------------------------------------------------------------------------------------

def get_json(base: str, path: str, **params: Any) -> Any:
    query = urllib.parse.urlencode([(k, v) for k, v in params.items() if v is not None], doseq=True)
    with urllib.request.urlopen(f"{base}{path}{'?' + query if query else ''}", timeout=10) as answer:
        return json.loads(answer.read())


def close(a: Any, b: Any) -> bool:
    """A data attribute (a string) equals the API's number (or both are empty/None)."""
    if b is None:
        return a in (None, "")
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@dataclass
class Watch:
    """What went wrong on a page: console errors, page errors, failed requests, dialogs, foreign hosts."""

    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)
        hosts = {urllib.parse.urlsplit(url).hostname for url in self.requests}
        assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {sorted(h or '' for h in hosts)}"


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), timeout=30_000,
        args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
    try:
        yield browser
    finally:
        browser.close()


def watched_page(browser: Browser) -> tuple[Page, Watch, Any]:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    watch = Watch()

    def route(route: Any) -> None:
        # nothing leaves the machine: a request to another host is recorded (fails the test) and aborted
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.set_default_navigation_timeout(STEP_TIMEOUT_MS)

    def on_console(message: Any) -> None:
        if message.type == "error":
            watch.problems.append(f"console error: {message.text}")

    def on_dialog(dialog: Any) -> None:
        watch.problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: watch.problems.append(
        f"request failed: {request.url} ({request.failure})"))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: watch.requests.append(request.url))
    return page, watch, context


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    page, watch, context = watched_page(browser)
    try:
        yield page, watch
    finally:
        context.close()
    watch.assert_clean()


def open_view(page: Page, base: str, hash_: str, ready: str) -> None:
    page.goto(f"{base}/{hash_}")
    page.wait_for_selector(ready)


def go(page: Page, hash_: str, ready: str) -> None:
    """Another view of the page already open (a hash route, no reload)."""
    page.evaluate("h => { location.hash = h; }", hash_)
    page.wait_for_selector(ready)


def points(page: Page, dyad: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f'#chart circle.point[data-dyad="{dyad}"]',
        """els => els.map(e => ({period: e.dataset.period, events: e.dataset.events, index: e.dataset.index,
            low: e.dataset.indexLow, high: e.dataset.indexHigh}))""")


def assert_points_match(page: Page, dyad: str, series: list[dict[str, Any]]) -> None:
    drawn = points(page, dyad)
    assert [p["period"] for p in drawn] == [row["period"] for row in series]
    for p, row in zip(drawn, series, strict=True):
        assert int(p["events"]) == row["events"], row["period"]
        assert close(p["index"], row["index"]), (p, row)
        assert close(p["low"], row["index_low"]), (p, row)
        assert close(p["high"], row["index_high"]), (p, row)


def wait_points(page: Page, dyad: str, series: list[dict[str, Any]]) -> None:
    """Until the chart shows this series' periods with its event counts: a filtered series (issue, direction)
    often has the same periods as the one drawn before it, so the periods alone do not say it is drawn."""
    expected = [f"{row['period']}:{row['events']}" for row in series]
    page.wait_for_function(
        """([dyad, expected]) => {
            const got = [...document.querySelectorAll(`#chart circle.point[data-dyad="${dyad}"]`)]
                .map(e => `${e.dataset.period}:${e.dataset.events}`);
            return JSON.stringify(got) === JSON.stringify(expected);
        }""", arg=[dyad, expected])


def marks(page: Page, kind: str) -> list[str]:
    return page.eval_on_selector_all(f"#doc-text mark.{kind}", "els => els.map(e => e.textContent)")


def assert_event_highlighted(page: Page, event: dict[str, Any]) -> None:
    """The document view shows exactly this event's trigger, source and target as marks."""
    assert page.get_attribute("#doc-text", "data-mode") == "event"
    assert marks(page, "trigger") == [event["trigger"]["text"]]
    assert marks(page, "source") == ([event["source"]["text"]] if event["source"] else [])
    assert marks(page, "target") == ([event["target"]["text"]] if event["target"] else [])


# ---- tests --------------------------------------------------------------------------------------------------------

def test_dashboard_loads_offline_and_clean(page: tuple[Page, Watch], demo_api: str) -> None:  # noqa: F811
    p, watch = page
    open_view(p, demo_api, "", "#chart circle.point")
    stats = get_json(demo_api, "/api/stats")
    header = p.inner_text("#stats")
    assert str(stats["documents"]) in header and str(stats["events"]) in header
    assert p.title() == "accord dashboard"
    # one script, ours; styles and scripts only from this server
    assert p.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))") == ["static/app.js"]
    assert p.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.href)") == [
        f"{demo_api}/static/style.css"]
    loaded = {urllib.parse.urlsplit(url).path for url in watch.requests}
    assert {"/", "/static/app.js", "/static/style.css", "/api/stats"} <= loaded
    # every view opens without an error
    go(p, "#network", "#network g.node")
    go(p, "#events", "#events-table tbody tr[data-event-id]")
    go(p, "#doc", "#doc-empty")
    go(p, "#dyad", "#chart circle.point")
    assert p.get_attribute("nav.tabs a.active", "data-view") == "dyad"


def test_chart_shows_the_series_points(page: tuple[Page, Watch], demo_api: str) -> None:  # noqa: F811
    p, _ = page
    open_view(p, demo_api, "#dyad", "#chart circle.point")
    answer = get_json(demo_api, "/api/dyads/USA/JPN/series")
    assert answer["series"], "the demo store has USA->JPN events"
    assert_points_match(p, "USA-JPN", answer["series"])
    assert p.locator('#chart rect.bar[data-dyad="USA-JPN"]').count() == len(answer["series"])
    assert p.locator("#chart path.band").count() >= 1
    # momentum as the API gives it
    momentum = answer["momentum"]
    text = p.inner_text('#dyad-legend [data-dyad="USA-JPN"] .momentum')
    assert text.startswith(momentum["direction"])
    if momentum["slope"] is not None:
        assert f"slope {momentum['slope']:+.3f} per period" in text

    # tooltip on hover
    first = answer["series"][0]
    p.hover(f'#chart circle.point[data-dyad="USA-JPN"][data-period="{first["period"]}"]')
    p.wait_for_selector("#tooltip:not([hidden])")
    assert first["period"] in p.inner_text("#tooltip")
    assert f"{first['events']} events" in p.inner_text("#tooltip")

    # weekly and undirected: the chart follows the API
    p.select_option("#dyad-freq", "week")
    weekly = get_json(demo_api, "/api/dyads/USA/JPN/series", freq="week")["series"]
    wait_points(p, "USA-JPN", weekly)
    assert_points_match(p, "USA-JPN", weekly)
    p.select_option("#dyad-freq", "month")
    p.uncheck("#dyad-directed")
    both = get_json(demo_api, "/api/dyads/USA/CHN/series", directed="false")["series"]
    p.fill("#dyad-source", "USA")
    p.fill("#dyad-target", "CHN")
    p.click("#dyad-show")
    wait_points(p, "USA-CHN", both)
    assert_points_match(p, "USA-CHN", both)

    # several dyads on one chart, each with its colour and legend entry
    p.check("#dyad-directed")
    p.fill("#dyad-source", "USA")
    p.fill("#dyad-target", "JPN")
    p.click("#dyad-show")
    p.fill("#dyad-source", "CHN")
    p.fill("#dyad-target", "USA")
    p.click("#dyad-add")
    chn_usa = get_json(demo_api, "/api/dyads/CHN/USA/series")["series"]
    wait_points(p, "CHN-USA", chn_usa)
    assert_points_match(p, "USA-JPN", answer["series"])
    assert_points_match(p, "CHN-USA", chn_usa)
    assert p.locator("#dyad-legend .legend-item").count() == 2
    colours = p.eval_on_selector_all("#chart g.series",
                                     "els => els.map(g => g.querySelector('circle').getAttribute('fill'))")
    assert len(set(colours)) == 2
    # the issue filter goes to the API too
    p.fill("#dyad-issue", "TRADE")
    p.click("#dyad-show")
    trade = get_json(demo_api, "/api/dyads/CHN/USA/series", issue="TRADE")["series"]
    wait_points(p, "CHN-USA", trade)
    assert_points_match(p, "CHN-USA", trade)


def test_clicking_events_opens_their_document(page: tuple[Page, Watch], demo_api: str) -> None:  # noqa: F811
    p, _ = page
    # from the event table
    open_view(p, demo_api, "#events", "#events-table tbody tr[data-event-id]")
    first = get_json(demo_api, "/api/events", limit=25)["events"][0]
    p.click(f'#events-table tbody tr[data-event-id="{first["event_id"]}"]')
    p.wait_for_selector("#doc-text mark.trigger")
    assert p.evaluate("location.hash") == f"#doc/{first['doc_hash']}/{first['event_id']}"
    doc = get_json(demo_api, f"/api/documents/{first['doc_hash']}")
    assert p.inner_text("#doc-title") == doc["title"]
    assert p.text_content("#doc-text") == doc["text"]
    event = next(e for e in doc["events"] if e["event_id"] == first["event_id"])
    assert_event_highlighted(p, event)
    for side in ("source", "target"):  # the document's spans are the event record's spans
        assert event[side]["text"] == first[side]["text"]

    # from a chart point's top events
    go(p, "#dyad", "#chart circle.point")
    series = get_json(demo_api, "/api/dyads/USA/JPN/series")["series"]
    period = series[-1]["period"]
    p.click(f'#chart circle.point[data-dyad="USA-JPN"][data-period="{period}"]')
    p.wait_for_selector("#top-events li[data-event-id]")
    year, month = map(int, period.split("-"))
    start, end = f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"
    top = get_json(demo_api, "/api/events/top", source="USA", target="JPN", start=start, end=end, limit=5)["events"]
    shown = p.eval_on_selector_all("#top-events li[data-event-id]", "els => els.map(e => e.dataset.eventId)")
    assert set(shown) == {e["event_id"] for e in top}
    pick = top[0]
    p.click(f'#top-events li[data-event-id="{pick["event_id"]}"]')
    p.wait_for_function("h => location.hash === h", arg=f"#doc/{pick['doc_hash']}/{pick['event_id']}")
    p.wait_for_selector(f'#doc-events li.selected[data-event-id="{pick["event_id"]}"]')
    doc = get_json(demo_api, f"/api/documents/{pick['doc_hash']}")
    assert_event_highlighted(p, next(e for e in doc["events"] if e["event_id"] == pick["event_id"]))
    # all events of the document at once
    p.click("#doc-all")
    p.wait_for_selector('#doc-text[data-mode="all"]')
    assert set(marks(p, "trigger")) == {e["trigger"]["text"] for e in doc["events"]}


def test_network_draws_the_api_graph(page: tuple[Page, Watch], demo_api: str) -> None:  # noqa: F811
    p, _ = page
    for level in ("country", "actor"):
        if level == "country":
            open_view(p, demo_api, "#network", "#network g.node")
        else:
            p.select_option("#net-level", "actor")
            p.wait_for_selector('#network g.node[data-id="USAGOV"]')
        graph = get_json(demo_api, "/api/network", level=level, min_events=1, limit=200)
        nodes = p.eval_on_selector_all("#network g.node", "els => els.map(e => [e.dataset.id, +e.dataset.events])")
        assert sorted(map(tuple, nodes)) == sorted((n["id"], n["events"]) for n in graph["nodes"])
        edges = p.eval_on_selector_all(
            "#network path.edge",
            "els => els.map(e => [e.dataset.source, e.dataset.target, +e.dataset.events, +e.dataset.cooperation,"
            " +e.dataset.conflict, e.getAttribute('stroke-width')])")
        assert sorted(tuple(e[:5]) for e in edges) == sorted(
            (e["source"], e["target"], e["events"], e["cooperation"], e["conflict"]) for e in graph["edges"])
        labels = p.eval_on_selector_all("#network text.node-label", "els => els.map(e => e.textContent)")
        assert sorted(labels) == sorted(n["id"] for n in graph["nodes"])
        # the heaviest edge is the widest
        heaviest = max(graph["edges"], key=lambda e: e["events"])
        widths = {(e[0], e[1]): float(e[5]) for e in edges}
        assert widths[(heaviest["source"], heaviest["target"])] == max(widths.values())

    # an edge lists its events
    p.select_option("#net-level", "country")
    p.wait_for_selector('#network g.node[data-id="USA"]')
    # (a curved path's box centre may miss its stroke: the click is dispatched on the element)
    p.dispatch_event('#network path.edge[data-source="THA"][data-target="KHM"]', "click")
    p.wait_for_selector("#events-table tbody tr[data-event-id]")
    total = get_json(demo_api, "/api/events", source="THA", target="KHM")["total"]
    assert p.get_attribute("#events-range", "data-total") == str(total)


def test_event_table_total_and_paging(page: tuple[Page, Watch], demo_api: str) -> None:  # noqa: F811
    p, _ = page
    open_view(p, demo_api, "#events", "#events-table tbody tr[data-event-id]")

    def rows() -> list[str]:
        return p.eval_on_selector_all("#events-table tbody tr[data-event-id]", "els => els.map(e => e.dataset.eventId)")

    def wait_range(offset: int, total: int) -> None:
        p.wait_for_selector(f'#events-range[data-offset="{offset}"][data-total="{total}"]')

    page1 = get_json(demo_api, "/api/events", limit=25, offset=0)
    assert p.get_attribute("#events-range", "data-total") == str(page1["total"])
    assert page1["total"] > 25, "the demo store has more than one page"
    assert rows() == [e["event_id"] for e in page1["events"]]
    assert p.is_disabled("#events-prev")
    p.click("#events-next")
    wait_range(25, page1["total"])
    page2 = get_json(demo_api, "/api/events", limit=25, offset=25)
    assert rows() == [e["event_id"] for e in page2["events"]]
    assert p.inner_text("#events-range") == f"26–{25 + len(page2['events'])} of {page1['total']} events"
    if 25 + len(page2["events"]) >= page1["total"]:
        assert p.is_disabled("#events-next")
    p.click("#events-prev")
    wait_range(0, page1["total"])
    assert rows() == [e["event_id"] for e in page1["events"]]

    # filters: each form field goes to the API
    filters = {"source": "USA", "target": "CHN", "quad_class": "4", "start": "2025-09-01", "end": "2026-01-31"}
    for name in ("source", "target", "start", "end"):
        p.fill(f'#events-form [name="{name}"]', filters[name])
    p.select_option('#events-form [name="quad_class"]', filters["quad_class"])
    p.select_option('#events-form [name="limit"]', "10")
    p.click('#events-form button[type="submit"]')
    answer = get_json(demo_api, "/api/events", limit=10, **filters)
    wait_range(0, answer["total"])
    assert rows() == [e["event_id"] for e in answer["events"]]
    assert all(e["quad_class"] == 4 for e in answer["events"])
    # country and code
    p.click("#events-reset")
    p.wait_for_function("location.hash === '#events'")
    p.fill('#events-form [name="country"]', "KHM")
    p.fill('#events-form [name="code"]', "19")
    p.click('#events-form button[type="submit"]')
    answer = get_json(demo_api, "/api/events", country="KHM", code="19", limit=25)
    wait_range(0, answer["total"])
    assert rows() == [e["event_id"] for e in answer["events"]]


def _assert_no_injection(p: Page) -> None:
    scripts = p.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["static/app.js"]
    assert p.locator("img").count() == 0
    assert p.locator("[onerror], [onload], [onclick]").count() == 0
    hrefs = p.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert all(urllib.parse.urlsplit(h).scheme in ("http", "https") for h in hrefs), hrefs
    assert p.locator("b").count() == 0  # the document's <b>bold</b> stays text too


def test_hostile_text_stays_text(page: tuple[Page, Watch], demo_api: str,  # noqa: F811
                                 demo_store: DemoStore) -> None:  # noqa: F811
    p, _ = page
    hostile = get_json(demo_api, f"/api/documents/{demo_store.hostile_hash}")
    event = hostile["events"][0]

    # event table
    open_view(p, demo_api, "#events?source=THA&start=2025-11-20&end=2025-11-20",
              f'#events-table tbody tr[data-doc-hash="{demo_store.hostile_hash}"]')
    row = p.locator(f'#events-table tbody tr[data-doc-hash="{demo_store.hostile_hash}"]')
    row_text = row.inner_text()
    for payload in (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_LINK):
        assert payload in row_text
    _assert_no_injection(p)

    # document view: title, meta, text and the three highlights are literal text
    row.click()
    p.wait_for_selector("#doc-text mark.trigger")
    assert p.inner_text("#doc-title") == hostile["title"]
    assert HOSTILE_SCRIPT in p.inner_text("#doc-title") and HOSTILE_IMG in p.inner_text("#doc-title")
    meta = p.inner_text("#doc-meta")
    assert HOSTILE_LINK in meta and HOSTILE_IMG in meta  # the javascript: URL shown, not linked
    assert p.locator("#doc-meta a").count() == 0
    assert p.text_content("#doc-text") == hostile["text"]
    assert_event_highlighted(p, event)
    assert marks(p, "source") == [HOSTILE_SCRIPT]
    assert marks(p, "trigger") == [HOSTILE_IMG]
    assert marks(p, "target") == [HOSTILE_LINK]
    assert HOSTILE_IMG in p.inner_text("#doc-events")
    _assert_no_injection(p)

    # chart tooltip and top events of THA->KHM in November 2025
    go(p, "#dyad", "#chart circle.point")
    p.fill("#dyad-source", "THA")
    p.fill("#dyad-target", "KHM")
    p.click("#dyad-show")
    point = '#chart circle.point[data-dyad="THA-KHM"][data-period="2025-11"]'
    p.wait_for_selector(point)
    p.hover(point)
    p.wait_for_selector("#tooltip:not([hidden])")
    p.click(point)
    p.wait_for_selector(f'#top-events li[data-doc-hash="{demo_store.hostile_hash}"]')
    top = p.inner_text(f'#top-events li[data-doc-hash="{demo_store.hostile_hash}"]')
    assert HOSTILE_SCRIPT in top and HOSTILE_IMG in top
    _assert_no_injection(p)

    # the network view shows no payload and injects nothing either
    go(p, "#network", "#network g.node")
    _assert_no_injection(p)


def test_unknown_document_is_a_message(browser: Browser, demo_api: str) -> None:  # noqa: F811
    p, watch, context = watched_page(browser)
    try:
        open_view(p, demo_api, "#doc/" + "0" * 64, "#doc-empty:not([hidden])")
        p.wait_for_function("document.getElementById('doc-empty').textContent.includes('No document')")
        assert p.is_hidden("#doc")
    finally:
        context.close()
    # the browser reports the 404 itself as a console error; that is the only one
    assert all("404" in problem for problem in watch.problems), watch.problems


def test_empty_store(browser: Browser, tmp_path: Path) -> None:
    """A store without events: every view says so, with no error."""
    db = tmp_path / "empty.duckdb"
    open_store(str(db)).close()
    with serving_api(db) as base:
        p, watch, context = watched_page(browser)
        try:
            open_view(p, base, "#dyad", "#chart .empty")
            assert "No events" in p.inner_text("#chart")
            go(p, "#network", "#network .empty")
            go(p, "#events", '#events-range[data-total="0"]')
            assert p.inner_text("#events-range") == "No events"
            assert p.is_disabled("#events-next") and p.is_disabled("#events-prev")
        finally:
            context.close()
        watch.assert_clean()


# ---- screenshots ---------------------------------------------------------------------------------------------

def _screenshot_store(path: Path) -> Path:
    """The demo data (less the hostile document) plus the sample corpus coded by ``accord ingest``."""
    documents, events, hostile = demo_documents()
    store = open_store(str(path))
    try:
        store.add_batch([d for d in documents if d.doc_hash != hostile], [e for e in events if e[0] != hostile])
    finally:
        store.close()
    subprocess.run([str(ACCORD), "ingest", "--db", str(path), str(SAMPLE), "-q"], check=True, timeout=300,
                   cwd=ROOT)
    return path


def _disjoint(event: dict[str, Any]) -> bool:
    spans = sorted((event[k]["start"], event[k]["end"]) for k in ("source", "trigger", "target") if event.get(k))
    return len(spans) == 3 and all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_screenshots(browser: Browser, tmp_path: Path) -> None:
    out = Path(os.environ.get("ACCORD_SCREENSHOT_DIR", ROOT / "docs" / "screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    db = _screenshot_store(tmp_path / "screens.duckdb")
    shots = tmp_path / "shots"
    shots.mkdir()
    with serving_api(db) as base:
        p, watch, context = watched_page(browser)
        try:
            open_view(p, base, "#dyad", "#chart circle.point")
            p.fill("#dyad-source", "USA")
            p.fill("#dyad-target", "CHN")
            p.click("#dyad-add")
            p.wait_for_selector('#chart circle.point[data-dyad="USA-CHN"]')
            series = get_json(base, "/api/dyads/USA/JPN/series")["series"]
            p.click(f'#chart circle.point[data-dyad="USA-JPN"][data-period="{series[-2]["period"]}"]')
            p.wait_for_selector("#top-events li")
            p.mouse.move(5, 790)
            p.screenshot(path=shots / "dashboard-dyad.png")
            go(p, "#network", "#network g.node")
            p.screenshot(path=shots / "dashboard-network.png")
            go(p, "#events", "#events-table tbody tr[data-event-id]")
            p.screenshot(path=shots / "dashboard-events.png")
            sample = next(e for e in get_json(base, "/api/events", limit=100)["events"] if e["doc_id"] == "sample-001")
            doc = get_json(base, f"/api/documents/{sample['doc_hash']}")
            shown = next(e for e in doc["events"] if _disjoint(e))  # three separate highlights
            go(p, f"#doc/{doc['doc_hash']}/{shown['event_id']}", "#doc-text mark.trigger")
            p.screenshot(path=shots / "dashboard-document.png")
        finally:
            context.close()
        watch.assert_clean()
    for name in ("dashboard-dyad.png", "dashboard-network.png", "dashboard-events.png", "dashboard-document.png"):
        data = (shots / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < 300_000, (name, len(data))
        shutil.copyfile(shots / name, out / name)
