"""Server-sent events over a `Broker`: the one stream loop behind every live endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from fastapi.responses import Response, StreamingResponse

from kibitz.live.brokers import Broker, BrokerUnavailable
from kibitz.live.events import Event, heartbeat
from kibitz.live.hub import CLOSED
from kibitz.web.errors import error_response

RETRY_MS = 3000  # how soon a browser's EventSource reconnects after the stream ends
SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",  # nginx: pass each event through at once
}


def unavailable(fallback: str) -> Response:
    """503 when the broker is down; `fallback` tells the client what to poll instead."""
    response = error_response(
        503, "live_unavailable", f"live updates are unavailable: poll {fallback} instead"
    )
    response.headers["Retry-After"] = "5"
    return response


async def respond(
    broker: Broker,
    channel: str,
    *,
    last_id: str | None,
    heartbeat_seconds: float,
    fallback: str,
    visible: Callable[[Event], bool] = lambda _event: True,
) -> Response:
    """Subscribe and read the backlog before answering 200, so a broken broker is a clean 503."""
    if not broker.available():
        return unavailable(fallback)
    stream = _stream(broker, channel, last_id, heartbeat_seconds, visible)
    try:
        first = await anext(stream)
    except BrokerUnavailable:
        return unavailable(fallback)
    return StreamingResponse(
        _prepend(first, stream), media_type="text/event-stream", headers=SSE_HEADERS
    )


async def _stream(
    broker: Broker,
    channel: str,
    last_id: str | None,
    heartbeat_seconds: float,
    visible: Callable[[Event], bool],
) -> AsyncIterator[bytes]:
    # Subscribe before reading the log, so nothing published in between is missed; events seen
    # in both are sent once.
    async with broker.hub.subscribe(channel) as queue:
        backlog = await broker.since(channel, last_id) if last_id else []
        sent = {event.id for event in backlog}
        shown = b"".join(event.sse() for event in backlog if visible(event))
        yield f"retry: {RETRY_MS}\n\n".encode() + shown
        while True:
            try:
                event: Event | None = await asyncio.wait_for(queue.get(), heartbeat_seconds)
            except TimeoutError:
                yield heartbeat()
                continue
            if event is CLOSED or event is None:
                return
            if event.id not in sent and visible(event):
                yield event.sse()


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk
