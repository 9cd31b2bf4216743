"""`GET /api/v1/review/events`: the review queues' changes as server-sent events, for moderators.

Authenticated by the moderator's session cookie (an `EventSource` on the dashboard's own origin
sends it); each event is delivered only when its site is within the moderator's scope, read once
when the stream opens. The dashboard keeps polling `/review/counts` when the stream fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response, StreamingResponse

from kibitz.accounts.service import ModeratorScope
from kibitz.live.api import RETRY_MS, SSE_HEADERS
from kibitz.live.brokers import Broker, BrokerUnavailable
from kibitz.live.events import Event, heartbeat
from kibitz.live.hub import CLOSED
from kibitz.live.review import REVIEW_CHANNEL
from kibitz.web.auth import CurrentModerator
from kibitz.web.errors import SIGNED_IN_ERROR_RESPONSES, error_response

router = APIRouter(prefix="/api/v1/review", tags=["review"], responses=SIGNED_IN_ERROR_RESPONSES)


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The event stream."},
        503: {"description": "Live updates are unavailable: poll `/review/counts` instead."},
    },
)
async def review_events(
    request: Request,
    moderator: CurrentModerator,
    last_event_id: Annotated[str | None, Header(max_length=64)] = None,
) -> Response:
    """Server-sent events for the review queues of the sites this moderator may see: `queued`
    (`comment_id`, `site_id`, `reason`: held, rejected, reported or appealed, and the `queue` it
    entered) and `decided` (`comment_id`, `site_id`, `action`, `status`). Send `Last-Event-ID`
    to receive what was missed while away; `: ping` lines arrive when nothing happens."""
    broker: Broker = request.app.state.broker
    if not broker.available():
        return _unavailable()
    heartbeat_seconds: float = request.app.state.settings.heartbeat_seconds
    stream = _stream(broker, moderator.scope, last_event_id, heartbeat_seconds)
    try:
        first = await anext(stream)
    except BrokerUnavailable:
        return _unavailable()
    return StreamingResponse(
        _prepend(first, stream), media_type="text/event-stream", headers=SSE_HEADERS
    )


def _visible(event: Event, scope: ModeratorScope) -> bool:
    site_id = event.data.get("site_id")
    return isinstance(site_id, int) and scope.covers(site_id)


async def _stream(
    broker: Broker, scope: ModeratorScope, last_id: str | None, heartbeat_seconds: float
) -> AsyncIterator[bytes]:
    async with broker.hub.subscribe(REVIEW_CHANNEL) as queue:
        backlog = await broker.since(REVIEW_CHANNEL, last_id) if last_id else []
        sent = {event.id for event in backlog}
        shown = [event.sse() for event in backlog if _visible(event, scope)]
        yield f"retry: {RETRY_MS}\n\n".encode() + b"".join(shown)
        while True:
            try:
                event: Event | None = await asyncio.wait_for(queue.get(), heartbeat_seconds)
            except TimeoutError:
                yield heartbeat()
                continue
            if event is CLOSED or event is None:
                return
            if event.id not in sent and _visible(event, scope):
                yield event.sse()


def _unavailable() -> Response:
    response = error_response(
        503, "live_unavailable", "live updates are unavailable: poll the queue counts instead"
    )
    response.headers["Retry-After"] = "5"
    return response


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk
