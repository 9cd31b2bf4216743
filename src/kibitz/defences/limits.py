"""Rate limits: one `Limiter` protocol, a Redis implementation shared by every process and an
in-process one for a single server.

Both count hits in fixed windows (`count` per `seconds`), keyed by what is limited
(`post:ip:<hash>`, `signin:account:<hash>` …). A refused hit raises `RateLimited` with how long to
wait, which the web layer answers as 429 with `Retry-After`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import redis

from kibitz.errors import InvalidInput, TooManyRequests


class RateLimited(TooManyRequests):
    code = "rate_limited"


@dataclass(frozen=True, slots=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """`"10/60"` is ten per minute; `"off"` is no limit."""
        if text.strip().lower() in {"off", "none", ""}:
            return None
        count, _, seconds = text.partition("/")
        try:
            rate = cls(int(count), int(seconds))
        except ValueError:
            raise InvalidInput(f"a rate is COUNT/SECONDS, not {text!r}") from None
        if rate.count < 1 or rate.seconds < 1:
            raise InvalidInput(f"a rate needs a positive count and window, not {text!r}")
        return rate


class Limiter(Protocol):
    def hit(self, key: str, rate: Rate) -> int:
        """Count one hit; 0 if allowed, else the seconds to wait (the hit is not counted)."""

    def reset(self, key: str) -> None:
        """Forget the hits under `key` (a successful sign-in clears its failures)."""


class MemoryLimiter:
    """Fixed windows in a dict: for one process (the default without Redis)."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, rate: Rate) -> int:
        now = time.time()
        window = int(now // rate.seconds)
        with self._lock:
            if len(self._windows) > 100_000:  # unbounded keys (IPs) must not grow memory
                self._windows.clear()
            started, count = self._windows.get(key, (window, 0))
            if started != window:
                started, count = window, 0
            if count >= rate.count:
                return max(1, math.ceil((window + 1) * rate.seconds - now))
            self._windows[key] = (started, count + 1)
            return 0

    def reset(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


class RedisLimiter:
    """Fixed windows in Redis (INCR + EXPIRE): every process behind the balancer shares them."""

    def __init__(self, client: redis.Redis, prefix: str = "kibitz:rl:") -> None:
        self._redis = client
        self._prefix = prefix

    def hit(self, key: str, rate: Rate) -> int:
        now = time.time()
        window = int(now // rate.seconds)
        name = f"{self._prefix}{key}:{rate.seconds}:{window}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, rate.seconds + 1)
        count = int(pipe.execute()[0])
        if count > rate.count:
            return max(1, math.ceil((window + 1) * rate.seconds - now))
        return 0

    def reset(self, key: str) -> None:
        for name in self._redis.scan_iter(f"{self._prefix}{key}:*"):
            self._redis.delete(name)


def make_limiter(redis_url: str) -> Limiter:
    if redis_url:
        return RedisLimiter(redis.Redis.from_url(redis_url))
    return MemoryLimiter()


@dataclass(frozen=True, slots=True)
class Check:
    """One limit to apply: the key and the rate (None: unlimited)."""

    key: str
    rate: Rate | None


def enforce(limiter: Limiter, checks: Iterable[Check], *, what: str) -> None:
    """Count a hit on every key; refuse with the longest wait if any is over its limit."""
    wait = 0
    for check in checks:
        if check.rate is not None:
            wait = max(wait, limiter.hit(check.key, check.rate))
    if wait:
        raise RateLimited(f"too many {what}: try again in {wait} seconds", retry_after=wait)
