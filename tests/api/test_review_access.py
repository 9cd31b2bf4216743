"""Who may reach the review API: nobody without a session (401), no reader (403), moderators of
one site only that site, and no cookie-authenticated write without the CSRF token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.api.helpers import SITE, ClientFactory, assert_error, get_page, make_site
from tests.api.review_support import (
    decide,
    factory_of,
    ids,
    make_comment,
    make_user,
    moderator_client,
    queue,
    sign_in,
)

ENDPOINTS = [
    ("GET", "/api/v1/review/queue", None),
    ("GET", "/api/v1/review/counts", None),
    ("GET", "/api/v1/review/comments/{id}", None),
    ("GET", "/api/v1/review/audit", None),
    ("POST", "/api/v1/review/comments/{id}/decision", {"action": "approve"}),
    ("POST", "/api/v1/review/decisions", {"action": "approve", "ids": ["{id}"]}),
]


def _call(client: TestClient, method: str, path: str, body: object, comment_id: int) -> Response:
    url = path.replace("{id}", str(comment_id))
    if body is None:
        return client.request(method, url)
    if isinstance(body, dict) and "ids" in body:
        body = {**body, "ids": [comment_id]}
    return client.request(method, url, json=body)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_signed_out_is_401(client: TestClient, method: str, path: str, body: object) -> None:
    comment_id = make_comment(client)
    assert_error(_call(client, method, path, body, comment_id), 401, "not_signed_in")


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_reader_is_403(client: TestClient, method: str, path: str, body: object) -> None:
    comment_id = make_comment(client)
    make_user(client, "reader@example.com", "reader")
    sign_in(client, "reader@example.com")
    assert_error(_call(client, method, path, body, comment_id), 403, "not_moderator")


def test_readers_do_not_see_others_pending_comments(client_factory: ClientFactory) -> None:
    moderator = moderator_client(client_factory())
    make_comment(moderator, "held for review")
    make_comment(moderator, "rejected", status="rejected")
    shown = make_comment(moderator, "published", status="published")
    page = get_page(client_factory())
    assert [c["id"] for c in page["comments"]] == [shown]
    assert page["total"] == 1


@pytest.mark.parametrize("with_header", [False, True])
def test_writes_need_the_csrf_token(client: TestClient, with_header: bool) -> None:
    moderator_client(client)
    comment_id = make_comment(client)
    csrf = client.headers.pop("X-CSRF-Token")
    headers = {"X-CSRF-Token": "0" * 64} if with_header else {}
    for url, body in (
        (f"/api/v1/review/comments/{comment_id}/decision", {"action": "approve"}),
        ("/api/v1/review/decisions", {"action": "approve", "ids": [comment_id]}),
    ):
        assert_error(client.post(url, json=body, headers=headers), 403, "csrf_failed")
    assert queue(client, queue="pending")["counts"]["pending"] == 1  # nothing changed
    ok = client.post(
        f"/api/v1/review/comments/{comment_id}/decision",
        json={"action": "approve"},
        headers={"X-CSRF-Token": csrf},
    )
    assert ok.status_code == 200, ok.text


def test_site_moderator_sees_and_acts_on_their_site_only(client: TestClient) -> None:
    make_site(factory_of(client), "other")
    ours = make_comment(client, "ours")
    theirs = make_comment(client, "theirs", site="other")
    moderator_client(client, "local@news.example.com", site=SITE)
    assert ids(queue(client)) == [ours]
    assert queue(client, site="other")["items"] == []
    assert_error(client.get(f"/api/v1/review/comments/{theirs}"), 404, "comment_not_found")
    decide(client, theirs, 404, action="approve")
    bulk = client.post(
        "/api/v1/review/decisions", json={"action": "approve", "ids": [ours, theirs]}
    )
    assert_error(bulk, 404, "comment_not_found")
    # All or nothing: the comment this moderator may decide on was not approved either.
    assert ids(queue(client, queue="pending")) == [ours]
    entries = client.get("/api/v1/review/audit").json()["entries"]
    assert entries == []
