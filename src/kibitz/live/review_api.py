"""`GET /api/v1/review/events`: the review queues' changes as server-sent events, for moderators.

Authenticated by the moderator's session cookie (an `EventSource` on the dashboard's own origin
sends it); each event is delivered only when its site is within the moderator's scope, read once
when the stream opens. The dashboard keeps polling `/review/counts` when the stream fails.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response, StreamingResponse

from kibitz.accounts.service import ModeratorScope
from kibitz.live.brokers import Broker
from kibitz.live.events import Event
from kibitz.live.review import REVIEW_CHANNEL
from kibitz.live.sse import respond
from kibitz.web.auth import CurrentModerator
from kibitz.web.errors import SIGNED_IN_ERROR_RESPONSES

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
    scope = moderator.scope
    return await respond(
        broker,
        REVIEW_CHANNEL,
        last_id=last_event_id,
        heartbeat_seconds=request.app.state.settings.heartbeat_seconds,
        fallback="the queue counts",
        visible=lambda event: _visible(event, scope),
    )


def _visible(event: Event, scope: ModeratorScope) -> bool:
    site_id = event.data.get("site_id")
    return isinstance(site_id, int) and scope.covers(site_id)
