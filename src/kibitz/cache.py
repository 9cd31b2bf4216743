"""The hot-thread cache: serialized pages of a thread as anonymous readers see them.

A breaking story is read by thousands who have never posted: their pages are identical, so the
JSON bytes are kept and served without touching the database. Entries are grouped per thread
(`channel`) and dropped together when anything in that thread changes (see `kibitz.live.tracking`).

Correctness rests on a per-thread generation number: a reader notes the generation before it
queries the database, and its page is stored only if the generation has not moved since. A page
computed from a snapshot taken before a write's commit can therefore never outlive that write's
invalidation. `ttl` bounds the damage of an invalidation lost to a Redis outage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Protocol

import redis
from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)

PREFIX = "kibitz:page:"
MAX_THREADS = 2_000  # in-process: threads kept, least recently read dropped first
MAX_PAGES_PER_THREAD = 400  # a 2,000-comment thread walked in 20s, three sorts, a few limits


class PageCache(Protocol):
    def get(self, channel: str, page: str) -> tuple[int | None, bytes | None]:
        """The current generation (None: do not store) and the page's bytes if cached."""
        ...

    def put(self, channel: str, page: str, generation: int, body: bytes) -> None: ...

    def invalidate(self, channel: str) -> None: ...


class NoCache:
    """Caching off (`KIBITZ_CACHE_SECONDS=0`, or several processes without Redis)."""

    def get(self, channel: str, page: str) -> tuple[int | None, bytes | None]:
        return None, None

    def put(self, channel: str, page: str, generation: int, body: bytes) -> None:
        return None

    def invalidate(self, channel: str) -> None:
        return None


class _Entry:
    __slots__ = ("generation", "pages")

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.pages: dict[str, tuple[float, bytes]] = {}


class MemoryPageCache:
    """One process: an LRU of threads, each with its pages and its generation."""

    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._threads: OrderedDict[str, _Entry] = OrderedDict()
        self._generation = 0  # global counter: a dropped and re-made entry never reuses a number

    def get(self, channel: str, page: str) -> tuple[int | None, bytes | None]:
        with self._lock:
            entry = self._threads.get(channel)
            if entry is None:
                self._generation += 1
                entry = self._threads[channel] = _Entry(self._generation)
                self._trim()
            self._threads.move_to_end(channel)
            cached = entry.pages.get(page)
            if cached is not None and cached[0] > time.monotonic():
                return entry.generation, cached[1]
            return entry.generation, None

    def put(self, channel: str, page: str, generation: int, body: bytes) -> None:
        with self._lock:
            entry = self._threads.get(channel)
            if entry is None or entry.generation != generation:
                return  # the thread changed while this page was computed
            if len(entry.pages) >= MAX_PAGES_PER_THREAD:
                entry.pages.clear()
            entry.pages[page] = (time.monotonic() + self._ttl, body)

    def invalidate(self, channel: str) -> None:
        with self._lock:
            entry = self._threads.get(channel)
            if entry is not None:
                self._generation += 1
                entry.generation = self._generation
                entry.pages.clear()

    def _trim(self) -> None:
        while len(self._threads) > MAX_THREADS:
            self._threads.popitem(last=False)


_GET = """
local gen = redis.call('GET', KEYS[1])
if not gen then gen = redis.call('INCR', KEYS[1]) end
return {gen, redis.call('HGET', KEYS[2], ARGV[1])}
"""
_PUT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then redis.call('DEL', KEYS[2]) end
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
"""
_INVALIDATE = """
redis.call('INCR', KEYS[1])
redis.call('DEL', KEYS[2])
"""


class RedisPageCache:
    """Several processes share one cache, so a write in one invalidates pages served by all.

    Failed invalidations (Redis briefly away) are retried before the next read is served."""

    def __init__(self, url: str, ttl: float) -> None:
        self._client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._ttl = max(1, int(ttl))
        self._get = self._client.register_script(_GET)
        self._put = self._client.register_script(_PUT)
        self._invalidate = self._client.register_script(_INVALIDATE)
        self._lock = threading.Lock()
        self._owed: set[str] = set()

    def get(self, channel: str, page: str) -> tuple[int | None, bytes | None]:
        if self._owed and not self._settle():
            return None, None
        try:
            generation, body = self._get(keys=_keys(channel), args=[page])
        except redis.RedisError:
            return None, None  # serve from the database meanwhile
        return int(generation), body

    def put(self, channel: str, page: str, generation: int, body: bytes) -> None:
        args: list[bytes | int | str] = [generation, page, body, MAX_PAGES_PER_THREAD, self._ttl]
        try:
            self._put(keys=_keys(channel), args=args)
        except redis.RedisError:
            return

    def invalidate(self, channel: str) -> None:
        try:
            self._invalidate(keys=_keys(channel))
        except redis.RedisError:
            log.warning("page cache of %s not invalidated: retried before the next read", channel)
            with self._lock:
                self._owed.add(channel)

    def _settle(self) -> bool:
        with self._lock:
            owed, self._owed = self._owed, set()
        for index, channel in enumerate(owed):
            try:
                self._invalidate(keys=_keys(channel))
            except redis.RedisError:
                with self._lock:
                    self._owed.update(list(owed)[index:])
                return False
        return True


async def lookup(cache: PageCache, channel: str, page: str) -> bytes | None:
    """A cached page for the event loop: in-process caches answer inline (a dict under a lock);
    Redis is asked from a worker thread, so a slow or dead Redis never stalls the loop."""
    if isinstance(cache, NoCache):
        return None
    if isinstance(cache, MemoryPageCache):
        return cache.get(channel, page)[1]
    return (await run_in_threadpool(cache.get, channel, page))[1]


def _keys(channel: str) -> list[str]:
    return [f"{PREFIX}gen:{channel}", f"{PREFIX}{channel}"]


def make_page_cache(redis_url: str | None, ttl: float, *, shared: bool) -> PageCache:
    """`shared`: several processes serve the same database, so only a shared cache is correct."""
    if ttl <= 0:
        return NoCache()
    if redis_url:
        return RedisPageCache(redis_url, ttl)
    return NoCache() if shared else MemoryPageCache(ttl)
