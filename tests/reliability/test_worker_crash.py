"""Kill -9 one of two workers in the middle of a write load: every 201 is in the database."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kibitz.comments.models import Comment
from kibitz.db import make_engine
from tests.reliability.support import (
    comment_payload,
    kibitz_serve,
    postgres_database,
    run_coroutine,
)

pytestmark = [pytest.mark.postgres, pytest.mark.reliability, pytest.mark.xdist_group("reliability")]

POSTS = 200
CONCURRENCY = 8
KILL_AFTER = 40  # answers received before one worker is killed


async def _write_load(base: str, kill: asyncio.Event) -> tuple[list[int], int]:
    """POSTs from 8 clients; returns the ids answered 201 and how many requests failed."""
    created: list[int] = []
    failed = 0
    numbers = iter(range(POSTS))
    # A fresh connection per request: the kernel spreads them over both workers.
    async with httpx.AsyncClient(base_url=base, timeout=20, limits=httpx.Limits(
        max_keepalive_connections=0)) as client:  # fmt: skip

        async def client_loop() -> None:
            nonlocal failed
            for n in numbers:
                try:
                    response = await client.post("/api/v1/comments", json=comment_payload(n))
                except httpx.TransportError:
                    failed += 1
                    continue
                if response.status_code == 201:
                    created.append(response.json()["id"])
                else:
                    failed += 1
                if len(created) + failed == KILL_AFTER:
                    kill.set()

        await asyncio.gather(*(client_loop() for _ in range(CONCURRENCY)))
    return created, failed


def test_every_acknowledged_comment_survives_a_killed_worker(tmp_path: Path) -> None:
    with postgres_database() as url, kibitz_serve(url, tmp_path, workers=2) as server:
        workers = server.workers()
        assert len(workers) == 2

        async def scenario() -> tuple[list[int], int]:
            kill = asyncio.Event()
            load = asyncio.create_task(_write_load(server.base, kill))
            await kill.wait()
            os.kill(workers[0], signal.SIGKILL)
            return await load

        created, failed = run_coroutine(scenario())
        assert len(created) + failed == POSTS
        assert len(created) > POSTS // 2, f"only {len(created)} of {POSTS} were accepted"
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                stored = set(connection.scalars(select(Comment.id)))
        finally:
            engine.dispose()
        missing = set(created) - stored
        assert not missing, f"{len(missing)} acknowledged comments are not in the database"
