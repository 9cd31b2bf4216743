"""Real processes for the reliability tests: `kibitz serve` in a subprocess, a PostgreSQL
database of its own (created and dropped here), and a private `redis-server` on a free port.

Nothing here touches the machine's shared services beyond creating and dropping one database:
the Redis these tests kill is their own, and PostgreSQL is made unavailable to one database
only (`ALLOW_CONNECTIONS false`), never restarted."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from kibitz.db import make_engine, make_session_factory, transaction, upgrade
from kibitz.sites import service as sites_service
from tests.conftest import POSTGRES_URL, TEST_SECRET

T = TypeVar("T")

SITE = "reliable"
START_SECONDS = 60  # two workers each load the moderation model on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def admin_dsn() -> str:
    return make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)


def admin_execute(sql: str) -> None:
    with psycopg.connect(admin_dsn(), autocommit=True, connect_timeout=3) as admin:
        admin.execute(sql.encode())  # our own fixed statements


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, migrated database with the test site; dropped (forcibly) at the end."""
    name = f"kibitz_reliability_{uuid.uuid4().hex[:10]}"
    try:
        admin_execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is unreachable at {POSTGRES_URL}: {exc}")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    try:
        upgrade(url)
        engine = make_engine(url)
        with transaction(make_session_factory(engine)) as session:
            sites_service.create(session, key=SITE)
        engine.dispose()
        yield url
    finally:
        admin_execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str) -> str:
    name = make_url(url).database
    assert name
    return name


def block_database(name: str) -> None:
    """The database refuses new connections and loses its open ones, as when it restarts."""
    admin_execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    admin_execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def allow_database(name: str) -> None:
    admin_execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    def workers(self) -> list[int]:
        """Pids of the processes serving requests (not multiprocessing's helpers), from /proc."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [
            int(child)
            for child in children
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
        ]


@contextmanager
def kibitz_serve(
    database_url: str, workdir: Path, *, workers: int = 1, redis_url: str = "", **env: str
) -> Iterator[Server]:
    """`kibitz serve` in its own process group on a free port; every process stopped at the end."""
    port = free_port()
    environment = {
        **os.environ,
        "KIBITZ_DATABASE_URL": database_url,
        "KIBITZ_SECRET_KEY": TEST_SECRET,
        "KIBITZ_DEMO": "false",
        "KIBITZ_REDIS_URL": redis_url,
        "KIBITZ_RATE_LIMITS": "false",
        "KIBITZ_DUPLICATE_WINDOW_SECONDS": "0",
        "KIBITZ_NEW_READER_RATE_LIMIT": "off",
        "KIBITZ_LOG_LEVEL": "warning",
        "KIBITZ_HEARTBEAT_SECONDS": "1",
        **env,
    }
    kibitz = str(Path(sys.executable).with_name("kibitz"))
    command = [kibitz, "serve", "--port", str(port), "--workers", str(workers)]
    with (workdir / "server.log").open("wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            command,
            env=environment,
            cwd=workdir,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(base, process), START_SECONDS, "the server did not start")
        yield Server(process, base)
    finally:
        _stop_group(process)


def _healthy(base: str, process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, "the server exited"
    try:
        return httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    # Workers outlive a supervisor killed by the signal above only in their own group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


class RedisServer:
    """A private `redis-server` (no persistence) on a port of its own: it may be killed."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._workdir = workdir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self._process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self._workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._answers, 10, "redis-server did not start")

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=5)
        self._process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def wait_until(check: Any, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


# Plain texts the moderation model publishes (one reader repeating a text reads as spam, so each
# post of a test takes the next). `confirm` stores a text even if a retrained model nudges it
# (it then waits for review), so a 422 never reads as an outage.
PLAIN_TEXTS = (
    "Thanks for the clear reporting on the council budget and the new library.",
    "The new library opening hours look sensible to me.",
    "I read the whole budget report and the figures add up.",
    "Good to see the bus timetable finally published in full.",
)


def comment_payload(n: int, thread: str = "breaking/story") -> dict[str, Any]:
    return {
        "site": SITE,
        "thread": thread,
        "body": PLAIN_TEXTS[n % len(PLAIN_TEXTS)],
        "author_name": f"Reader {n}",
        "confirm": True,
    }


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on a thread of its own: Playwright's sync API (the browser tests sharing
    this pytest worker) keeps an event loop running on the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
