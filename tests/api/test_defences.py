"""Abuse defences through the app: rate limits (in process and in Redis), duplicates, the
honeypot, sign-in throttling, bans at posting, security headers and authorization."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from kibitz.accounts import bans
from kibitz.comments.models import Comment
from kibitz.db import transaction
from kibitz.defences.limits import MemoryLimiter, Rate, RedisLimiter
from kibitz.sites import service as sites_service
from tests.api.accounts_support import sign_in, sign_up
from tests.api.helpers import SITE, ClientFactory, assert_error, get_page, post_comment

REDIS_DB_BASE = 12  # 12 + the xdist worker's number: live tests use 10-11, review live 14-15


@pytest.fixture()
def redis_url(worker_id: str) -> Iterator[str]:
    # One database per xdist worker: limits are keyed by IP and site, which every test shares.
    index = REDIS_DB_BASE + (int(worker_id[2:]) % 2 if worker_id.startswith("gw") else 0)
    url = f"redis://127.0.0.1:6379/{index}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.skip(f"Redis is unreachable at {url}: {exc}")
    client.flushdb()
    yield url
    client.flushdb()


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_posting_limit_answers_429_then_recovers(
    client_factory: ClientFactory, backend: str, request: pytest.FixtureRequest
) -> None:
    extra = {"redis_url": request.getfixturevalue("redis_url")} if backend == "redis" else {}
    client = client_factory(rate_limits=True, rate_limit_post="2/2", **extra)
    post_comment(client, "one")
    post_comment(client, "two")
    refused = client.post("/api/v1/comments", json={"site": SITE, "thread": "t", "body": "3"})
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 2
    time.sleep(int(refused.headers["Retry-After"]) + 0.1)
    post_comment(client, "three")


def test_limiters_share_counts_across_processes(redis_url: str) -> None:
    first, second = (RedisLimiter(redis.Redis.from_url(redis_url)) for _ in range(2))
    rate = Rate(2, 60)
    assert first.hit("k", rate) == 0 and second.hit("k", rate) == 0
    assert first.hit("k", rate) > 0 and second.hit("k", rate) > 0
    memory = MemoryLimiter()
    assert [memory.hit("k", Rate(1, 60)) > 0 for _ in range(2)] == [False, True]


def test_votes_and_reports_are_limited(client_factory: ClientFactory) -> None:
    client = client_factory(rate_limits=True, rate_limit_vote="1/3600", rate_limit_report="1/3600")
    created = post_comment(client, "vote on me")
    url = f"/api/v1/comments/{created['id']}"
    assert client.post(f"{url}/votes", json={"value": 1}).status_code == 200
    assert_error(client.post(f"{url}/votes", json={"value": -1}), 429, "rate_limited")
    assert client.post(f"{url}/reports", json={"reason": "spam"}).status_code == 201
    assert_error(client.post(f"{url}/reports", json={"reason": "other"}), 429, "rate_limited")


def test_sign_in_throttled_per_account_and_sign_up_per_ip(client_factory: ClientFactory) -> None:
    client = client_factory(
        rate_limits=True, rate_limit_signin_account="3/600", rate_limit_signup="1/600"
    )
    sign_up(client)
    for _ in range(3):
        assert_error(
            sign_in(client, "reader@example.org", "wrong guess!"), 401, "invalid_credentials"
        )
    # Even the right password waits now: the stuffing attacker learns nothing more.
    assert_error(sign_in(client, "reader@example.org"), 429, "rate_limited")
    other = client_factory(
        rate_limits=True, rate_limit_signin_account="3/600", rate_limit_signup="1/600"
    )
    response = other.post(
        "/api/v1/auth/signup",
        json={
            "site": SITE,
            "email": "b@example.org",
            "password": "long enough pass",
            "display_name": "B",
        },
    )
    assert_error(response, 429, "rate_limited")


def test_same_text_twice_and_the_honeypot(client_factory: ClientFactory) -> None:
    client = client_factory(duplicate_window_seconds=600)
    post_comment(client, "Buy now at example dot com")
    again = client.post(
        "/api/v1/comments",
        json={"site": SITE, "thread": "other", "body": "buy NOW at example  dot com"},
    )
    assert_error(again, 409, "duplicate_comment", field="body")
    bot = client.post(
        "/api/v1/comments",
        json={"site": SITE, "thread": "t", "body": "hello", "website": "http://spam.example"},
    )
    assert_error(bot, 400, "spam_suspected", field="website")


def _ban(client: TestClient, comment_id: int, kind: str) -> None:
    with transaction(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        comment = session.get(Comment, comment_id)
        assert comment is not None
        site = sites_service.get_or_raise(session, key=SITE)
        bans.create(session, site_id=site.id, kind=kind, reader_hash=comment.reader_hash)


@pytest.mark.parametrize(("kind", "code"), [("ban", "banned"), ("suspend", "suspended")])
def test_bans_refuse_at_once(client_factory: ClientFactory, kind: str, code: str) -> None:
    client = client_factory()
    created = post_comment(client, "before the ban")
    _ban(client, created["id"], kind)
    refused = client.post("/api/v1/comments", json={"site": SITE, "thread": "t", "body": "after"})
    assert_error(refused, 403, code)


def test_shadow_ban_shows_the_comment_to_its_author_only(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    sign_up(author)
    created = post_comment(author, "first")
    _ban(author, created["id"], "shadow_ban")
    shadowed = post_comment(author, "nobody sees this")
    assert shadowed["comment"]["status"] == "published"
    assert [c["id"] for c in get_page(author)["comments"]] == [created["id"], shadowed["id"]]
    assert [c["id"] for c in get_page(other)["comments"]] == [created["id"]]


def test_security_headers(client_factory: ClientFactory) -> None:
    client = client_factory(trusted_proxy=True)
    page = client.get("/admin/login", headers={"X-Forwarded-Proto": "https"})
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1][:20]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = client_factory().get("/admin/login")
    assert "Strict-Transport-Security" not in plain.headers
    assert "frame-ancestors 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_readers_cannot_touch_others_or_moderate(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    sign_up(other, "other@example.org")
    created = post_comment(author, "mine")
    url = f"/api/v1/comments/{created['id']}"
    assert_error(other.patch(url, json={"body": "hijacked"}), 403, "not_author")
    assert_error(other.delete(url), 403, "not_author")
    with transaction(author.app.state.session_factory) as session:  # type: ignore[attr-defined]
        comment = session.get(Comment, created["id"])
        assert comment is not None
        comment.status = "pending"
    assert get_page(other)["comments"] == []
    assert_error(other.get(url.replace("comments", "review/comments")), 403, "not_moderator")
    for path in ("/api/v1/review/queue", "/api/v1/review/audit"):
        assert_error(other.get(path), 403, "not_moderator")
    decision = other.post(
        f"/api/v1/review/comments/{created['id']}/decision", json={"action": "approve"}
    )
    assert_error(decision, 403, "not_moderator")


def test_a_limit_has_no_window_edge_to_slip_through(redis_url: str) -> None:
    # Fixed windows let a client spend a whole limit just before an edge and another just after;
    # the cell-rate limiter allows the burst once and then only the sustained rate.
    for limiter in (MemoryLimiter(), RedisLimiter(redis.Redis.from_url(redis_url))):
        rate = Rate(3, 60)
        allowed = [limiter.hit("edge", rate) == 0 for _ in range(6)]
        assert allowed == [True, True, True, False, False, False]
        assert 1 <= limiter.hit("edge", rate) <= 20  # the next cell arrives 20 s after the last
        limiter.reset("edge")
        assert limiter.hit("edge", rate) == 0
