"""Live threads over server-sent events, in process and across processes through Redis.

Each test runs real uvicorn servers on loopback (see live_support) over the parametrised
database; the Redis variants share a Redis database of their own, as two worker processes would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from kibitz.comments import service as comments_service
from kibitz.comments.models import Comment
from kibitz.comments.service import Actor, NewComment
from kibitz.config import Settings
from kibitz.db import transaction
from kibitz.moderation import Moderator
from kibitz.web.app import create_app
from tests.api.helpers import SITE, THREAD, make_site
from tests.api.live_support import events, redis_test_url, serving

AppMaker = Callable[..., FastAPI]
EVENTS = f"/api/v1/threads/{SITE}/{quote(THREAD, safe='')}/events"


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest, worker_id: str) -> str:
    return "" if request.param == "memory" else redis_test_url(worker_id)


@pytest.fixture()
def make_app(settings: Settings, moderator: Moderator, backend: str) -> Iterator[AppMaker]:
    made: list[FastAPI] = []

    def make(**overrides: object) -> FastAPI:
        values = {"redis_url": backend, "heartbeat_seconds": 5, **overrides}
        app = create_app(settings.model_copy(update=values), moderator=moderator)
        if not made:
            make_site(app.state.session_factory, SITE)
        made.append(app)
        return app

    yield make


def post(base: str, body: str, **fields: object) -> dict[str, object]:
    payload = {"site": SITE, "thread": THREAD, "body": body, **fields}
    response = httpx.post(f"{base}/api/v1/comments", json=payload, timeout=10)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


def test_a_new_comment_reaches_an_open_stream(make_app: AppMaker) -> None:
    with serving(make_app()) as base, events(base, EVENTS) as stream:
        created = post(base, "The minister's answer left out the budget.")
        event = stream.next_event()
    assert event.kind == "created"
    assert event.data is not None and event.data["id"] == created["id"]
    assert event.data["comment"]["html"].startswith("<p>The minister's answer")
    assert event.data["comment"]["mine"] is False  # the public view, whoever opened the stream


def test_edits_and_deletions_follow(make_app: AppMaker) -> None:
    with serving(make_app()) as base, httpx.Client(base_url=base, timeout=10) as author:
        payload = {"site": SITE, "thread": THREAD, "body": "First draft of a reply."}
        created = author.post("/api/v1/comments", json=payload).json()
        with events(base, EVENTS) as stream:
            edited = author.patch(f"/api/v1/comments/{created['id']}", json={"body": "Better."})
            assert edited.status_code == 200, edited.text
            assert author.delete(f"/api/v1/comments/{created['id']}").status_code == 204
            kinds = [stream.next_event(), stream.next_event()]
    assert [(e.kind, e.data and e.data["id"]) for e in kinds] == [
        ("edited", created["id"]),
        ("removed", created["id"]),
    ]
    assert kinds[0].data is not None and "Better." in kinds[0].data["comment"]["html"]


def test_moderator_removal_and_reapproval_are_events(make_app: AppMaker) -> None:
    app = make_app()
    with serving(app) as base:
        created = post(base, "A comment a moderator looks at twice.")
        with events(base, EVENTS) as stream:
            for status in ("rejected", "published"):
                with transaction(app.state.session_factory) as session:
                    comment = session.get(Comment, created["id"])
                    assert comment is not None
                    comment.status = status
            removed, approved = stream.next_event(), stream.next_event()
    assert (removed.kind, approved.kind) == ("removed", "approved")
    assert approved.data is not None and approved.data["comment"]["id"] == created["id"]


def test_reconnecting_with_last_event_id_resumes(make_app: AppMaker) -> None:
    with serving(make_app()) as base:
        with events(base, EVENTS) as stream:
            post(base, "Seen live.")
            seen = stream.next_event()
        missed = [post(base, f"Posted while away, number {n}.")["id"] for n in range(3)]
        with events(base, EVENTS, last_event_id=seen.id) as stream:
            resumed = [stream.next_event() for _ in missed]
    assert [e.data and e.data["id"] for e in resumed] == missed


def test_an_idle_stream_sends_heartbeats(make_app: AppMaker) -> None:
    with serving(make_app(heartbeat_seconds=0.2)) as base, events(base, EVENTS) as stream:
        frame = stream.next()
    assert (frame.kind, frame.comment) == (None, "ping")


def test_a_rolled_back_write_sends_nothing(make_app: AppMaker) -> None:
    app = make_app(heartbeat_seconds=0.3)
    app_settings: Settings = app.state.settings
    with serving(app) as base, events(base, EVENTS) as stream:
        with pytest.raises(RuntimeError), transaction(app.state.session_factory) as session:
            new = NewComment(site=SITE, thread=THREAD, body="Flushed, then rolled back.")
            comments_service.create(session, new=new, actor=Actor("r"), settings=app_settings)
            raise RuntimeError("abandon the transaction")
        post(base, "Only this one is real.")
        event = stream.next_event()
    assert event.kind == "created" and event.data is not None
    assert event.data["comment"]["html"].startswith("<p>Only this one is real.")


def test_unknown_site_is_404(make_app: AppMaker) -> None:
    with serving(make_app()) as base:
        response = httpx.get(f"{base}/api/v1/threads/nowhere/a/events", timeout=5)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "site_not_found"


@pytest.mark.redis
def test_two_processes_share_events_through_redis(
    settings: Settings, worker_id: str, moderator: Moderator
) -> None:
    url = redis_test_url(worker_id)
    apps = [
        create_app(settings.model_copy(update={"redis_url": url}), moderator=moderator)
        for _ in range(2)
    ]
    make_site(apps[0].state.session_factory, SITE)
    with serving(apps[0]) as writer, serving(apps[1]) as reader:
        with events(reader, EVENTS) as stream:
            created = post(writer, "Posted on one worker, read on the other.")
            event = stream.next_event()
        # The other process resumes from the shared log too.
        with events(writer, EVENTS, last_event_id="0-0") as stream:
            replayed = stream.next_event()
    assert event.data is not None and event.data["id"] == created["id"]
    assert replayed.id == event.id


def test_without_redis_streams_answer_503_and_posting_works(
    settings: Settings, moderator: Moderator
) -> None:
    # A port nothing listens on: Redis "went away".
    dead = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(dead, moderator=moderator)
    make_site(app.state.session_factory, SITE)
    with serving(app) as base:
        response = httpx.get(f"{base}{EVENTS}", timeout=5)
        created = post(base, "Still posted while live updates are down.")
        page = httpx.get(f"{base}/api/v1/threads/{SITE}/{quote(THREAD, safe='')}/comments")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "live_unavailable"
    assert [c["id"] for c in page.json()["comments"]] == [created["id"]]
