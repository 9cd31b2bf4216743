"""Reading a thread: nesting, sort orders, cursor pages to the end, totals, odd thread keys."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import ClientFactory, get_page, list_url, post_comment


def _vote(client: TestClient, comment_id: int, value: int) -> None:
    response = client.post(f"/api/v1/comments/{comment_id}/votes", json={"value": value})
    assert response.status_code == 200, response.text


def _all_pages(client: TestClient, **params: Any) -> list[list[int]]:
    """Follow next_cursor ("load more") to the end; the ids of the roots on each page."""
    pages: list[list[int]] = []
    cursor: str | None = None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        page = get_page(client, **query)
        pages.append([comment["id"] for comment in page["comments"]])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages


def test_empty_thread_is_an_empty_page(client: TestClient) -> None:
    page = get_page(client, thread="nobody/commented/yet")
    assert page == {
        "thread": None,
        "comments": [],
        "total": 0,
        "next_cursor": None,
        "sort": "oldest",
    }


def test_sorts_and_cursor_pages_until_the_end(client_factory: ClientFactory) -> None:
    writer = client_factory()
    ids = [post_comment(writer, f"comment {n}")["id"] for n in range(7)]
    reply = post_comment(writer, "a reply", parent_id=ids[0])["id"]
    voters = [client_factory() for _ in range(3)]
    for voter in voters:  # ids[3] gets +3, ids[5] +1, ids[1] -1
        _vote(voter, ids[3], 1)
    _vote(voters[0], ids[5], 1)
    _vote(voters[0], ids[1], -1)

    assert _all_pages(writer, sort="oldest", limit=3) == [ids[0:3], ids[3:6], ids[6:7]]
    newest = list(reversed(ids))
    assert _all_pages(writer, sort="newest", limit=3) == [newest[0:3], newest[3:6], newest[6:7]]
    best = [ids[3], ids[5], ids[0], ids[2], ids[4], ids[6], ids[1]]
    assert _all_pages(writer, sort="best", limit=2) == [best[0:2], best[2:4], best[4:6], best[6:]]
    first = get_page(writer, sort="oldest", limit=3)
    assert first["total"] == 8
    assert first["sort"] == "oldest"
    assert first["comments"][0]["replies"][0]["id"] == reply
    assert first["comments"][0]["reply_count"] == 1


def test_exact_multiple_of_the_page_size_ends_without_an_empty_page(client: TestClient) -> None:
    ids = [post_comment(client, f"c{n}")["id"] for n in range(4)]
    assert _all_pages(client, limit=2) == [ids[:2], ids[2:]]


def test_default_page_size_comes_from_settings(client_factory: ClientFactory) -> None:
    client = client_factory(page_size=2)
    for n in range(3):
        post_comment(client, f"c{n}")
    page = get_page(client)
    assert len(page["comments"]) == 2
    assert page["next_cursor"] is not None


def test_my_vote_and_mine_are_per_reader(client_factory: ClientFactory) -> None:
    author, voter = client_factory(), client_factory()
    comment_id = post_comment(author, "vote on me")["id"]
    _vote(voter, comment_id, -1)
    as_voter = get_page(voter)["comments"][0]
    assert (as_voter["my_vote"], as_voter["mine"], as_voter["downvotes"]) == (-1, False, 1)
    as_author = get_page(author)["comments"][0]
    assert (as_author["my_vote"], as_author["mine"], as_author["score"]) == (0, True, -1)


@pytest.mark.parametrize(
    "thread",
    [
        "plain",
        "world/2026/11/us-strikes",
        "article?id=42&page=2",
        "https://news.example.com/world/a b#frag",
        "مقالة/الضربات",
        "100% sure",
        "x/comments",
    ],
)
def test_thread_keys_with_slashes_queries_and_unicode(client: TestClient, thread: str) -> None:
    created = post_comment(client, "odd key", thread=thread)
    page = get_page(client, thread=thread)
    assert page["thread"]["key"] == thread
    assert [c["id"] for c in page["comments"]] == [created["id"]]


def test_thread_key_path_with_raw_slashes(client: TestClient) -> None:
    post_comment(client, "slashes", thread="a/b/c")
    response = client.get("/api/v1/threads/news/a/b/c/comments")
    assert response.status_code == 200
    assert response.json()["thread"]["key"] == "a/b/c"
    assert client.get(list_url("a/b")).json()["total"] == 0


def test_many_replies_are_capped_but_counted(client: TestClient) -> None:
    from kibitz.comments.listing import MAX_REPLIES_PER_ROOT

    root = post_comment(client, "popular")["id"]
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    _bulk_replies(factory, root, MAX_REPLIES_PER_ROOT + 5)
    (node,) = get_page(client)["comments"]
    assert len(node["replies"]) == MAX_REPLIES_PER_ROOT
    assert node["reply_count"] == MAX_REPLIES_PER_ROOT + 5


def _bulk_replies(factory: Any, root_id: int, count: int) -> None:
    from kibitz.comments.models import Comment
    from kibitz.db import transaction

    with transaction(factory) as session:
        root = session.get(Comment, root_id)
        assert root is not None
        session.add_all(
            Comment(
                thread_id=root.thread_id,
                parent_id=root_id,
                root_id=root_id,
                depth=1,
                body=f"r{n}",
                html=f"<p>r{n}</p>",
            )
            for n in range(count)
        )
