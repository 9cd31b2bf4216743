"""Real servers for live-update tests: Starlette's TestClient buffers whole responses, so an
endless event stream needs uvicorn on a loopback port, run in a thread of the test process."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis
import uvicorn
from fastapi import FastAPI

REDIS_HOST = os.environ.get("KIBITZ_TEST_REDIS_HOST", "127.0.0.1")
# Test databases of their own, one per xdist worker, flushed around each test.
REDIS_DB_BASE = 10


def redis_test_url(worker_id: str) -> str:
    index = REDIS_DB_BASE + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
    url = f"redis://{REDIS_HOST}:6379/{index}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is unreachable at {url}: {exc}")
    return url


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run `app` on a free loopback port until the block ends; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Received:
    id: str | None
    kind: str | None
    data: dict[str, Any] | None
    comment: str | None = None


class EventReader:
    """Reads one SSE response frame by frame, with a deadline per frame."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.iter_lines()

    def next(self) -> Received:
        frame: dict[str, str] = {}
        for line in self._lines:
            if line == "":
                if frame:
                    break
                continue
            name, _, value = line.partition(":")
            frame[name or "comment"] = value.removeprefix(" ")
        data = json.loads(frame["data"]) if "data" in frame else None
        return Received(frame.get("id"), frame.get("event"), data, frame.get("comment"))

    def next_event(self) -> Received:
        """The next frame that is an event (skipping `retry:` and heartbeats)."""
        while True:
            frame = self.next()
            if frame.kind is not None:
                return frame


@contextmanager
def events(
    base: str, path: str, *, last_event_id: str | None = None, timeout: float = 5
) -> Iterator[EventReader]:
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    with httpx.Client(base_url=base, timeout=timeout) as client:
        with client.stream("GET", path, headers=headers) as response:
            assert response.status_code == 200, response.read()
            assert response.headers["content-type"].startswith("text/event-stream")
            reader = EventReader(response)
            assert reader.next().kind is None  # the `retry:` preamble, sent at once
            yield reader
