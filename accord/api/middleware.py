"""Two small ASGI middlewares: a request body limit and security headers on every response."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The dashboard is index.html + app.js + style.css, all from this server: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((n, v) for n, v in SECURITY_HEADERS if n not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(HTTPException):
    """Raised by ``receive`` mid-body. An HTTPException, so that FastAPI's body parsing passes it on (it turns
    other errors into a 400) and its handler answers 413 as JSON; caught here when it gets this far."""

    def __init__(self, max_body: int) -> None:
        super().__init__(status_code=413, detail=f"request body over {max_body} bytes")


class BodyLimit:
    """413 for a request body over ``max_body`` bytes: at once when Content-Length says so, else (a chunked
    body) as soon as the bytes read pass the limit, before the application sees the whole body."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.max_body:
                    await self._refuse(send)
                    return
        total = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_body:
                    raise _TooLarge(self.max_body)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": f"request body over {self.max_body} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class ResponseCache:
    """Answers a repeated ``GET /api/...`` from memory. Only for a store nothing can change under the server
    (a DuckDB file it holds read-only: no process can write the file meanwhile), so an answer never goes stale.
    Bounded: ``entries`` answers of ``budget`` bytes in all (least recently used dropped first), each at most
    ``max_bytes``; only 200s."""

    def __init__(self, app: ASGIApp, entries: int = 2048, max_bytes: int = 512 * 1024,
                 budget: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.entries = entries
        self.max_bytes = max_bytes
        self.budget = budget
        self._bytes = 0
        self._cache: OrderedDict[tuple[str, bytes], tuple[list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith("/api/")
                or path == "/api/health"):
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is not None:
            headers, body = hit
            await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        parts: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                size += len(message.get("body", b""))
                if size > self.max_bytes:
                    keep, parts[:] = False, []
                else:
                    parts.append(message.get("body", b""))
                if not message.get("more_body", False) and keep and start is not None:
                    body = b"".join(parts)
                    with self._lock:
                        old = self._cache.pop(key, None)
                        self._bytes -= len(old[1]) if old is not None else 0
                        self._cache[key] = (list(start.get("headers", [])), body)
                        self._bytes += len(body)
                        while len(self._cache) > self.entries or self._bytes > self.budget:
                            _, (_, dropped) = self._cache.popitem(last=False)
                            self._bytes -= len(dropped)
            await send(message)

        await self.app(scope, receive, capture)
