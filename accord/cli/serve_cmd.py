"""``accord serve``: the REST API and the dashboard (docs/api.md) on 127.0.0.1 unless told otherwise.

The server holds its store for as long as it runs. A DuckDB file is opened read-only when no token is set
(other processes may then read the file, but none can write it: stop the server to ingest from the command
line, or give it a token and POST documents), and read/write with a token (no other process can open it at
all). A PostgreSQL store is shared as usual.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import typer

from accord.cli.common import err
from accord.cli.db import DB_HELP, _duckdb_path, one_line, redact


def serve(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
    token_env: str = typer.Option("ACCORD_API_TOKEN", "--token-env",
                                  help="Environment variable holding the token that POSTs must present; when it is "
                                       "unset or empty the server is read-only."),
    cors: list[str] = typer.Option(None, "--cors", help="An origin allowed to call the API from a browser "
                                                        "(repeatable); none by default."),
    max_body: int = typer.Option(1_048_576, "--max-body", min=1, help="Largest request body in bytes."),
) -> None:
    """Serve the REST API (/api, /openapi.json) and the dashboard (/) until interrupted."""
    import uvicorn

    from accord.api import create_app

    path = _duckdb_path(db)
    if path is not None and not Path(path).exists():
        err(f"accord serve: no store at {path} (accord ingest creates it)")
        raise typer.Exit(2)
    token = os.environ.get(token_env) or None
    try:
        sock = _listen(host, port)
    except OSError as exc:
        err(f"accord serve: cannot listen on {host}:{port}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    try:
        app = create_app(db, token=token, cors_origins=tuple(cors or ()), max_body=max_body)
    except Exception as exc:  # a locked, corrupt or outdated file, an unreachable server: one line
        sock.close()
        err(f"accord serve: cannot open the store {redact(db or './accord.duckdb')}: {one_line(exc)}")
        raise typer.Exit(2) from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, proxy_headers=False,
                            timeout_graceful_shutdown=5)
    if not token:
        err(f"accord serve: read-only ({token_env} is not set: POST /api/documents answers 403)")
    server = _announcing_server(config, f"accord: dashboard at http://{shown}:{bound_port}/")
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _announcing_server(config, message: str):  # noqa: ANN001, ANN202 - uvicorn types, imported lazily
    """uvicorn's server, printing ``message`` once it listens."""
    import uvicorn

    class Announcing(uvicorn.Server):
        async def startup(self, sockets=None) -> None:  # noqa: ANN001
            await super().startup(sockets=sockets)
            if self.started:
                err(message)

    return Announcing(config)


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that a taken port is a clear error before anything is loaded."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto named: asyncio sets TCP_NODELAY on accepted connections only when the socket says IPPROTO_TCP; with
    # proto 0, a response written in two parts waits ~40 ms for the client's delayed ACK (Nagle)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock
