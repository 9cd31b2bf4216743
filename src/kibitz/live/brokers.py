"""Carrying events between processes, with a short per-thread log for `Last-Event-ID`.

Two implementations of one `Broker`: `MemoryBroker` for a single process (the default, SQLite or
not), `RedisBroker` when `KIBITZ_REDIS_URL` is set (pub/sub for delivery, one capped stream per
thread for the log). Publishing happens after the database commit and never raises: the comment
is safe in the database whatever happens to the event, and the widget's polling finds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
from collections import OrderedDict, deque
from typing import Any, Protocol

import redis
import redis.asyncio as aioredis

from kibitz.live.events import Event, EventKind
from kibitz.live.hub import Hub

log = logging.getLogger(__name__)

LOG_SIZE = 500  # events kept per thread for reconnects (a few minutes of a breaking story)
LOG_SECONDS = 3600  # a thread's log outlives its last event by this much
MAX_THREADS = 10_000  # in-memory logs kept, least recently written dropped first
PREFIX = "kibitz:"


class BrokerUnavailable(Exception):
    """The transport is down: streams cannot be served, the widget polls instead."""


class Broker(Protocol):
    hub: Hub

    def publish(self, channel: str, kind: EventKind, data: dict[str, Any]) -> None: ...

    async def since(self, channel: str, last_id: str) -> list[Event]: ...

    def available(self) -> bool: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


class MemoryBroker:
    """One process: the log is a ring per thread; ids are microseconds-based so they keep
    increasing across restarts and a stale `Last-Event-ID` never hides newer events."""

    def __init__(self) -> None:
        self.hub = Hub()
        self._lock = threading.Lock()
        self._ids = itertools.count(time.time_ns() // 1000)
        self._logs: OrderedDict[str, deque[Event]] = OrderedDict()

    def publish(self, channel: str, kind: EventKind, data: dict[str, Any]) -> None:
        with self._lock:
            event = Event(id=str(next(self._ids)), kind=kind, data=data)
            ring = self._logs.pop(channel, None) or deque(maxlen=LOG_SIZE)
            ring.append(event)
            self._logs[channel] = ring
            while len(self._logs) > MAX_THREADS:
                self._logs.popitem(last=False)
        self.hub.dispatch(channel, event)

    async def since(self, channel: str, last_id: str) -> list[Event]:
        try:
            after = int(last_id)
        except ValueError:
            return []
        with self._lock:
            return [event for event in self._logs.get(channel, ()) if int(event.id) > after]

    def available(self) -> bool:
        return True

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self.hub.close_all()


# Append to the thread's capped stream and announce it, in one round trip and atomically, so
# the id a subscriber sees is the id its reconnect will resume from.
_PUBLISH = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[2])
return id
"""


class RedisBroker:
    """Several processes: every process subscribes once to all threads' channels and fans out
    to its own streams, so 5,000 readers cost one Redis connection per process, not 5,000.

    A server has one event loop; tests may run one app under several (one per test client), so
    each loop gets its own listener, which delivers only to the streams that loop serves."""

    def __init__(self, url: str) -> None:
        self.hub = Hub()
        # Short timeouts: a write must not wait long on a dead Redis to answer its 201.
        self._sync = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._publish_script = self._sync.register_script(_PUBLISH)
        self._url = url
        # Keys live in the URL's database, but pub/sub channels are global to the Redis server:
        # name them after the database too, so two sites' servers (or two test runs) sharing one
        # Redis on different database indexes never hear each other's events.
        database = self._sync.connection_pool.connection_kwargs.get("db", 0)
        self._prefix = f"{PREFIX}{database}:"
        self._up: set[asyncio.AbstractEventLoop] = set()
        self._tasks: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    def publish(self, channel: str, kind: EventKind, data: dict[str, Any]) -> None:
        payload = json.dumps({"kind": kind, "data": data}, separators=(",", ":"), default=str)
        keys = [f"{self._prefix}log:{channel}", f"{self._prefix}live:{channel}"]
        try:
            self._publish_script(keys=keys, args=[LOG_SIZE, payload, LOG_SECONDS])
        except redis.RedisError:
            log.warning("live event for %s not published: Redis is unavailable", channel)

    async def since(self, channel: str, last_id: str) -> list[Event]:
        return await asyncio.to_thread(self._since, channel, last_id)

    def _since(self, channel: str, last_id: str) -> list[Event]:
        try:
            rows: Any = self._sync.xrange(
                f"{self._prefix}log:{channel}", min=f"({last_id}", max="+", count=LOG_SIZE
            )
        except redis.ResponseError:
            return []  # not a stream id: nothing to resume from
        except redis.RedisError as exc:
            raise BrokerUnavailable(str(exc)) from exc
        return [_decode(raw_id, fields[b"e"]) for raw_id, fields in rows]

    def available(self) -> bool:
        return asyncio.get_running_loop() in self._up

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks[loop] = asyncio.create_task(self._listen(loop), name="kibitz-live-redis")
        # Give the subscription a moment so the first streams are served, not refused.
        for _ in range(20):
            if loop in self._up:
                break
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        task = self._tasks.pop(loop, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.hub.close_all(only=loop)
        if not self._tasks:
            self._sync.close()

    async def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        backoff = 0.2
        while True:
            client = aioredis.Redis.from_url(
                self._url, socket_connect_timeout=1, health_check_interval=2
            )
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.psubscribe(f"{self._prefix}live:*")
                    self._up.add(loop)
                    backoff = 0.2
                    while True:
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=1
                        )
                        if message is not None and message["type"] == "pmessage":
                            self._deliver(message["channel"], message["data"], loop)
            except (redis.RedisError, OSError):
                if loop in self._up:
                    log.warning("Redis went away: live streams closed, widgets poll meanwhile")
                self._up.discard(loop)
                self.hub.close_all(only=loop)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                self._up.discard(loop)
                await client.aclose()

    def _deliver(self, raw_channel: bytes, raw: bytes, loop: asyncio.AbstractEventLoop) -> None:
        channel = raw_channel.decode().removeprefix(f"{self._prefix}live:")
        event_id, _, payload = raw.partition(b" ")
        self.hub.dispatch(channel, _decode(event_id, payload), only=loop)


def _decode(raw_id: bytes | str, payload: bytes | str) -> Event:
    body = json.loads(payload)
    event_id = raw_id.decode() if isinstance(raw_id, bytes) else raw_id
    return Event(id=event_id, kind=body["kind"], data=body["data"])


def make_broker(redis_url: str | None) -> Broker:
    """Redis when a URL is set (an empty one means none), the process's own memory otherwise."""
    return RedisBroker(redis_url) if redis_url else MemoryBroker()
