"""Thread benchmark: a real server over loopback, 32 concurrent clients, fresh SQLite.

Seeds one thread of 2,000 comments (replies down to depth 4) and 100 threads of 20, starts uvicorn
in a subprocess, then measures for a bounded number of requests each:
  baseline  GET /api/v1/health (a trivial request on the same server, same run)
  big page  GET the first page of the 2,000-comment thread (20 roots with their replies)
  small     GET the first page of one of the 100 small threads
  post      POST a comment (half of them replies) to the small threads
and prints req/s, p50 and p99 latency, errors, and each figure as a ratio to the baseline, which
is what compares across machines. Client and server share the machine's cores; the clients are
raw asyncio HTTP/1.1 connections (bench/loadgen.py), so they cost the server's cores little.

    .venv/bin/python bench/thread.py [--requests 2000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))
from kibitz.comments.models import Comment, Thread
from kibitz.comments.render import render_markdown
from kibitz.db import make_engine, make_session_factory, transaction, upgrade
from kibitz.sites import service as sites_service
from loadgen import Connection, Result, Work, measure  # noqa: E402

SITE = "bench"
BIG_THREAD = "world/2026/11/big-thread"
BIG_SIZE = 2_000
BIG_ROOTS = 400
MAX_DEPTH = 4
SMALL_THREADS = 100
SMALL_SIZE = 20
SENTENCES = (
    "The strikes hit weapons depots and a command post, officials said.",
    "I hope the *three wounded troops* recover quickly.",
    "Does anyone know whether Baghdad was told beforehand?",
    "See [the statement](https://example.org/statement) for the details.",
    "> deterrence only works if it is credible\n\nAgreed, but at what cost?",
)


def seed(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(7)
    with transaction(make_session_factory(engine)) as session:
        site = sites_service.create(session, key=SITE)
        next_id = 1
        big = Thread(site_id=site.id, key=BIG_THREAD, title="Big thread")
        session.add(big)
        session.flush()
        rows, next_id = _thread_rows(big.id, BIG_SIZE, BIG_ROOTS, next_id, rng)
        for n in range(SMALL_THREADS):
            thread = Thread(site_id=site.id, key=f"small/{n}", title=f"Small {n}")
            session.add(thread)
            session.flush()
            small_rows, next_id = _thread_rows(thread.id, SMALL_SIZE, SMALL_SIZE // 2, next_id, rng)
            rows.extend(small_rows)
        session.execute(insert(Comment), rows)
    engine.dispose()


def _thread_rows(
    thread_id: int, size: int, roots: int, next_id: int, rng: random.Random
) -> tuple[list[dict[str, Any]], int]:
    start = datetime.now(UTC) - timedelta(days=1)
    rows: list[dict[str, Any]] = []
    can_take_replies: list[dict[str, Any]] = []
    for n in range(size):
        parent = rng.choice(can_take_replies) if n >= roots else None
        body = rng.choice(SENTENCES)
        rows.append(
            {
                "id": next_id,
                "thread_id": thread_id,
                "parent_id": parent["id"] if parent else None,
                "root_id": (parent["root_id"] or parent["id"]) if parent else None,
                "depth": parent["depth"] + 1 if parent else 0,
                "author_name": f"Reader {n % 97}",
                "body": body,
                "html": render_markdown(body),
                "status": "published",
                "upvotes": (up := rng.randint(0, 9)),
                "downvotes": (down := rng.randint(0, 3)),
                "score": up - down,
                "created_at": start + timedelta(seconds=n),
            }
        )
        if rows[-1]["depth"] < MAX_DEPTH:
            can_take_replies.append(rows[-1])
        next_id += 1
    return rows, next_id


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **os.environ,
        "KIBITZ_DATABASE_URL": url,
        "KIBITZ_SECRET_KEY": "bench-secret",
        "KIBITZ_DEMO": "false",
        "KIBITZ_RATE_LIMITS": "false",  # the benchmark posts far faster than a reader may
        "KIBITZ_DUPLICATE_WINDOW_SECONDS": "0",
        # The clients keep their reader cookie: one new reader posting 1,000 times would hit the
        # trust-level-0 limit (3 per 10 minutes), which is what made POSTs fail before.
        "KIBITZ_NEW_READER_RATE_LIMIT": "off",
    }
    command = [
        sys.executable, "-m", "uvicorn", "kibitz.web.app:create_app_from_env", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env, cwd=workdir)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return proc, port
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def scenarios() -> dict[str, Work]:
    big = f"/api/v1/threads/{SITE}/{quote(BIG_THREAD, safe='')}/comments"

    def get(path: Callable[[int], str]) -> Work:
        async def work(connection: Connection, n: int) -> tuple[int, bool]:
            status, _ = await connection.request("GET", path(n))
            return 1, status == 200

        return work

    def small(n: int) -> str:
        return f"/api/v1/threads/{SITE}/{quote(f'small/{n % SMALL_THREADS}', safe='')}/comments"

    async def post(connection: Connection, n: int) -> tuple[int, bool]:
        payload: dict[str, Any] = {
            "site": SITE,
            "thread": f"small/{n % SMALL_THREADS}",
            "body": f"Benchmark comment {n}: {SENTENCES[n % len(SENTENCES)]}",
            "author_name": "Bench",
            "confirm": True,  # a nudged text (422) is stored for review: every POST is stored
        }
        status, _ = await connection.request("POST", "/api/v1/comments", payload)
        return 1, status == 201

    return {
        "baseline GET /health": get(lambda n: "/api/v1/health"),
        "GET first page, 2,000-comment thread": get(lambda n: big),
        "GET first page, 20-comment threads": get(small),
        "POST comment": post,
    }


async def run_all(port: int, total: int, concurrency: int) -> list[Result]:
    results = []
    for name, work in scenarios().items():
        count = total // 2 if name.startswith("POST") else total
        results.append(await measure(name, port, work, count, concurrency))
    return results


def report(results: list[Result], concurrency: int) -> None:
    baseline = results[0]
    print(f"\n{concurrency} concurrent clients over loopback, fresh SQLite (WAL), 1 uvicorn worker")
    print(f"{'scenario':40} {'reqs':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
          f" {'x baseline':>10}")  # fmt: skip
    for result in results:
        print(
            f"{result.name:40} {result.count:6d} {result.rps:8.0f} {result.percentile(0.5):8.1f}"
            f" {result.percentile(0.99):8.1f} {result.errors:6d} {result.rps / baseline.rps:10.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per GET scenario")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kibitz-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        seed(url)
        print(f"seeded {BIG_SIZE + SMALL_THREADS * SMALL_SIZE:,} comments in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        proc, port = start_server(url, Path(tmp))
        try:
            results = asyncio.run(run_all(port, args.requests, args.concurrency))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    report(results, args.concurrency)
    if any(result.errors for result in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
