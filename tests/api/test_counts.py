"""Comment counts for many threads at once (article lists)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import assert_error, post_comment


def test_counts_for_many_threads(client: TestClient) -> None:
    for n in range(3):
        post_comment(client, f"a{n}", thread="a/1")
    root = post_comment(client, "b", thread="b?2")["id"]
    post_comment(client, "b reply", thread="b?2", parent_id=root)
    gone = post_comment(client, "deleted", thread="b?2")["id"]
    assert client.delete(f"/api/v1/comments/{gone}").status_code == 204
    threads = ["a/1", "b?2", "never-commented", "a/1"]
    response = client.get("/api/v1/counts", params={"site": "news", "thread": threads})
    assert response.status_code == 200, response.text
    assert response.json() == {"counts": {"a/1": 3, "b?2": 2, "never-commented": 0}}


def test_counts_bad_input(client: TestClient) -> None:
    assert_error(client.get("/api/v1/counts", params={"site": "news"}), 422, "missing", "thread")
    response = client.get("/api/v1/counts", params={"site": "nope", "thread": "a"})
    assert_error(response, 404, "site_not_found", "site")
    too_many = {"site": "news", "thread": [f"t{n}" for n in range(101)]}
    assert_error(client.get("/api/v1/counts", params=too_many), 422, "too_long", "thread")
    response = client.get("/api/v1/counts", params={"site": "news", "thread": "nul\x00"})
    assert response.status_code == 200
    assert response.json() == {"counts": {"nul\x00": 0}}
