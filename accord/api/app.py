"""The REST API (docs/api.md): JSON under ``/api``, the dashboard at ``/``, OpenAPI at ``/openapi.json``.

Handlers are plain ``def`` functions: Starlette runs them in its worker threads, each with a store connection
of its own (:mod:`accord.api.stores`), so a slow query never holds up the event loop. Without a token the
store is opened read-only and the POST endpoints answer 403; with one, they ingest (one at a time, the coder
loaded once, on first use) and ask for ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

import orjson
from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from accord.api import models as m
from accord.api.ingest import Ingestor
from accord.api.middleware import SECURITY_HEADERS, BodyLimit, ResponseCache, SecurityHeaders
from accord.api.stores import NeedsSQL, StoreProvider
from accord.store import EventFilter, Store

log = logging.getLogger("accord.api")

DEFAULT_MAX_BODY = 1_048_576
MAX_LIMIT = 1000
CODE_PATTERN = r"^[A-Za-z0-9]{2,12}$"  # an actor or country code: USA, USAGOV, IGOUNO ...
CAMEO_PATTERN = r"^\d{2,4}$"  # a CAMEO code (051) or its two-digit root (05)
ISSUE_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,39}$"
DYAD_PATTERN = r"^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$"
HASH_PATTERN = r"^[0-9a-fA-F]{64}$"
MAX_DYADS = 12
WORKER_THREADS = max(4, 2 * (os.cpu_count() or 1))  # handlers running at once (each with its own connection)
SERVE_SETTINGS = "ACCORD_SERVE_SETTINGS"  # how `accord serve --workers N` passes its options to its processes

Code = Annotated[str | None, Query(pattern=CODE_PATTERN, description="Actor or country code; a three-letter "
                                   "country code matches all its actors (USA matches USAGOV, USAMIL ...).")]
Start = Annotated[m.Day | None, Query(description="First day, YYYY-MM-DD, inclusive.")]
End = Annotated[m.Day | None, Query(description="Last day, YYYY-MM-DD, inclusive.")]
Issue = Annotated[str | None, Query(pattern=ISSUE_PATTERN, description="Issue tag (TRADE, SANCTIONS ...).")]
Freq = Annotated[Literal["day", "week", "month"], Query(description="Period of the series.")]


class FastJSON(JSONResponse):
    """JSON by orjson: a series of 120 months encodes in a tenth of the standard library's time (per request
    CPU is what bounds the server under load, docs/api.md). Same JSON values; a NaN (which json.dumps refuses
    here) would become null."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


async def event_filter(source: Code = None, target: Code = None, country: Code = None,
                 code: Annotated[str | None, Query(pattern=CAMEO_PATTERN, description="CAMEO code or root.")] = None,
                 quad_class: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1-4.")] = None,
                 issue: Issue = None, start: Start = None, end: End = None) -> EventFilter:
    """The filters of ``accord events``, checked (422 otherwise) before any query is made."""
    return EventFilter(source=_upper(source), target=_upper(target), country=_upper(country), code=code,
                       quad_class=quad_class, issue=_upper(issue), start=start, end=end)


