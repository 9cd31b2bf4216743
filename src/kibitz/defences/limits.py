"""Rate limits: one `Limiter` protocol, a Redis implementation shared by every process and an
in-process one for a single server.

Both apply the generic cell rate algorithm (a burst of `count`, then `count` per `seconds`),
keyed by what is limited (`post:ip:<hash>`, `signin:account:<hash>` …). A refused hit raises
`RateLimited` with how long to wait, which the web layer answers as 429 with `Retry-After`.
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


def _gcra(tat: float, now: float, rate: Rate) -> tuple[float, float]:
    """One step of the generic cell rate algorithm: (new theoretical arrival time, wait).

    A burst of `count` hits is allowed, then one more every `seconds / count`. Unlike fixed
    windows there is no window edge at which a client gets twice its limit, so a limit means
    the same thing whenever the hits arrive.
    """
    new_tat = max(tat, now) + rate.seconds / rate.count
    allow_at = new_tat - rate.seconds
    if now < allow_at:
        return tat, allow_at - now
    return new_tat, 0.0


def _whole_seconds(wait: float) -> int:
    return max(1, math.ceil(wait)) if wait > 0 else 0


class MemoryLimiter:
    """Per-key arrival times in a dict: for one process (the default without Redis)."""

    def __init__(self) -> None:
        self._tats: dict[str, float] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, rate: Rate) -> int:
        now = time.time()
        name = f"{key}:{rate.count}/{rate.seconds}"
        with self._lock:
            if len(self._tats) > 100_000:  # unbounded keys (IPs) must not grow memory
                self._tats = {k: t for k, t in self._tats.items() if t > now}
            tat, wait = _gcra(self._tats.get(name, now), now, rate)
            self._tats[name] = tat
        return _whole_seconds(wait)

    def reset(self, key: str) -> None:
        with self._lock:
            for name in [n for n in self._tats if n.startswith(f"{key}:")]:
                del self._tats[name]


# The same GCRA step as `_gcra`, atomic in Redis; the key expires once it no longer limits.
_GCRA_LUA = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
local new_tat = math.max(tat, now) + interval
local allow_at = new_tat - period
if now < allow_at then
  return tostring(allow_at - now)
end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000))
return '0'
"""


class RedisLimiter:
    """Per-key arrival times in Redis, one atomic Lua step: every process shares them."""

    def __init__(self, client: redis.Redis, prefix: str = "kibitz:rl:") -> None:
        self._redis = client
        self._prefix = prefix
        self._step = client.register_script(_GCRA_LUA)

    def hit(self, key: str, rate: Rate) -> int:
        name = f"{self._prefix}{key}:{rate.count}/{rate.seconds}"
        interval = rate.seconds / rate.count
        wait = float(self._step(keys=[name], args=[time.time(), interval, rate.seconds]))
        return _whole_seconds(wait)

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
