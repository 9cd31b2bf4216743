"""Every bad input named in issue 3 gets a JSON error with the right 4xx and code, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import THREAD, ClientFactory, assert_error, list_url, post_comment

VALID: dict[str, Any] = {"site": "news", "thread": THREAD, "body": "Reasonable words."}


def _post(client: TestClient, **changes: Any) -> Any:
    payload = {**VALID, **changes}
    return client.post("/api/v1/comments", json={k: v for k, v in payload.items() if v is not ...})


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/comments",
        content=b'{"site": "news",',
        headers={"content-type": "application/json"},
    )
    assert_error(response, 400, "malformed_json")


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"body": 42}, 422, "wrong_type", "body"),
        ({"body": None}, 422, "wrong_type", "body"),
        ({"parent_id": "one"}, 422, "wrong_type", "parent_id"),
        ({"parent_id": 1.5}, 422, "wrong_type", "parent_id"),
        ({"site": ["news"]}, 422, "wrong_type", "site"),
        ({"confirm": "maybe"}, 422, "wrong_type", "confirm"),
        ({"body": ...}, 422, "missing", "body"),
        ({"site": ...}, 422, "missing", "site"),
        ({"surprise": 1}, 422, "unknown_field", "surprise"),
        ({"body": ""}, 422, "body_empty", "body"),
        ({"body": "   \n\t  "}, 422, "body_empty", "body"),
        ({"body": "\u200b\u200b"}, 422, "body_empty", "body"),
        ({"body": "x" * 10_001}, 422, "body_too_long", "body"),
        ({"author_name": "n" * 81}, 422, "name_too_long", "author_name"),
        ({"author_email": "not-an-email"}, 422, "invalid_email", "author_email"),
        ({"thread_url": "javascript:alert(1)"}, 422, "invalid_url", "thread_url"),
        ({"thread": ""}, 422, "too_short", "thread"),
        ({"thread": "   "}, 422, "invalid_thread", "thread"),
        ({"thread": "t" * 501}, 422, "too_long", "thread"),
        ({"body": "nul \x00 byte"}, 422, "invalid_characters", "body"),
        ({"author_name": "\x00"}, 422, "invalid_characters", "author_name"),
        ({"thread": "key\x00"}, 422, "invalid_characters", "thread"),
        ({"site": "nowhere"}, 404, "site_not_found", "site"),
        ({"site": "NEWS\x00"}, 404, "site_not_found", "site"),
        ({"parent_id": 987654}, 404, "parent_not_found", "parent_id"),
        ({"parent_id": 2**63}, 404, "parent_not_found", "parent_id"),
        ({"parent_id": 10**30}, 404, "parent_not_found", "parent_id"),
        ({"parent_id": -1}, 404, "parent_not_found", "parent_id"),
    ],
)
def test_bad_comment_fields(
    client: TestClient, changes: dict[str, Any], status: int, code: str, field: str
) -> None:
    assert_error(_post(client, **changes), status, code, field)


def test_body_of_exactly_the_limit_is_accepted(client: TestClient) -> None:
    assert _post(client, body="x" * 10_000).status_code == 201
    assert _post(client, author_name="n" * 80).status_code == 201


def test_lone_surrogate_is_refused(client: TestClient) -> None:
    raw = b'{"site": "news", "thread": "t", "body": "broken \\ud800 text"}'
    response = client.post(
        "/api/v1/comments", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code in {400, 422}, response.text
    assert response.json()["error"]["code"] in {"malformed_json", "invalid_characters"}


def test_body_that_is_not_an_object(client: TestClient) -> None:
    response = client.post("/api/v1/comments", json=["site", "news"])
    assert_error(response, 422, "wrong_type")


def test_reply_to_a_comment_of_another_thread(client: TestClient) -> None:
    elsewhere = post_comment(client, "elsewhere", thread="another/article")["id"]
    assert_error(_post(client, parent_id=elsewhere), 422, "parent_other_thread", "parent_id")


def test_reply_to_a_deleted_comment(client: TestClient) -> None:
    parent = post_comment(client, "soon gone")["id"]
    assert client.delete(f"/api/v1/comments/{parent}").status_code == 204
    assert_error(_post(client, parent_id=parent), 409, "comment_deleted", "parent_id")


def test_bad_edits(client_factory: ClientFactory) -> None:
    client = client_factory()
    comment_id = post_comment(client, "original")["id"]
    url = f"/api/v1/comments/{comment_id}"
    assert_error(client.patch(url, json={"body": "  "}), 422, "body_empty", "body")
    assert_error(client.patch(url, json={"body": "y" * 10_001}), 422, "body_too_long", "body")
    assert_error(client.patch(url, json={"body": 5}), 422, "wrong_type", "body")
    assert_error(client.patch(url, json={}), 422, "missing", "body")
    assert_error(client.patch(url, json={"body": "b", "x": 1}), 422, "unknown_field", "x")
    response = client.patch(url, content=b"{", headers={"content-type": "application/json"})
    assert_error(response, 400, "malformed_json")


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/comments/999999", 404, "comment_not_found"),
        ("/api/v1/comments/abc", 422, "wrong_type"),
        ("/api/v1/comments/0", 422, "out_of_range"),
        ("/api/v1/comments/-5", 422, "out_of_range"),
        ("/api/v1/comments/99999999999999999999999999", 422, "out_of_range"),
        ("/api/v1/comments/1.5", 422, "wrong_type"),
    ],
)
def test_bad_comment_ids(client: TestClient, path: str, status: int, code: str) -> None:
    assert_error(client.patch(path, json={"body": "x"}), status, code)
    assert_error(client.delete(path), status, code)
    assert_error(client.post(f"{path}/votes", json={"value": 1}), status, code)
    assert_error(client.post(f"{path}/reports", json={"reason": "spam"}), status, code)


@pytest.mark.parametrize(
    ("params", "status", "code", "field"),
    [
        ({"sort": "loudest"}, 422, "invalid_choice", "sort"),
        ({"limit": 0}, 422, "out_of_range", "limit"),
        ({"limit": 101}, 422, "out_of_range", "limit"),
        ({"limit": "ten"}, 422, "wrong_type", "limit"),
        ({"cursor": "not-a-cursor!"}, 400, "bad_cursor", "cursor"),
        ({"cursor": "WyJvbGRlc3QiXQ"}, 400, "bad_cursor", "cursor"),  # ["oldest"]
        ({"cursor": "WyJvbGRlc3QiLCJ4Il0"}, 400, "bad_cursor", "cursor"),  # ["oldest","x"]
        ({"cursor": "x" * 201}, 422, "too_long", "cursor"),
    ],
)
def test_bad_list_parameters(
    client: TestClient, params: dict[str, Any], status: int, code: str, field: str
) -> None:
    post_comment(client)
    assert_error(client.get(list_url(), params=params), status, code, field)


def test_cursor_of_another_sort_is_refused(client: TestClient) -> None:
    for n in range(3):
        post_comment(client, f"c{n}")
    cursor = client.get(list_url(), params={"sort": "best", "limit": 1}).json()["next_cursor"]
    response = client.get(list_url(), params={"sort": "oldest", "cursor": cursor})
    assert_error(response, 400, "bad_cursor", "cursor")


@pytest.mark.parametrize("site", ["nowhere", "UPPER", "%00", "a%2Fb"])
def test_unknown_site_when_listing(client: TestClient, site: str) -> None:
    assert_error(client.get(f"/api/v1/threads/{site}/t/comments"), 404, "site_not_found", "site")


def test_nul_in_thread_key_when_listing(client: TestClient) -> None:
    response = client.get("/api/v1/threads/news/bad%00key/comments")
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_unknown_route_and_method_are_json(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.put("/api/v1/comments"), 405, "method_not_allowed")


def test_nul_byte_in_a_sign_in_email_is_a_4xx(client: TestClient) -> None:
    # PostgreSQL cannot store NUL in text; the fuzzer found this reached the database as a 500.
    response = client.post("/api/v1/auth/login", json={"email": "\x00", "password": "x"})
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