Filters = Annotated[EventFilter, Depends(event_filter)]


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def create_app(store_url: str | None, *, token: str | None = None, cors_origins: Sequence[str] = (),
               max_body: int = DEFAULT_MAX_BODY, event_index: str | None = None) -> FastAPI:
    """The API over the store at ``store_url`` (a DuckDB file or a postgresql:// URL; None: ./accord.duckdb),
    opened now (an error here means the store cannot be opened). Read-only unless ``token`` is given.
    ``event_index``: the directory another process builds the event index of a read-only DuckDB store in
    (accord.api.stores); without it the app builds its own."""
    from accord.web import INDEX_HTML, STATIC_DIR

    stores = StoreProvider(store_url, read_only=not token, event_index=event_index)
    ingestor = Ingestor() if token else None
    expected = token.encode("utf-8") if token else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # Starlette's default of 40 threads lets 40 queries share the cores at once: on 2 cores, with 50
        # clients, 4 threads gave the same throughput and a shorter tail (series p95 1,134 -> 886 ms).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        stores.start()
        yield
        stores.close()

    app = FastAPI(title="accord", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Political event data coded from news text: events, dyad series with the "
                              "cooperation-conflict index, the event network and the documents behind them.")
    app.state.stores = stores

    def store() -> Store:  # called in the handler's own worker thread: its connection (never a dependency's)
        return stores.get()

    async def answer(compute: Callable[[Store], Any]) -> Any:
        """``compute(store)``: in the event loop when the in-memory aggregate answers it (no database call, about
        a millisecond: a hop to a worker thread and back costs more, and under load the threads contend for the
        GIL), else on a worker thread with that thread's connection. Only for computations that short."""
        memory = stores.memory()
        if memory is not None:
            try:
                return compute(memory)
            except NeedsSQL:  # reads only: nothing was changed on the way
                pass
        return await run_in_threadpool(lambda: compute(store()))

    # ---- errors: JSON, never a traceback -----------------------------------------------------------------------
    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> FastJSON:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        # answered by Starlette's outermost middleware, outside SecurityHeaders: the headers are set here
        return FastJSON({"detail": "internal error"}, status_code=500,
                            headers={k.decode(): v.decode() for k, v in SECURITY_HEADERS})

    # ---- the dashboard ---------------------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        if not INDEX_HTML.is_file():
            raise HTTPException(404, "the dashboard is not installed (accord/web/static/index.html)")
        return FileResponse(INDEX_HTML, media_type="text/html", headers={"Cache-Control": "no-cache"})

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    # ---- reading -----------------------------------------------------------------------------------------------
    errors: dict[int | str, dict[str, Any]] = {422: {"description": "A bad parameter"}}

    @app.get("/api/health", response_model=m.Health, tags=["store"])
    async def health() -> FastJSON:
        return FastJSON({"status": "ok"})

    @app.get("/api/stats", response_model=m.StatsOut, tags=["store"])
    async def stats() -> FastJSON:
        return FastJSON(await answer(lambda db: db.stats().to_dict()))

    @app.get("/api/events", response_model=m.EventsPage, tags=["events"], responses=errors)
    async def events(where: Filters,
                     limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 50,
                     offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0) -> Response:
        """Stored events, newest first, and how many match in all."""
        index = stores.event_index()
        found = None if index is None else index.page(where, limit, offset)  # in memory: in the event loop
        if found is not None:  # the records are stored as JSON: the page is joined, not encoded
            records, total = found
            return Response(b'{"events":[%s],"total":%d,"limit":%d,"offset":%d}' % (
                b",".join(records), total, limit, offset), media_type="application/json")

        def page() -> dict[str, Any]:
            db = store()
            return {"events": db.events(where, limit=limit, offset=offset), "total": db.count_events(where),
                    "limit": limit, "offset": offset}

        return FastJSON(await run_in_threadpool(page))

    @app.get("/api/events/top", response_model=m.EventList, tags=["events"], responses=errors)
    def top(where: Filters, limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 10) -> FastJSON:
        """The weightiest events: |goldstein| x num_articles, then newest."""
        from accord.analysis import top_events

        return FastJSON({"events": top_events(store(), where, limit=limit)})

    @app.get("/api/dyads/{source}/{target}/series", response_model=m.DyadSeries, tags=["dyads"], responses=errors)
    async def series(
                     source: Annotated[str, Path(pattern=CODE_PATTERN)],
                     target: Annotated[str, Path(pattern=CODE_PATTERN)],
                     freq: Freq = "month", directed: bool = True, issue: Issue = None, start: Start = None,
                     end: End = None, window: Annotated[int, Query(ge=3, le=240)] = 6) -> FastJSON:
        """SOURCE -> TARGET per period (both directions with directed=false), with its momentum."""
        from accord.analysis import dyad_series, momentum

        source, target = source.upper(), target.upper()
        where = EventFilter(issue=_upper(issue), start=start, end=end)
        rows = await answer(lambda db: dyad_series(db, source, target, freq, directed=directed, where=where))
        return FastJSON({"source": source, "target": target, "freq": freq, "directed": directed,
                         "series": rows, "momentum": momentum(rows, window, freq=freq)})

    @app.get("/api/compare", response_model=m.CompareOut, tags=["dyads"], responses=errors)
    async def compare(
                      dyad: Annotated[list[Annotated[str, Query(pattern=DYAD_PATTERN)]],
                                      Query(min_length=1, max_length=MAX_DYADS,
                                            description="SOURCE-TARGET, repeated: dyad=USA-JPN&dyad=USA-CHN")],
                      freq: Freq = "month", directed: bool = True, issue: Issue = None, start: Start = None,
                      end: End = None, window: Annotated[int, Query(ge=3, le=240)] = 6) -> FastJSON:
        """Several dyads side by side, each with its series and momentum."""
        from accord.analysis import compare as compare_dyads

        pairs = [(pair.split("-")[0].upper(), pair.split("-")[1].upper()) for pair in dyad]
        where = EventFilter(issue=_upper(issue), start=start, end=end)
        # up to 12 series: on a worker thread (the aggregate answers there too), not holding up the event loop
        rows = await run_in_threadpool(lambda: compare_dyads(store(), pairs, freq, directed=directed, where=where,
                                                             window=window))
        return FastJSON({"dyads": rows})

    @app.get("/api/documents/{doc_hash}", response_model=m.DocumentOut, tags=["documents"],
             responses={404: {"description": "No such document", "model": m.ErrorOut}, **errors})
    def document(doc_hash: Annotated[str, Path(pattern=HASH_PATTERN)]) -> FastJSON:
        """The document and the evidence of every event it reports (offsets into its text)."""
        from accord.analysis import document_view

        view = document_view(store(), doc_hash.lower())
        if view is None:
            raise HTTPException(404, "no such document")
        return FastJSON(view)

    @app.get("/api/actors", response_model=m.ActorsOut, tags=["actors"], responses=errors)
    def actors(where: Filters, limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100) -> FastJSON:
        """Actors by events, either side counted, most first."""
        from accord.analysis import actors as top_actors

        return FastJSON({"actors": top_actors(store(), where, limit=limit)})

    @app.get("/api/network", response_model=m.NetworkOut, tags=["actors"], responses=errors)
    async def network(where: Filters, level: Literal["country", "actor"] = "country",
                      min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                      limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200) -> FastJSON:
        """Directed edges between countries (or actors), the heaviest ``limit``."""
        from accord.analysis import network as event_network

        # sums over every pair of the aggregate (~5 ms on a million events): on a worker thread, not holding up
        # the event loop (inline, the 50-client p95 of every endpoint suffered)
        return FastJSON(await run_in_threadpool(lambda: event_network(store(), where, level=level,
                                                                      min_events=min_events, limit=limit)))

    # ---- writing -----------------------------------------------------------------------------------------------
    async def authorized(authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None) -> None:
        if expected is None:
            raise HTTPException(403, "ingest is disabled: this server has no token (set ACCORD_API_TOKEN and "
                                     "restart accord serve)")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), expected):
            raise HTTPException(401, "a valid Authorization: Bearer token is required",
                                headers={"WWW-Authenticate": "Bearer"})

    writes: dict[int | str, dict[str, Any]] = {
        401: {"description": "No token, or a wrong one", "model": m.ErrorOut},
        403: {"description": "The server takes no documents (no token configured)", "model": m.ErrorOut},
        413: {"description": "Request body over the limit", "model": m.ErrorOut}, **errors}

    @app.post("/api/documents", response_model=m.IngestOut, tags=["documents"], responses=writes,
              dependencies=[Depends(authorized)])
    def post_document(document: m.DocumentIn) -> FastJSON:
        """Code one document and store it (exactly once: a document already stored adds nothing)."""
        assert ingestor is not None
        return FastJSON(ingestor.ingest(store(), [document.model_dump(exclude_none=True)]))

    @app.post("/api/documents/batch", response_model=m.IngestOut, tags=["documents"], responses=writes,
              dependencies=[Depends(authorized)])
    def post_batch(batch: m.BatchIn) -> FastJSON:
        """Code and store up to 1000 documents in one call."""
        assert ingestor is not None
        return FastJSON(ingestor.ingest(store(), [d.model_dump(exclude_none=True) for d in batch.documents]))

    # ---- middleware (the last added runs first) ---------------------------------------------------------------
    if not token and stores.url.startswith("duckdb://"):  # nothing can change the file while the server holds it
        app.add_middleware(ResponseCache)
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app of one process of ``accord serve --workers N`` (uvicorn imports it there by name): its settings
    come as JSON in ``ACCORD_SERVE_SETTINGS``, the token from the environment variable they name."""
    settings = json.loads(os.environ[SERVE_SETTINGS])
    token = os.environ.get(settings["token_env"]) or None
    return create_app(settings["db"], token=token, cors_origins=tuple(settings["cors"]),
                      max_body=int(settings["max_body"]), event_index=settings.get("event_index"))


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("accord")
    except Exception:  # not installed as a package (a source checkout on sys.path)
        return "0"
