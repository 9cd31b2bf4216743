"""Kibitz at size: first pages stay flat from a 20-comment to a 20,000-comment thread among a
million comments, and one event reaches thousands of open streams quickly.

A fresh PostgreSQL database gets N comments by `kibitz dev seed` (default 1,000,000 over 1,000
threads, plus one thread of 20,000 and one of 20), then `kibitz serve` (one process, the page
cache off so every read is a query) is measured:
  first page  GET the first page of the 20- and the 20,000-comment thread: p50, p99, the ratio
  fan-out     K subscribers (default 5,000) hold the big thread's event stream; one POST; the
              time from sending it to the last subscriber receiving its event, and the server's
              RSS before and with the subscribers
Client and server share the machine's cores.

    .venv/bin/python bench/scale.py [--comments 1000000] [--subscribers 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import psutil  # type: ignore[import-untyped, unused-ignore]
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from kibitz.db import make_engine  # noqa: E402
from loadgen import Connection, free_port, measure, process_group, wait_for_http  # noqa: E402
from vs_isso import postgres_database  # noqa: E402

HOT, QUIET = 20_000, 20


def seed(url: str, comments: int, threads: int) -> dict[int, str]:
    """Seed with the CLI; returns {size: thread key} of the hot and the quiet thread."""
    env = {**os.environ, "KIBITZ_DATABASE_URL": url, "KIBITZ_DEMO": "false",
           "KIBITZ_SECRET_KEY": "bench-secret"}  # fmt: skip
    kibitz = str(Path(sys.executable).with_name("kibitz"))
    runs = [(max(1, comments - HOT - QUIET), threads, "seed"), (HOT, 1, "hot"), (QUIET, 1, "quiet")]
    for count, thread_count, site in runs:
        command = [kibitz, "dev", "seed", "--comments", str(count), "--threads",
                   str(thread_count), "--site", site]  # fmt: skip
        subprocess.run(command, env=env, check=True)
    engine = make_engine(url)
    with engine.begin() as connection:
        rows = connection.execute(
            text(
                "SELECT s.key, t.key FROM threads t JOIN sites s ON s.id = t.site_id"
                " WHERE s.key IN ('hot', 'quiet')"
            )
        )
        keys = {site: key for site, key in rows}
        connection.execute(text("ANALYZE"))
    engine.dispose()
    return {HOT: f"hot/{keys['hot']}", QUIET: f"quiet/{keys['quiet']}"}


def comments_path(site_and_thread: str) -> str:
    site, _, thread = site_and_thread.partition("/")
    return f"/api/v1/threads/{site}/{quote(thread, safe='')}"


async def fan_out(port: int, thread: str, subscribers: int) -> tuple[float, int, int]:
    """(seconds from the POST to the last delivery, streams opened, events delivered)."""
    site, _, key = thread.partition("/")
    target = comments_path(thread) + "/events"
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def subscribe() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            writer.close()
            raise RuntimeError(head.decode(errors="replace"))
        await reader.readuntil(b"\n\n")  # `retry:`: subscribed
        streams.append((reader, writer))

    for start in range(0, subscribers, 250):
        batch = min(250, subscribers - start)
        await asyncio.gather(*(subscribe() for _ in range(batch)), return_exceptions=True)
    arrivals: list[float] = []

    async def wait_for_event(reader: asyncio.StreamReader) -> None:
        while b"event: created" not in await reader.readuntil(b"\n\n"):
            continue
        arrivals.append(time.perf_counter())

    waiting = [asyncio.create_task(wait_for_event(reader)) for reader, _ in streams]
    poster = Connection(port)
    sent = time.perf_counter()
    status, _ = await poster.request(
        "POST", "/api/v1/comments",
        {"site": site, "thread": key, "body": "Breaking: the minister has resigned.",
         "author_name": "Desk"},
    )  # fmt: skip
    await poster.close()
    if status != 201:
        raise RuntimeError(f"the POST answered {status}")
    await asyncio.wait(waiting, timeout=30)
    for task in waiting:
        task.cancel()
    for _, writer in streams:
        writer.close()
    last = max(arrivals) - sent if arrivals else float("nan")
    return last, len(streams), len(arrivals)


def raise_fd_limit(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, wanted)) if hard != resource.RLIM_INFINITY else max(soft, wanted)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=1_000)
    parser.add_argument("--subscribers", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=500, help="GETs per first-page scenario")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    # Both ends hold a descriptor per stream; the server inherits the limit set here.
    fd_limit = raise_fd_limit(2 * args.subscribers + 1_000)
    console = Console(width=120)
    with tempfile.TemporaryDirectory(prefix="kibitz-scale-") as tmp, postgres_database() as url:
        started = time.perf_counter()
        threads = seed(url, args.comments, args.threads)
        seeded = time.perf_counter() - started
        console.print(f"seeded {args.comments:,} comments in {seeded:.0f} s")
        port = free_port()
        env = {**os.environ, "KIBITZ_DATABASE_URL": url, "KIBITZ_DEMO": "false",
               "KIBITZ_SECRET_KEY": "bench-secret", "KIBITZ_CACHE_SECONDS": "0",
               "KIBITZ_RATE_LIMITS": "false", "KIBITZ_NEW_READER_RATE_LIMIT": "off",
               "KIBITZ_LOG_LEVEL": "warning", "KIBITZ_REDIS_URL": ""}  # fmt: skip
        command = [str(Path(sys.executable).with_name("kibitz")), "serve", "--port", str(port)]
        with process_group(command, env, Path(tmp), Path(tmp) / "kibitz.log") as server:
            wait_for_http(port, "/api/v1/health", server, 120)
            pages = {}
            for size, thread in threads.items():
                path = comments_path(thread) + "/comments"

                async def page(
                    connection: Connection, n: int, path: str = path
                ) -> tuple[int, bool]:
                    status, _ = await connection.request("GET", path)
                    return 1, status == 200

                pages[size] = asyncio.run(
                    measure(f"{size}", port, page, args.requests, args.concurrency)
                )
            rss_before = psutil.Process(server.pid).memory_info().rss
            last, opened, delivered = asyncio.run(fan_out(port, threads[HOT], args.subscribers))
            rss_with = psutil.Process(server.pid).memory_info().rss
    table = Table(title=f"First page, {args.comments:,} comments in PostgreSQL, cache off, "
                        f"{args.concurrency} clients")  # fmt: skip
    for column in ("thread", "req/s", "p50 ms", "p99 ms", "errors"):
        table.add_column(column, justify="left" if column == "thread" else "right")
    for size, result in pages.items():
        table.add_row(f"{size:,} comments", f"{result.rps:.0f}", f"{result.percentile(0.5):.1f}",
                      f"{result.percentile(0.99):.1f}", str(result.errors))  # fmt: skip
    console.print(table)
    flat = pages[HOT].percentile(0.99) / pages[QUIET].percentile(0.99)
    console.print(f"flatness (p99 20,000 / p99 20): {flat:.2f}")
    console.print(
        f"fan-out: {opened:,} of {args.subscribers:,} streams open (fd limit {fd_limit}), "
        f"{delivered:,} delivered, POST to last delivery {last * 1000:.0f} ms; server RSS "
        f"{rss_before / 2**20:.0f} MiB idle, {rss_with / 2**20:.0f} MiB with the streams"
    )


if __name__ == "__main__":
    main()
