"""`GET /api/v1/threads/{site}/{thread}/events`: a thread's changes as server-sent events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from kibitz.live.brokers import Broker, BrokerUnavailable
from kibitz.live.events import Event, heartbeat, thread_channel
from kibitz.live.hub import CLOSED
from kibitz.sites import service as sites_service
from kibitz.web.errors import ERROR_RESPONSES, error_response

router = APIRouter(prefix="/api/v1", tags=["live"], responses=ERROR_RESPONSES)

RETRY_MS = 3000  # how soon a browser's EventSource reconnects after the stream ends
SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",  # nginx: pass each event through at once
}


@router.get(
    "/threads/{site}/{thread:path}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The event stream."},
        503: {"description": "Live updates are unavailable: poll the comments instead."},
    },
)
async def thread_events(
    site: str,
    thread: str,
    request: Request,
    last_event_id: Annotated[str | None, Header(max_length=64)] = None,
) -> Response:
    """Server-sent events for one thread: `created`, `edited`, `removed` and `approved`, each with
    the comment's id and, when public, the comment as the list endpoint shows it to a reader who
    has not posted. Send `Last-Event-ID` (browsers do) to receive what was missed while away.
    Comment lines (`: ping`) arrive every few seconds when nothing happens."""
    broker: Broker = request.app.state.broker
    await run_in_threadpool(_site_or_raise, request, site)
    if not broker.available():
        return _unavailable()
    channel = thread_channel(site, thread)
    heartbeat_seconds: float = request.app.state.settings.heartbeat_seconds
    stream = _stream(broker, channel, last_event_id, heartbeat_seconds)
    try:
        first = await anext(stream)  # subscribe and read the backlog before answering 200
    except BrokerUnavailable:
        return _unavailable()
    return StreamingResponse(
        _prepend(first, stream), media_type="text/event-stream", headers=SSE_HEADERS
    )


def _site_or_raise(request: Request, site: str) -> None:
    with request.app.state.session_factory() as session:
        sites_service.get_or_raise(session, key=site)


def _unavailable() -> Response:
    response = error_response(
        503, "live_unavailable", "live updates are unavailable: poll the comments instead"
    )
    response.headers["Retry-After"] = "5"
    return response


async def _stream(
    broker: Broker, channel: str, last_id: str | None, heartbeat_seconds: float
) -> AsyncIterator[bytes]:
    # Subscribe before reading the log, so nothing published in between is missed; events seen
    # in both are sent once.
    async with broker.hub.subscribe(channel) as queue:
        backlog = await broker.since(channel, last_id) if last_id else []
        sent = {event.id for event in backlog}
        yield f"retry: {RETRY_MS}\n\n".encode() + b"".join(event.sse() for event in backlog)
        while True:
            try:
                event: Event | None = await asyncio.wait_for(queue.get(), heartbeat_seconds)
            except TimeoutError:
                yield heartbeat()
                continue
            if event is CLOSED or event is None:
                return
            if event.id not in sent:
                yield event.sse()


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk
