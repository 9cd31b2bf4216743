"""Which browser origins may write to which site, and the CORS answers that go with it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import SITE_ORIGIN, THREAD, assert_error, post_comment

OTHER = "https://evil.example.net"
PAYLOAD = {"site": "news", "thread": THREAD, "body": "from a page"}


def test_allowed_origin_may_write_and_read_the_answer(client: TestClient) -> None:
    response = client.post("/api/v1/comments", json=PAYLOAD, headers={"Origin": SITE_ORIGIN})
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in response.headers["vary"]


def test_origin_is_normalised(client: TestClient) -> None:
    headers = {"Origin": "HTTPS://News.Example.com:443"}
    assert client.post("/api/v1/comments", json=PAYLOAD, headers=headers).status_code == 201


def test_disallowed_origin_is_403_without_cors(client: TestClient) -> None:
    comment_id = post_comment(client)["id"]
    headers = {"Origin": OTHER}
    response = client.post("/api/v1/comments", json=PAYLOAD, headers=headers)
    assert_error(response, 403, "origin_not_allowed")
    assert "access-control-allow-origin" not in response.headers
    for response in (
        client.patch(f"/api/v1/comments/{comment_id}", json={"body": "x"}, headers=headers),
        client.delete(f"/api/v1/comments/{comment_id}", headers=headers),
        client.post(f"/api/v1/comments/{comment_id}/votes", json={"value": 1}, headers=headers),
        client.post(
            f"/api/v1/comments/{comment_id}/reports", json={"reason": "spam"}, headers=headers
        ),
    ):
        assert_error(response, 403, "origin_not_allowed")
    assert_error(
        client.post("/api/v1/comments", json=PAYLOAD, headers={"Origin": "null"}),
        403,
        "origin_not_allowed",
    )


def test_origin_of_another_site_cannot_write_here(client: TestClient) -> None:
    from kibitz.db import transaction
    from kibitz.sites import service as sites_service

    with transaction(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        sites_service.create(session, key="other", origins=[OTHER])
    response = client.post("/api/v1/comments", json=PAYLOAD, headers={"Origin": OTHER})
    # CORS lets the page read the answer (its origin is known), but the write is refused.
    assert_error(response, 403, "origin_not_allowed")
    assert response.headers["access-control-allow-origin"] == OTHER


def test_demo_site_accepts_the_servers_own_origin(client: TestClient) -> None:
    demo = {**PAYLOAD, "site": "demo"}
    own = client.post("/api/v1/comments", json=demo, headers={"Origin": "http://testserver"})
    assert own.status_code == 201, own.text
    other_port = client.post(
        "/api/v1/comments", json=demo, headers={"Origin": "http://testserver:8081"}
    )
    assert_error(other_port, 403, "origin_not_allowed")
    # On any host and port the server is reached by.
    moved = client.post(
        "http://127.0.0.1:9999/api/v1/comments",
        json=demo,
        headers={"Origin": "http://127.0.0.1:9999"},
    )
    assert moved.status_code == 201, moved.text
    # The own origin is special only for the demo site.
    news = client.post("/api/v1/comments", json=PAYLOAD, headers={"Origin": "http://testserver"})
    assert_error(news, 403, "origin_not_allowed")


def test_preflight_for_allowed_and_unknown_origins(client: TestClient) -> None:
    request_headers = {
        "Origin": SITE_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/api/v1/comments", headers=request_headers)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in allowed.headers["access-control-allow-methods"]
    assert allowed.headers["access-control-allow-headers"] == "content-type"
    refused = client.options("/api/v1/comments", headers={**request_headers, "Origin": OTHER})
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


def test_reads_from_an_allowed_origin_get_cors(client: TestClient) -> None:
    response = client.get("/api/v1/health", headers={"Origin": SITE_ORIGIN})
    assert response.headers["access-control-allow-origin"] == SITE_ORIGIN
    unknown = client.get("/api/v1/health", headers={"Origin": OTHER})
    assert unknown.status_code == 200
    assert "access-control-allow-origin" not in unknown.headers
