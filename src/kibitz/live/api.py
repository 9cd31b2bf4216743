"""`GET /api/v1/threads/{site}/{thread}/events`: a thread's changes as server-sent events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from kibitz.live.brokers import Broker
from kibitz.live.events import thread_channel
from kibitz.live.sse import respond
from kibitz.sites import service as sites_service
from kibitz.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["live"], responses=ERROR_RESPONSES)


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
    return await respond(
        broker,
        thread_channel(site, thread),
        last_id=last_event_id,
        heartbeat_seconds=request.app.state.settings.heartbeat_seconds,
        fallback="the comments",
    )


def _site_or_raise(request: Request, site: str) -> None:
    with request.app.state.session_factory() as session:
        sites_service.get_or_raise(session, key=site)
