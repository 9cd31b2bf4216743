"""The outbox: e-mails leave the request path here and a worker thread sends them.

With `KIBITZ_REDIS_URL` the queue is a Redis list, so a message survives a restart of the process
that queued it and any process's worker may send it; otherwise it is an in-process queue. Either
way `put` never raises and never waits on SMTP: a broken mail server cannot fail or slow a post.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from typing import Protocol

import redis

from kibitz.accounts.mail import Mail

log = logging.getLogger(__name__)
REDIS_QUEUE = "kibitz:mail"
Sender = Callable[[Mail], None]


class Outbox(Protocol):
    def put(self, mail: Mail) -> None: ...

    def close(self) -> None: ...


def _deliver(sender: Sender, mail: Mail) -> None:
    try:
        sender(mail)
    except Exception:
        log.exception("could not send %r; dropped", mail.subject)


class ThreadOutbox:
    """An in-process queue drained by one daemon thread."""

    def __init__(self, sender: Sender) -> None:
        self._queue: queue.Queue[Mail | None] = queue.Queue(maxsize=10_000)
        self._sender = sender
        self._thread = threading.Thread(target=self._run, name="kibitz-mail", daemon=True)
        self._thread.start()

    def put(self, mail: Mail) -> None:
        try:
            self._queue.put_nowait(mail)
        except queue.Full:
            log.error("mail queue full: %r dropped", mail.subject)

    def _run(self) -> None:
        while (mail := self._queue.get()) is not None:
            _deliver(self._sender, mail)
            self._queue.task_done()

    def join(self) -> None:
        """Wait until every queued message was handled (tests)."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)


class RedisOutbox:
    """A Redis list; this process's worker thread pops from it (BLPOP with a short timeout)."""

    def __init__(self, client: redis.Redis, sender: Sender, key: str = REDIS_QUEUE) -> None:
        self._redis = client
        self._sender = sender
        self._key = key
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kibitz-mail-redis", daemon=True)
        self._thread.start()

    def put(self, mail: Mail) -> None:
        try:
            self._redis.rpush(self._key, json.dumps(mail.to_dict()))
        except redis.RedisError:
            log.exception("could not queue %r in Redis; dropped", mail.subject)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._redis.blpop([self._key], timeout=1)
            except redis.RedisError:
                log.exception("mail queue unreachable; retrying")
                self._stop.wait(1.0)
                continue
            if item is not None:
                _deliver(self._sender, Mail.from_dict(json.loads(item[1])))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def make_outbox(redis_url: str, sender: Sender) -> Outbox:
    if redis_url:
        return RedisOutbox(redis.Redis.from_url(redis_url), sender)
    return ThreadOutbox(sender)
