"""``accord serve``: the REST API and the dashboard (docs/api.md) on 127.0.0.1 unless told otherwise.

The server holds its store for as long as it runs. A DuckDB file is opened read-only when no token is set
(other processes may then read the file, but none can write it: stop the server to ingest from the command
line, or give it a token and POST documents), and read/write with a token (no other process can open it at
all). A PostgreSQL store is shared as usual.

``--workers N`` runs N server processes on the one listening socket (uvicorn's supervisor starts them, and
starts a new one when one dies): one Python process uses one core however many threads it has. The default
uses every core (at most 4) where several processes can hold the store, a read-only DuckDB file or
PostgreSQL without a token; with a token a DuckDB file has one writer, so one process. For a read-only DuckDB
file the parent process builds the event index that answers ``/api/events`` (accord.store.event_index) once,
in a temporary directory that its processes map as soon as it is complete and that is removed when it stops.
"""

from __future__ import annotations

import json
import os
import signal
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
    workers: int = typer.Option(0, "--workers", min=0, max=64,
                                help="Server processes (0: one per core, at most 4, where the store allows "
                                     "several; a DuckDB file with a token allows one)."),
) -> None:
    """Serve the REST API (/api, /openapi.json) and the dashboard (/) until interrupted."""
    import uvicorn

    from accord.api import create_app
    from accord.api.app import SERVE_SETTINGS

    path = _duckdb_path(db)
    if path is not None and not Path(path).exists():
        err(f"accord serve: no store at {path} (accord ingest creates it)")
        raise typer.Exit(2)
    token = os.environ.get(token_env) or None
    if token and path is not None and workers > 1:
        err("accord serve: a DuckDB file taking POSTs (a token is set) is written by one process: use "
            "--workers 1, or PostgreSQL")
        raise typer.Exit(2)
    if workers == 0:
        workers = 1 if token else min(4, os.cpu_count() or 1)
    try:
        sock = _listen(host, port)
    except OSError as exc:
        err(f"accord serve: cannot listen on {host}:{port}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    # a read-only DuckDB file cannot change while served: its event index is built once, here (see above)
    index = _index_build(db) if path is not None and not token else None
    index_dir = str(index.directory) if index is not None else None
    try:
        app = create_app(db, token=token, cors_origins=tuple(cors or ()), max_body=max_body,
                         event_index=index_dir) if workers == 1 else _check_store(db, read_only=not token)
    except Exception as exc:  # a locked, corrupt or outdated file, an unreachable server: one line
        sock.close()
        if index is not None:
            index.stop()
        err(f"accord serve: cannot open the store {redact(db or './accord.duckdb')}: {one_line(exc)}")
        raise typer.Exit(2) from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    announce = f"accord: dashboard at http://{shown}:{bound_port}/"
    options = dict(log_level="warning", access_log=False, server_header=False, proxy_headers=False,
                   timeout_graceful_shutdown=5)
    if not token:
        err(f"accord serve: read-only ({token_env} is not set: POST /api/documents answers 403)")
    try:
        if index is not None:
            index.start()
        if workers == 1:
            # uvicorn stops on SIGTERM, then raises it again as it returns: with the default action the process
            # would die there, before the index's directory is removed below
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
            _announcing_server(uvicorn.Config(app, **options), announce).run(sockets=[sock])
        else:
            os.environ[SERVE_SETTINGS] = json.dumps({"db": db, "token_env": token_env, "cors": list(cors or ()),
                                                     "max_body": max_body, "event_index": index_dir})
            config = uvicorn.Config("accord.api.app:app_from_environment", factory=True, workers=workers,
                                    **options)
            _announcing_supervisor(config, [sock], announce).run()
    finally:
        sock.close()
        if index is not None:
            index.stop()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # the status a shell reports for a process ended by the signal


START_TIMEOUT = 60.0  # seconds a server process may take to start before the address is printed anyway


def _check_store(db: str | None, *, read_only: bool) -> None:
    """Opens and closes the store: an error here is one line before any server process starts."""
    from accord.store import open_store

    open_store(db, read_only=read_only).close()


def _index_build(db: str | None):  # noqa: ANN202 - an IndexBuild, imported here
    """The event index of a read-only DuckDB file, built once in a process of its own while the server
    processes start (they answer from SQL until it is complete), said when it is done."""
    from accord.store.event_index import IndexBuild

    def said(summary: dict) -> None:
        err(f"accord serve: indexed {summary['events']:,} events for /api/events in {summary['seconds']:.1f} s "
            f"({summary['bytes'] / 2**20:.0f} MiB in {build.directory})")

    build = IndexBuild(db, on_built=said)
    return build


def _announcing_supervisor(config, sockets: list[socket.socket], message: str):  # noqa: ANN001, ANN202
    """uvicorn's supervisor of ``config.workers`` processes, printing ``message`` once they all answer."""
    from uvicorn.supervisors import Multiprocess

    class Announcing(Multiprocess):
        def init_processes(self) -> None:
            super().init_processes()
            if all(p.wait_until_ready(START_TIMEOUT, self.should_exit) for p in self.processes):
                err(message)

    return Announcing(config, sockets=sockets)


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
