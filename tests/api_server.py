"""The real ``accord serve`` for tests: a subprocess on 127.0.0.1 and a free port, over a small deterministic store.

Helpers (the fixtures are registered in tests/conftest.py: just name them as arguments)::

    from tests.api_server import DemoStore, build_demo_store, serving_api, start_api, free_port

- ``build_demo_store(url) -> DemoStore``: fills the store at ``url`` (a DuckDB file path or a postgresql://
  URL) through ``Store.add_batch`` with synthetic documents and events whose trigger/source/target offsets
  point into the document text: USA->JPN over six months (Aug 2025 - Jan 2026, USAGOV/USAMIL/USA actors),
  USA<->CHN both ways over five months, THA->KHM and KHM->THA over four, one story reported by two outlets,
  and one hostile document (``DemoStore.hostile_hash``) whose title and text hold ``<script>alert(1)</script>``,
  ``<img src=x onerror=alert(1)>`` and ``javascript:alert(1)``, with one THA->KHM event (2025-11-20) whose
  source, trigger and target spans are exactly those three strings (``HOSTILE_SCRIPT``, ``HOSTILE_IMG``,
  ``HOSTILE_LINK``). Same input, same store, every time. ``demo_documents()`` gives the same data unwritten:
  (documents, (doc_hash, event record) pairs, the hostile hash).
- ``start_api(db, env=None, args=()) -> ApiProcess``: starts ``.venv/bin/accord serve --db DB --port PORT``
  (plus ``args``, e.g. ``["--cors", "http://x.test"]``) and waits (30 s at most) until ``GET /api/health``
  answers; ``ApiProcess.base_url`` (``http://127.0.0.1:PORT``, no trailing slash), ``.output()`` (what it
  printed so far), ``.stop()``. ``ACCORD_API_TOKEN`` is dropped from the inherited environment: pass it in
  ``env`` to start a server that takes POSTs.
- ``serving_api(db, env=None, args=()) -> contextmanager yielding base_url``: ``start_api`` stopped on exit,
  also when the test fails.
- Fixtures (module scope): ``demo_store`` (the ``DemoStore`` of a DuckDB file built by ``build_demo_store``),
  ``demo_db`` (that file's path) and ``demo_api`` (the base URL of a read-only server over ``demo_db``).
  While a server holds a DuckDB file read-only, other processes may open it read-only too
  (``open_store(path, read_only=True)``), but none can open it to write.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from accord.store import StoredDocument, content_hash, open_store

ROOT = Path(__file__).resolve().parent.parent
ACCORD = ROOT / ".venv" / "bin" / "accord"
START_TIMEOUT = 30.0

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = "javascript:alert(1)"


# ---- the demo store -------------------------------------------------------------------------------------------

@dataclass
class DemoStore:
    url: str
    doc_hashes: list[str] = field(default_factory=list)  # every document, in the order written
    hostile_hash: str = ""
    events: int = 0  # stories written (distinct events)
    mentions: int = 0


_COUNTRY_WORDS = {"USA": "Washington", "USAGOV": "The U.S. government", "USAMIL": "The Pentagon",
                  "JPN": "Japan", "JPNGOV": "Tokyo", "CHN": "China", "CHNGOV": "Beijing", "THA": "Thailand",
                  "THAMIL": "The Thai army", "KHM": "Cambodia", "KHMGOV": "Phnom Penh"}
# (cameo, quad class, goldstein, verb, PLOVER category)
_VERBS = [("051", 1, 3.4, "praised", "AGREE"), ("036", 1, 4.0, "offered talks to", "CONSULT"),
          ("061", 2, 6.4, "signed a trade pact with", "COOPERATE"), ("070", 2, 7.0, "sent aid to", "AID"),
          ("112", 3, -2.0, "accused", "ACCUSE"), ("130", 3, -4.4, "threatened", "THREATEN"),
          ("163", 4, -8.0, "imposed sanctions on", "SANCTION"), ("190", 4, -10.0, "shelled", "ASSAULT")]


def _actor(code: str, text: str, doc: str) -> dict[str, Any]:
    start = doc.index(text)
    return {"code": code, "country": code[:3], "sector": code[3:6] or None, "text": text, "start": start,
            "end": start + len(text), "name": None, "role": None}


def _event(doc: str, sentence: int, sentence_text: str, date: str, source: tuple[str, str], verb: str,
           target: tuple[str, str], cameo: str, quad: int, goldstein: float, plover: str,
           issues: Sequence[str] = ()) -> dict[str, Any]:
    start = doc.index(verb)
    return {"event_id": f"e{sentence}", "doc_id": "demo", "sentence": sentence, "date": date,
            "source": _actor(source[0], source[1], doc), "target": _actor(target[0], target[1], doc),
            "cameo": cameo, "cameo_root": cameo[:2], "cameo_name": verb, "quad_class": quad, "goldstein": goldstein,
            "plover": {"event": plover, "mode": None},
            "trigger": {"text": verb, "start": start, "end": start + len(verb)},
            "negated": False, "modality": "asserted", "location": None, "issues": list(issues), "attributes": {},
            "text": sentence_text, "coder": "accord demo"}


def _plan() -> list[tuple[str, str, str, str]]:
    """(date, source code, target code, outlet) of each ordinary demo document: one event each, the verb
    cycling through the quad classes so that every month has cooperation and conflict."""
    plan: list[tuple[str, str, str, str]] = []
    months = ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
    us = ["USAGOV", "USAMIL", "USA"]
    for m, month in enumerate(months):  # USA -> JPN, three or four a month
        for k in range(3 + m % 2):
            plan.append((f"{month}-{3 + 7 * k:02d}", us[k % 3], "JPNGOV" if k % 2 else "JPN", "Reuters"))
    for m, month in enumerate(months[1:]):  # USA <-> CHN, both ways
        for k in range(2):
            plan.append((f"{month}-{5 + 9 * k:02d}", "USAGOV", "CHNGOV" if k else "CHN", "AP"))
            plan.append((f"{month}-{6 + 9 * k:02d}", "CHNGOV", "USA" if m % 2 else "USAGOV", "Xinhua"))
    for month in months[2:]:  # THA <-> KHM
        plan.append((f"{month}-10", "THAMIL", "KHM", "Bangkok Post"))
        plan.append((f"{month}-12", "KHMGOV", "THA", "Khmer Times"))
    return plan


def demo_documents() -> tuple[list[StoredDocument], list[tuple[str, dict[str, Any]]], str]:
    """The demo store's documents, their (doc_hash, event record) pairs and the hostile document's hash."""
    documents: list[StoredDocument] = []
    events: list[tuple[str, dict[str, Any]]] = []
    for i, (date, src, tgt, outlet) in enumerate(_plan()):
        cameo, quad, goldstein, verb, plover = _VERBS[(i * 3) % len(_VERBS)]
        first = f"{_COUNTRY_WORDS[src]} {verb} {_COUNTRY_WORDS[tgt]} on {date}."
        text = f"{first} Officials said talks would continue. Report number {i}."
        issues = ("TRADE",) if cameo in ("061", "163") else ()
        doc = StoredDocument(doc_hash=content_hash(text), doc_id=f"demo-{i}", text=text, date=date,
                             url=f"https://news.example/{i}", title=f"{src} and {tgt}: {verb}", outlet=outlet,
                             coder_version="accord demo")
        documents.append(doc)
        events.append((doc.doc_hash, _event(text, 0, first, date, (src, _COUNTRY_WORDS[src]), verb,
                                            (tgt, _COUNTRY_WORDS[tgt]), cameo, quad, goldstein, plover, issues)))
    # one story reported by a second outlet: one event, two mentions
    first_doc, first_event = documents[0], events[0][1]
    again = f"{first_event['text']} Another outlet confirmed it."
    echo = StoredDocument(doc_hash=content_hash(again), doc_id="demo-echo", text=again, date=first_doc.date,
                          url="https://other.example/echo", title=first_doc.title, outlet="Kyodo",
                          coder_version="accord demo")
    documents.append(echo)
    src, tgt = first_event["source"], first_event["target"]
    events.append((echo.doc_hash, _event(again, 0, first_event["text"], first_doc.date or "",
                                         (src["code"], src["text"]), first_event["trigger"]["text"],
                                         (tgt["code"], tgt["text"]), first_event["cameo"], first_event["quad_class"],
                                         first_event["goldstein"], first_event["plover"]["event"])))
    # the hostile document
    sentence = f"{HOSTILE_SCRIPT} {HOSTILE_IMG} {HOSTILE_LINK} near the border."
    text = f"{sentence} Thai troops and Cambodian officials met later. <b>bold</b> & \"quotes\"."
    hostile = StoredDocument(doc_hash=content_hash(text), doc_id=f"hostile {HOSTILE_SCRIPT}", text=text,
                             date="2025-11-20", url=HOSTILE_LINK, title=f"{HOSTILE_SCRIPT} Border {HOSTILE_IMG}",
                             outlet=f"{HOSTILE_IMG} Gazette", coder_version="accord demo")
    documents.append(hostile)
    events.append((hostile.doc_hash, _event(text, 0, sentence, "2025-11-20", ("THA", HOSTILE_SCRIPT), HOSTILE_IMG,
                                            ("KHM", HOSTILE_LINK), "190", 4, -10.0, "ASSAULT")))
    return documents, events, hostile.doc_hash


def build_demo_store(url: str | Path) -> DemoStore:
    """Write the demo documents and events into the store at ``url`` (created or migrated as needed)."""
    documents, events, hostile = demo_documents()
    store = open_store(str(url))
    try:
        result = store.add_batch(documents, events)
    finally:
        store.close()
    return DemoStore(url=str(url), doc_hashes=[d.doc_hash for d in documents], hostile_hash=hostile,
                     events=result.events_added, mentions=result.mentions_added)


# ---- the server ---------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ApiProcess:
    """``accord serve`` running in a subprocess; its standard output and error go to a temp file."""

    def __init__(self, db: str | Path, env: Mapping[str, str] | None = None, args: Sequence[str] = (),
                 port: int | None = None) -> None:
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items() if k != "ACCORD_API_TOKEN"}
        environ.update(env or {})
        self._log: IO[bytes] = tempfile.TemporaryFile()
        self.command = [str(ACCORD), "serve", "--db", str(db), "--port", str(self.port), *args]
        self.process = subprocess.Popen(self.command, stdout=self._log, stderr=subprocess.STDOUT, env=environ,
                                        cwd=ROOT, start_new_session=True)

    def output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"accord serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"accord serve did not answer /api/health within {timeout:.0f} s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def start_api(db: str | Path, env: Mapping[str, str] | None = None, args: Sequence[str] = ()) -> ApiProcess:
    """A running server over ``db`` (ready: /api/health answered); stop it with ``.stop()``."""
    server = ApiProcess(db, env, args)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def serving_api(db: str | Path, env: Mapping[str, str] | None = None, args: Sequence[str] = ()) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of a server over ``db`` while the block runs."""
    server = start_api(db, env, args)
    try:
        yield server.base_url
    finally:
        server.stop()


# ---- fixtures -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    """A DuckDB file with the demo data (one per test module)."""
    return build_demo_store(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture(scope="module")
def demo_db(demo_store: DemoStore) -> str:
    """The path of the demo DuckDB file."""
    return demo_store.url


@pytest.fixture(scope="module")
def demo_api(demo_db: str) -> Iterator[str]:
    """The base URL of a read-only ``accord serve`` over the demo store (no token: POSTs answer 403)."""
    with serving_api(demo_db) as url:
        yield url
