"""PostgreSQL for the store tests. ``ACCORD_TEST_PG`` (a URL of a server where the user may create databases)
is used when set; otherwise a throwaway cluster is made with the machine's initdb/pg_ctl in a temp dir, on a
free 127.0.0.1 port, and removed at the end. Without PostgreSQL binaries the PostgreSQL tests skip, unless
``ACCORD_REQUIRE_PG=1`` (CI), where they fail.

Fixtures: ``postgres_server`` (session: the server's admin URL), ``postgres_url`` (a fresh database per test)
and ``store_url`` (parametrised: a DuckDB file in tmp_path, then a fresh PostgreSQL database)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest


def _bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing(reason: str) -> None:
    if os.environ.get("ACCORD_REQUIRE_PG") == "1":
        pytest.fail(f"ACCORD_REQUIRE_PG=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    if os.environ.get("ACCORD_TEST_PG"):
        yield os.environ["ACCORD_TEST_PG"]
        return
    bindir = _bindir()
    if bindir is None:
        _missing("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    assert bindir is not None
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the postgres user
        if shutil.which("runuser") is None:
            _missing("running as root without runuser")
        prefix = ["runuser", "-u", "postgres", "--"]
    home = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    if prefix:
        shutil.chown(home, "postgres")
    data, port = home / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync")
        # durability settings off: a test cluster is thrown away anyway, and they make it much faster
        options = (f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "-t", "60",
            "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(home, ignore_errors=True)
        _missing(f"could not start a test PostgreSQL: {exc.stderr or exc.stdout}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the test server, dropped after the test."""
    import psycopg

    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # name is ours, not user input
    url = urlsplit(postgres_server)._replace(path=f"/{name}").geturl()
    try:
        yield url
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on both backends: a DuckDB file, then a fresh PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "accord.duckdb")
    return request.getfixturevalue("postgres_url")
