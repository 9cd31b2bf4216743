"""The review queues live: moderators' stream of comments entering a queue and of decisions, in
process and across processes through Redis, scoped to the sites each moderator may see."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import redis
from fastapi import FastAPI

from kibitz.accounts import service as accounts
from kibitz.config import Settings
from kibitz.db import transaction
from kibitz.moderation import Moderator
from kibitz.sites import service as sites_service
from kibitz.web.app import create_app
from tests.api.helpers import SITE, THREAD, make_site
from tests.api.live_support import REDIS_HOST, EventReader, Received, serving

AppMaker = Callable[..., FastAPI]
PASSWORD = "correct horse battery staple"
OTHER_SITE = "gazette"
EVENTS = "/api/v1/review/events"
# A Redis database of its own (the thread live tests use 10 and up, defences 13).
REDIS_DB = 14


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest, worker_id: str) -> str:
    if request.param == "memory":
        return ""
    index = REDIS_DB + (int(worker_id[2:]) % 2 if worker_id.startswith("gw") else 0)
    url = f"redis://{REDIS_HOST}:6379/{index}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is unreachable at {url}: {exc}")
    return url


@pytest.fixture()
def make_app(settings: Settings, moderator: Moderator, backend: str) -> Iterator[AppMaker]:
    made: list[FastAPI] = []

    def make() -> FastAPI:
        values = {"redis_url": backend, "heartbeat_seconds": 5}
        app = create_app(settings.model_copy(update=values), moderator=moderator)
        if not made:
            make_site(app.state.session_factory, SITE)
            make_site(app.state.session_factory, OTHER_SITE)
            _user(app, "mod@news.example.com", "moderator")
            _user(app, "gazette-mod@news.example.com", "moderator", site=OTHER_SITE)
            _user(app, "reader@news.example.com", "reader")
        made.append(app)
        return app

    yield make


def _user(app: FastAPI, email: str, role: str, site: str | None = None) -> None:
    with transaction(app.state.session_factory) as session:
        row = sites_service.get_or_raise(session, key=site) if site else None
        accounts.create_user(session, email=email, password=PASSWORD, role=role, site=row)


@contextmanager
def _signed_in(base: str, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=10) as client:
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


@contextmanager
def review_stream(client: httpx.Client, last_event_id: str | None = None) -> Iterator[EventReader]:
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    with client.stream("GET", EVENTS, headers=headers, timeout=5) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        reader = EventReader(response)
        assert reader.next().kind is None  # the `retry:` preamble
        yield reader


def post(base: str, body: str, site: str = SITE, **fields: object) -> httpx.Client:
    """A guest posts; returns their client (their reader cookie) for what they do next."""
    author = httpx.Client(base_url=base, timeout=10)
    payload = {"site": site, "thread": THREAD, "body": body, **fields}
    response = author.post("/api/v1/comments", json=payload)
    assert response.status_code == 201, response.text
    author.headers["X-Comment-Id"] = str(response.json()["id"])
    return author


def _data(event: Received) -> dict[str, object]:
    assert event.data is not None
    return event.data


def test_a_held_comment_arrives_and_its_decision_follows(make_app: AppMaker) -> None:
    with serving(make_app()) as base, _signed_in(base, "mod@news.example.com") as mod:
        with review_stream(mod) as stream:
            post(base, "A fair point about the budget.").close()  # published: no event
            author = post(base, "Only an idiot would believe this.", confirm=True)
            comment_id = int(author.headers["X-Comment-Id"])
            queued = stream.next_event()
            decision = {"action": "approve"}
            decided = mod.post(f"/api/v1/review/comments/{comment_id}/decision", json=decision)
            assert decided.status_code == 200, decided.text
            after = stream.next_event()
            author.close()
    assert queued.kind == "queued"
    data = _data(queued)
    assert isinstance(data.pop("site_id"), int)
    assert data == {
        "type": "queued",
        "comment_id": comment_id,
        "reason": "held",
        "queue": "pending",
    }
    assert after.kind == "decided"
    assert _data(after)["comment_id"] == comment_id
    assert _data(after)["action"] == "approve"
    assert _data(after)["status"] == "published"


def test_rejections_appeals_and_reports_enter_their_queues(make_app: AppMaker) -> None:
    with serving(make_app()) as base, _signed_in(base, "mod@news.example.com") as mod:
        with review_stream(mod) as stream:
            author = post(base, "Play casino at www.casino-win.xyz tonight")
            rejected_id = int(author.headers["X-Comment-Id"])
            rejected = stream.next_event()
            appeal = author.post(f"/api/v1/comments/{rejected_id}/appeal", json={})
            assert appeal.status_code == 200, appeal.text
            appealed = stream.next_event()
            fine = post(base, "The ceasefire talks resume on Monday.")
            fine_id = int(fine.headers["X-Comment-Id"])
            with httpx.Client(base_url=base, timeout=10) as reporter:
                report = {"reason": "illegal", "note": "Defames a named person."}
                done = reporter.post(f"/api/v1/comments/{fine_id}/reports", json=report)
                assert done.status_code == 201, done.text
            reported = stream.next_event()
            author.close()
            fine.close()
    assert (_data(rejected)["reason"], _data(rejected)["queue"]) == ("rejected", "rejected")
    assert (_data(appealed)["reason"], _data(appealed)["queue"]) == ("appealed", "pending")
    assert _data(reported)["comment_id"] == fine_id
    assert (_data(reported)["reason"], _data(reported)["queue"]) == ("reported", "reported")


def test_a_moderator_sees_only_the_sites_they_moderate(make_app: AppMaker) -> None:
    with (
        serving(make_app()) as base,
        _signed_in(base, "gazette-mod@news.example.com") as gazette,
        review_stream(gazette) as stream,
    ):
        post(base, "Only an idiot would believe this.", confirm=True).close()
        theirs = post(base, "Only an idiot wrote this, surely.", site=OTHER_SITE, confirm=True)
        event = stream.next_event()
        theirs.close()
    assert _data(event)["comment_id"] == int(theirs.headers["X-Comment-Id"])


def test_a_reconnecting_dashboard_resumes_from_last_event_id(make_app: AppMaker) -> None:
    with serving(make_app()) as base, _signed_in(base, "mod@news.example.com") as mod:
        with review_stream(mod) as stream:
            post(base, "Only an idiot would believe this.", confirm=True).close()
            first = stream.next_event()
        missed = post(base, "Only an idiot, again.", confirm=True)
        with review_stream(mod, last_event_id=first.id) as resumed:
            event = resumed.next_event()
        missed.close()
    assert _data(event)["comment_id"] == int(missed.headers["X-Comment-Id"])


def test_readers_and_strangers_cannot_listen(make_app: AppMaker) -> None:
    with serving(make_app()) as base:
        with httpx.Client(base_url=base, timeout=5) as stranger:
            response = stranger.get(EVENTS)
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "not_signed_in"
        with _signed_in(base, "reader@news.example.com") as reader:
            response = reader.get(EVENTS)
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "not_moderator"
