"""Kibitz against Isso on loopback, same threads, same load, same run.

Isso (PyPI `isso` with `gunicorn`, 4 sync workers, SQLite) is installed into its own virtual
environment under /tmp; Kibitz runs `kibitz serve --workers 4` on a fresh PostgreSQL database with
a private Redis. Both get one thread of 2,000 comments with replies and a hundred of 20 (Isso's
schema is written directly; its replies nest one level, so a reply's parent is its top-level
comment). At 8 and 32 concurrent clients each measures:
  page   GET 20 top-level comments (with replies) of the big thread
  walk   the whole big thread: Isso in one request (it has no cursors), Kibitz page by cursor
  post   POST a comment to the small threads (Kibitz: full moderation; rate limits, the
         duplicate window and Isso's guard off)
and prints req/s, p50/p99, errors, peak RSS of each server's process tree, and Kibitz/Isso ratios.

    .venv/bin/python bench/vs_isso.py [--requests 1000] [--walks 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
import thread as thread_bench  # noqa: E402
from kibitz.db import make_engine  # noqa: E402
from loadgen import (  # noqa: E402
    Connection,
    PeakRss,
    Result,
    Work,
    free_port,
    measure,
    private_redis,
    process_group,
    wait_for_http,
)

ISSO_VENV = Path("/tmp/kibitz-isso-venv")
POSTGRES = os.environ.get(
    "KIBITZ_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BIG = thread_bench.BIG_THREAD
SMALL = thread_bench.SMALL_THREADS


def ensure_isso(venv: Path) -> None:
    if (venv / "bin" / "gunicorn").exists() and (venv / "bin" / "isso").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "isso", "gunicorn"]
    subprocess.run(pip, check=True)


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"kibitz_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(POSTGRES).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(False), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"'.encode())
        try:
            yield make_url(POSTGRES).set(database=name).render_as_string(False)
        finally:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def seed_kibitz(url: str) -> None:
    thread_bench.seed(url)  # explicit ids: move the sequence past them
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence('comments', 'id'), max(id)) FROM comments")
        )
    engine.dispose()


ISSO_CONFIG = """[general]
dbpath = {db}
host = http://127.0.0.1:{port}/
[moderation]
enabled = false
[guard]
enabled = false
[server]
listen = http://127.0.0.1:{port}/
"""


def seed_isso(venv: Path, config: Path, db: Path) -> None:
    """Isso makes its schema; the rows are written straight into its SQLite database."""
    make_schema = (
        "import sys; from isso import config; from isso.db import SQLite3;"
        "conf = config.load(config.default_file(), sys.argv[1]);"
        "SQLite3(conf.get('general', 'dbpath'), conf)"
    )
    subprocess.run([str(venv / "bin" / "python"), "-c", make_schema, str(config)], check=True)
    rng = random.Random(7)
    threads = [("/" + BIG, thread_bench.BIG_SIZE, thread_bench.BIG_ROOTS)]
    threads += [(f"/small/{n}", thread_bench.SMALL_SIZE, thread_bench.SMALL_SIZE // 2)
                for n in range(SMALL)]  # fmt: skip
    next_id = 1
    created = time.time() - 86_400
    with sqlite3.connect(db) as connection:
        for tid, (uri, size, roots) in enumerate(threads, start=1):
            connection.execute("INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)",
                               (tid, uri, uri))  # fmt: skip
            rows, next_id = thread_bench._thread_rows(tid, size, roots, next_id, rng)
            connection.executemany(
                "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr,"
                " text, author, email, website, likes, dislikes, voters, notification)"
                " VALUES (?, ?, ?, ?, NULL, 1, '127.0.0.0', ?, ?, NULL, NULL, ?, ?, ?, 0)",
                [
                    (tid, row["id"], row["root_id"] or row["parent_id"], created + n,
                     row["body"], row["author_name"], row["upvotes"], row["downvotes"],
                     bytes(256))
                    for n, row in enumerate(rows)
                ],
            )  # fmt: skip


def body(n: int) -> str:
    return f"Benchmark comment {n}: {thread_bench.SENTENCES[n % len(thread_bench.SENTENCES)]}"


def isso_work() -> dict[str, Work]:
    big = quote("/" + BIG, safe="")

    async def page(connection: Connection, n: int) -> tuple[int, bool]:
        status, _ = await connection.request("GET", f"/?uri={big}&limit=20")
        return 1, status == 200

    async def walk(connection: Connection, n: int) -> tuple[int, bool]:
        status, content = await connection.request("GET", f"/?uri={big}")
        return 1, status == 200 and json.loads(content)["total_replies"] > 0

    async def post(connection: Connection, n: int) -> tuple[int, bool]:
        uri = quote(f"/small/{n % SMALL}", safe="")
        payload = {"text": body(n), "author": "Bench"}
        status, _ = await connection.request("POST", f"/new?uri={uri}", payload)
        return 1, status == 201

    return {"page": page, "walk": walk, "post": post}


def kibitz_work() -> dict[str, Work]:
    big = f"/api/v1/threads/{thread_bench.SITE}/{quote(BIG, safe='')}/comments"

    async def page(connection: Connection, n: int) -> tuple[int, bool]:
        status, _ = await connection.request("GET", big)
        return 1, status == 200

    async def walk(connection: Connection, n: int) -> tuple[int, bool]:
        cursor: str | None = None
        made, seen = 0, 0
        while True:
            target = big + (f"?cursor={quote(cursor, safe='')}" if cursor else "")
            status, content = await connection.request("GET", target)
            made += 1
            if status != 200:
                return made, False
            data = json.loads(content)
            seen += _count(data["comments"])
            cursor = data["next_cursor"]
            if cursor is None:
                return made, seen >= thread_bench.BIG_SIZE

    async def post(connection: Connection, n: int) -> tuple[int, bool]:
        # `confirm`: a text the model nudges (422) is posted anyway and held for review, so every
        # POST is judged in full and stored, as every Isso POST is stored.
        payload = {"site": thread_bench.SITE, "thread": f"small/{n % SMALL}", "body": body(n),
                   "author_name": "Bench", "confirm": True}  # fmt: skip
        status, _ = await connection.request("POST", "/api/v1/comments", payload)
        return 1, status == 201

    return {"page": page, "walk": walk, "post": post}


def _count(comments: list[dict[str, Any]]) -> int:
    return sum(1 + _count(comment.get("replies") or []) for comment in comments)


async def run_side(
    port: int, work: dict[str, Work], requests: int, walks: int
) -> dict[tuple[str, int], Result]:
    results = {}
    for concurrency in (8, 32):
        for name, unit in work.items():
            count = walks if name == "walk" else requests // 2 if name == "post" else requests
            results[name, concurrency] = await measure(name, port, unit, count, concurrency)
    return results


def report(
    isso: dict[tuple[str, int], Result], kibitz: dict[tuple[str, int], Result], rss: dict[str, int]
) -> None:
    table = Table(title="Kibitz vs Isso, loopback, same machine, same run")
    for column in ("scenario", "clients", "server", "units", "req/s", "p50 ms", "p99 ms",
                   "errors", "Kibitz/Isso"):  # fmt: skip
        table.add_column(column, justify="left" if column in ("scenario", "server") else "right")
    for key in isso:
        name, concurrency = key
        label = {"page": "GET 20-comment page", "walk": "whole 2,000-comment thread",
                 "post": "POST comment"}[name]  # fmt: skip
        for server, result in (("Isso", isso[key]), ("Kibitz", kibitz[key])):
            rate = result.rps  # units (page, walk, post) per second
            ratio = f"{kibitz[key].rps / isso[key].rps:.1f}x" if server == "Kibitz" else ""
            reqs = result.extra["requests"] / result.seconds
            table.add_row(
                label, str(concurrency), server, str(result.count),
                f"{rate:.1f}" + (f" ({reqs:.1f} http)" if name == "walk" else ""),
                f"{result.percentile(0.5):.1f}", f"{result.percentile(0.99):.1f}",
                str(result.errors), ratio,
            )  # fmt: skip
    console = Console(width=150)
    console.print(table)
    console.print(
        f"peak RSS of the process trees: Isso {rss['isso'] / 2**20:.0f} MiB, "
        f"Kibitz {rss['kibitz'] / 2**20:.0f} MiB (Kibitz/Isso {rss['kibitz'] / rss['isso']:.1f}x)"
    )
    per_page = kibitz["page", 32]
    walk = kibitz["walk", 32]
    console.print(
        f"Kibitz at 32 clients: first page {1000 / per_page.rps:.2f} ms of server time per page; "
        f"walk {1000 * walk.seconds / walk.extra['requests']:.2f} ms per page "
        f"({1000 * walk.seconds / (walk.count * thread_bench.BIG_SIZE):.3f} ms per comment)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="GETs per page scenario")
    parser.add_argument("--walks", type=int, default=20, help="whole-thread walks per scenario")
    parser.add_argument("--isso-venv", type=Path, default=ISSO_VENV)
    args = parser.parse_args()
    ensure_isso(args.isso_venv)
    console = Console()
    with tempfile.TemporaryDirectory(prefix="kibitz-vs-isso-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        isso_port, kibitz_port = free_port(), free_port()
        config = work / "isso.cfg"
        config.write_text(ISSO_CONFIG.format(db=work / "isso.db", port=isso_port))
        seed_isso(args.isso_venv, config, work / "isso.db")
        url = stack.enter_context(postgres_database())
        seed_kibitz(url)
        redis_url = stack.enter_context(private_redis(work))
        console.print("seeded both; starting the servers")
        isso_env = {**os.environ, "ISSO_SETTINGS": str(config)}
        isso = stack.enter_context(process_group(
            [str(args.isso_venv / "bin" / "gunicorn"), "-w", "4", "-b", f"127.0.0.1:{isso_port}",
             "--log-level", "warning", "isso.run"], isso_env, work, work / "isso.log"))  # fmt: skip
        kibitz_env = {**os.environ, "KIBITZ_DATABASE_URL": url, "KIBITZ_REDIS_URL": redis_url,
                      "KIBITZ_SECRET_KEY": "bench-secret", "KIBITZ_DEMO": "false",
                      "KIBITZ_RATE_LIMITS": "false", "KIBITZ_DUPLICATE_WINDOW_SECONDS": "0",
                      "KIBITZ_NEW_READER_RATE_LIMIT": "off",
                      "KIBITZ_LOG_LEVEL": "warning"}  # fmt: skip
        kibitz = stack.enter_context(process_group(
            [str(Path(sys.executable).with_name("kibitz")), "serve", "--workers", "4",
             "--port", str(kibitz_port)], kibitz_env, work, work / "kibitz.log"))  # fmt: skip
        wait_for_http(isso_port, "/info", isso, 60)
        wait_for_http(kibitz_port, "/api/v1/health", kibitz, 120)
        isso_rss, kibitz_rss = PeakRss(isso.pid), PeakRss(kibitz.pid)
        console.print("measuring Isso")
        isso_results = asyncio.run(run_side(isso_port, isso_work(), args.requests, args.walks))
        console.print("measuring Kibitz")
        kibitz_results = asyncio.run(
            run_side(kibitz_port, kibitz_work(), args.requests, args.walks)
        )
        rss = {"isso": isso_rss.stop(), "kibitz": kibitz_rss.stop()}
    report(isso_results, kibitz_results, rss)


if __name__ == "__main__":
    main()
