"""Votes: one per reader per comment, changeable and withdrawable, counters kept on the comment."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import ClientFactory, assert_error, get_page, post_comment


def _vote(client: TestClient, comment_id: int, value: Any) -> Any:
    return client.post(f"/api/v1/comments/{comment_id}/votes", json={"value": value})


def test_one_vote_per_reader_changing_and_withdrawing(client_factory: ClientFactory) -> None:
    author, reader, other = client_factory(), client_factory(), client_factory()
    comment_id = post_comment(author, "vote")["id"]

    first = _vote(reader, comment_id, 1)
    assert first.status_code == 200
    assert first.json() == {"upvotes": 1, "downvotes": 0, "score": 1, "my_vote": 1}
    again = _vote(reader, comment_id, 1).json()
    assert again == {"upvotes": 1, "downvotes": 0, "score": 1, "my_vote": 1}
    assert _vote(other, comment_id, 1).json()["upvotes"] == 2
    changed = _vote(reader, comment_id, -1).json()
    assert changed == {"upvotes": 1, "downvotes": 1, "score": 0, "my_vote": -1}
    withdrawn = _vote(reader, comment_id, 0).json()
    assert withdrawn == {"upvotes": 1, "downvotes": 0, "score": 1, "my_vote": 0}
    assert _vote(reader, comment_id, 0).json()["my_vote"] == 0

    listed = get_page(reader)["comments"][0]
    assert (listed["upvotes"], listed["downvotes"], listed["score"], listed["my_vote"]) == (
        1,
        0,
        1,
        0,
    )


def test_bad_votes(client: TestClient) -> None:
    comment_id = post_comment(client, "vote")["id"]
    assert_error(_vote(client, comment_id, 2), 422, "invalid_choice", "value")
    assert_error(_vote(client, comment_id, "up"), 422, "invalid_choice", "value")
    assert_error(_vote(client, 424242, 1), 404, "comment_not_found")
    response = client.post(f"/api/v1/comments/{comment_id}/votes", json={})
    assert_error(response, 422, "missing", "value")


def test_deleted_comment_takes_no_votes(client: TestClient) -> None:
    comment_id = post_comment(client, "gone")["id"]
    assert client.delete(f"/api/v1/comments/{comment_id}").status_code == 204
    assert_error(_vote(client, comment_id, 1), 409, "comment_deleted")
