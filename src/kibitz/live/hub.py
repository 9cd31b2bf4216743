"""Fan-out inside one process: each open stream has a bounded queue; publishers may be threads.

FastAPI runs sync endpoints (where commits happen) in a thread pool, while streams live on the event
loop, so delivery hops onto the loop with `call_soon_threadsafe`. A stream that cannot keep up is
closed rather than allowed to grow without bound: the widget reconnects with `Last-Event-ID` and
catches up from the log.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kibitz.live.events import Event

QUEUE_SIZE = 256
CLOSED: Event | None = None  # put on a queue to end that stream


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: defaultdict[
            str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Event | None]]]
        ] = defaultdict(set)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[Event | None]]:
        queue: asyncio.Queue[Event | None] = asyncio.Queue(QUEUE_SIZE)
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers[channel].add(entry)
        try:
            yield queue
        finally:
            with self._lock:
                entries = self._subscribers[channel]
                entries.discard(entry)
                if not entries:
                    del self._subscribers[channel]

    def dispatch(
        self, channel: str, event: Event, *, only: asyncio.AbstractEventLoop | None = None
    ) -> None:
        """Deliver to the channel's streams (`only` those served by one event loop)."""
        with self._lock:
            entries = list(self._subscribers.get(channel, ()))
        for loop, queue in entries:
            if only is None or loop is only:
                loop.call_soon_threadsafe(_offer, queue, event)

    def close_all(self, *, only: asyncio.AbstractEventLoop | None = None) -> None:
        """End every stream (the transport went away): widgets reconnect or fall back to polling."""
        with self._lock:
            entries = [entry for group in self._subscribers.values() for entry in group]
        for loop, queue in entries:
            if only is None or loop is only:
                loop.call_soon_threadsafe(_offer, queue, CLOSED)

    def count(self) -> int:
        with self._lock:
            return sum(len(group) for group in self._subscribers.values())


def _offer(queue: asyncio.Queue[Event | None], event: Event | None) -> None:
    try:
        queue.put_nowait(event)
    except asyncio.QueueFull:
        # Too slow a reader: drop what is queued and close its stream; it resumes from the log.
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(CLOSED)
