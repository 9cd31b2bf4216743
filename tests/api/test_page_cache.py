"""The hot-thread cache: anonymous pages come from it, and every write and moderator action
drops them, in process and through Redis."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from kibitz.cache import MemoryPageCache, PageCache, RedisPageCache
from kibitz.comments.models import Comment
from kibitz.db import make_session_factory, transaction
from tests.api.helpers import ClientFactory, get_page, post_comment
from tests.api.live_support import redis_test_url
from tests.api.review_support import moderator_client


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest, worker_id: str) -> str:
    return "" if request.param == "memory" else redis_test_url(worker_id)


def _behind_the_apps_back(client: TestClient, comment_id: int, html: str) -> None:
    """Change a comment with a session the app does not watch: only the cache can hide it."""
    factory = make_session_factory(client.app.state.engine)  # type: ignore[attr-defined]
    with transaction(factory) as session:
        session.execute(update(Comment).where(Comment.id == comment_id).values(html=html))


def test_anonymous_pages_are_cached_and_writes_drop_them(
    client_factory: ClientFactory, backend: str
) -> None:
    author, reader = client_factory(redis_url=backend), client_factory(redis_url=backend)
    first = post_comment(author, "The first word on the story.")
    assert get_page(reader)["comments"][0]["html"].startswith("<p>The first word")
    _behind_the_apps_back(reader, first["id"], "<p>stale</p>")
    assert get_page(reader)["comments"][0]["html"].startswith("<p>The first word")  # cached
    second = post_comment(author, "A second comment drops the cached page.")
    page = get_page(reader)
    assert [c["id"] for c in page["comments"]] == [first["id"], second["id"]]
    assert page["comments"][0]["html"] == "<p>stale</p>"  # read afresh from the database


def test_votes_and_moderator_actions_drop_cached_pages(
    client_factory: ClientFactory, backend: str
) -> None:
    author, reader = client_factory(redis_url=backend), client_factory(redis_url=backend)
    voter = client_factory(redis_url=backend)
    created = post_comment(author, "A comment that readers like and a moderator removes.")
    assert get_page(reader, sort="best")["comments"][0]["score"] == 0
    vote = voter.post(f"/api/v1/comments/{created['id']}/votes", json={"value": 1})
    assert vote.status_code == 200, vote.text
    assert get_page(reader, sort="best")["comments"][0]["score"] == 1
    moderator = moderator_client(client_factory(redis_url=backend))
    decision = moderator.post(
        f"/api/v1/review/comments/{created['id']}/decision",
        json={"action": "reject", "rule": "spam"},
    )
    assert decision.status_code == 200, decision.text
    assert get_page(reader, sort="best")["comments"] == []


def test_readers_who_posted_are_never_served_the_shared_page(
    client_factory: ClientFactory, backend: str
) -> None:
    author, reader = client_factory(redis_url=backend), client_factory(redis_url=backend)
    post_comment(author, "Published for all.")
    assert len(get_page(reader)["comments"]) == 1  # warms the anonymous cache
    mine = get_page(author)["comments"][0]
    assert mine["mine"] is True and mine["body"] == "Published for all."


def _caches(backend: str) -> PageCache:
    return RedisPageCache(backend, ttl=60) if backend else MemoryPageCache(ttl=60)


def test_a_page_computed_before_an_invalidation_is_not_stored(backend: str) -> None:
    cache = _caches(backend)
    generation, body = cache.get("thread", "oldest:20:")
    assert body is None and generation is not None
    cache.invalidate("thread")  # a write commits while the page was being computed
    cache.put("thread", "oldest:20:", generation, b"old page")
    assert cache.get("thread", "oldest:20:")[1] is None
    fresh, _ = cache.get("thread", "oldest:20:")
    assert fresh is not None
    cache.put("thread", "oldest:20:", fresh, b"new page")
    assert cache.get("thread", "oldest:20:")[1] == b"new page"


def test_a_lost_redis_serves_from_the_database() -> None:
    cache = RedisPageCache("redis://127.0.0.1:1/0", ttl=60)
    assert cache.get("thread", "oldest:20:") == (None, None)
    cache.invalidate("thread")  # logged and owed, never raised
