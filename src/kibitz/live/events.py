"""What a live event is, how a thread is named on the wire, and how an event is framed as SSE."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

# Thread events, then the review queues' (`kibitz.live.review`).
EventKind = Literal["created", "edited", "removed", "approved", "queued", "decided"]


def thread_channel(site: str, thread: str) -> str:
    """A fixed-size name for a thread: thread keys are arbitrary strings (URLs, `/`, non-ASCII)
    and must not leak into Redis key syntax."""
    return hashlib.sha1(f"{site}\x00{thread}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Event:
    """One change to one comment; `id` orders events within the thread's log."""

    id: str
    kind: EventKind
    data: dict[str, Any]

    def sse(self) -> bytes:
        payload = json.dumps({"type": self.kind, **self.data}, separators=(",", ":"), default=str)
        return f"id: {self.id}\nevent: {self.kind}\ndata: {payload}\n\n".encode()


def heartbeat() -> bytes:
    """An SSE comment: keeps proxies from closing an idle stream and lets us notice dead peers."""
    return b": ping\n\n"
