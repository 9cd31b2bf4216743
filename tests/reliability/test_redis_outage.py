"""Redis goes away: posting still works, live streams answer 503 (widgets poll), the page cache
falls back to the database; when Redis is back, streams and the cache recover by themselves."""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.support import (
    SITE,
    RedisServer,
    comment_payload,
    kibitz_serve,
    postgres_database,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.reliability, pytest.mark.xdist_group("reliability")]

THREAD = "breaking/redis"
EVENTS = f"/api/v1/threads/{SITE}/{quote(THREAD, safe='')}/events"
COMMENTS = f"/api/v1/threads/{SITE}/{quote(THREAD, safe='')}/comments"


def _post(client: httpx.Client, n: int) -> int:
    response = client.post("/api/v1/comments", json=comment_payload(n, THREAD))
    assert response.status_code == 201, response.text
    created = response.json()
    # The page and the stream show published comments only: the plain text must stay publishable.
    assert created["status"] == "published", created
    comment_id: int = created["id"]
    return comment_id


def _page_ids(client: httpx.Client) -> set[int]:
    response = client.get(COMMENTS)  # no reader cookie: the cached path
    assert response.status_code == 200, response.text
    return {comment["id"] for comment in response.json()["comments"]}


def _stream_status(client: httpx.Client) -> int:
    with client.stream("GET", EVENTS) as response:
        if response.status_code == 503:
            response.read()
            body = response.json()
            assert body["error"]["code"] == "live_unavailable"
            assert response.headers["retry-after"]
        return response.status_code


def _delivered(base: str, comment: int) -> bool:
    """Whether a stream resuming from the start of the thread's log carries `comment`'s event."""
    with httpx.stream("GET", base + EVENTS, headers={"Last-Event-ID": "0-0"}, timeout=5) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and json.loads(line[5:]).get("id") == comment:
                return True
            if line.startswith(":"):  # a heartbeat: the backlog has been sent
                return False
    return False


def test_posting_and_reading_survive_redis_and_streams_recover(tmp_path: Path) -> None:
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    try:
        with (
            postgres_database() as url,
            kibitz_serve(url, tmp_path, redis_url=redis_server.url) as server,
            httpx.Client(base_url=server.base, timeout=10) as reader,
            httpx.Client(base_url=server.base, timeout=10) as writer,
        ):
            first = _post(writer, 1)
            assert first in _page_ids(reader)  # cached from now on
            assert _stream_status(reader) == 200

            redis_server.kill()
            started = time.monotonic()
            during = _post(writer, 2)  # publishing and invalidation fail quietly
            assert time.monotonic() - started < 3
            wait_until(lambda: _stream_status(reader) == 503, 10, "streams were not refused")
            assert {first, during} <= _page_ids(reader)  # from the database, not a stale cache

            redis_server.start()  # same port, empty: the server reconnects by itself
            wait_until(lambda: _stream_status(reader) == 200, 15, "streams did not recover")
            after = _post(writer, 3)
            assert {first, during, after} <= _page_ids(reader)
            assert _delivered(server.base, after)
    finally:
        redis_server.kill()
