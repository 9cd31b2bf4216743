"""Posting, replying, editing and deleting through the API, as guest readers with cookies."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import (
    THREAD,
    ClientFactory,
    assert_error,
    close_thread,
    get_page,
    post_comment,
)


def test_create_comment_starts_the_thread(client: TestClient) -> None:
    assert get_page(client)["thread"] is None
    created = post_comment(
        client,
        "Strikes *again*.",
        author_name="Lena",
        thread_title="U.S. strikes",
        thread_url="https://news.example.com/a",
    )
    assert created["status"] == "published"
    assert created["verdict"]["decision"] == "publish" and created["verdict"]["flags"] == []
    comment = created["comment"]
    assert comment["id"] == created["id"]
    assert comment["html"] == "<p>Strikes <em>again</em>.</p>"
    assert comment["body"] == "Strikes *again*."
    assert comment["author_name"] == "Lena"
    assert comment["mine"] is True
    assert comment["editable_until"] is not None
    assert comment["depth"] == 0
    page = get_page(client)
    assert page["thread"] == {
        "site": "news",
        "key": THREAD,
        "title": "U.S. strikes",
        "url": "https://news.example.com/a",
        "closed": False,
    }
    assert [c["id"] for c in page["comments"]] == [created["id"]]


def test_reader_cookie_is_httponly_and_reused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/comments", json={"site": "news", "thread": THREAD, "body": "first"}
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("kibitz_reader=")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    second = client.post(
        "/api/v1/comments", json={"site": "news", "thread": THREAD, "body": "second"}
    )
    assert "set-cookie" not in second.headers


def test_https_requests_get_a_cross_site_cookie(client_factory: ClientFactory) -> None:
    client = client_factory()
    client.base_url = client.base_url.copy_with(scheme="https")
    response = client.post(
        "/api/v1/comments", json={"site": "news", "thread": THREAD, "body": "over TLS"}
    )
    assert response.status_code == 201
    cookie = response.headers["set-cookie"].lower()
    assert "samesite=none" in cookie
    assert "secure" in cookie


def test_anonymous_name_and_inert_html(client: TestClient) -> None:
    created = post_comment(
        client, "<script>alert(1)</script> <b>bold</b>", author_name="<img src=x onerror=alert(1)>"
    )
    comment = created["comment"]
    assert "<script>" not in comment["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in comment["html"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in comment["html"]
    # Names are data, never markup: returned as typed, for the widget to set as text.
    assert comment["author_name"] == "<img src=x onerror=alert(1)>"
    blank = post_comment(client, "hello", author_name="   ")
    assert blank["comment"]["author_name"] == "Anonymous"


def test_links_are_nofollow_and_open_in_a_new_tab(client: TestClient) -> None:
    html = post_comment(client, "see [the report](https://example.org/r)")["comment"]["html"]
    assert 'href="https://example.org/r"' in html
    assert 'rel="nofollow ugc noopener"' in html
    assert 'target="_blank"' in html


def test_reply_nests_under_its_parent(client: TestClient) -> None:
    root = post_comment(client, "root")["id"]
    reply = post_comment(client, "reply", parent_id=root)["comment"]
    assert reply["parent_id"] == root
    assert reply["depth"] == 1
    deeper = post_comment(client, "deeper", parent_id=reply["id"])["comment"]
    assert deeper["depth"] == 2
    page = get_page(client)
    (node,) = page["comments"]
    assert node["reply_count"] == 2
    assert node["replies"][0]["id"] == reply["id"]
    assert node["replies"][0]["replies"][0]["id"] == deeper["id"]
    assert node["replies"][0]["reply_count"] == 1


def test_author_edits_within_the_window(client: TestClient) -> None:
    comment_id = post_comment(client, "frist")["id"]
    response = client.patch(f"/api/v1/comments/{comment_id}", json={"body": "**first**"})
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["html"] == "<p><strong>first</strong></p>"
    assert edited["body"] == "**first**"
    assert edited["edited_at"] is not None
    assert get_page(client)["comments"][0]["html"] == "<p><strong>first</strong></p>"


def test_someone_else_cannot_edit_or_delete(client_factory: ClientFactory) -> None:
    author, stranger = client_factory(), client_factory()
    comment_id = post_comment(author, "mine")["id"]
    assert_error(
        stranger.patch(f"/api/v1/comments/{comment_id}", json={"body": "yours"}), 403, "not_author"
    )
    assert_error(stranger.delete(f"/api/v1/comments/{comment_id}"), 403, "not_author")
    seen_by_stranger = get_page(stranger)["comments"][0]
    assert seen_by_stranger["mine"] is False
    assert seen_by_stranger["body"] is None
    assert get_page(author)["comments"][0]["html"] == "<p>mine</p>"


def test_edit_and_delete_after_the_window(client_factory: ClientFactory) -> None:
    client = client_factory(edit_window_seconds=0)
    comment_id = post_comment(client, "too late")["id"]
    assert_error(
        client.patch(f"/api/v1/comments/{comment_id}", json={"body": "changed"}),
        403,
        "edit_window_closed",
    )
    assert_error(client.delete(f"/api/v1/comments/{comment_id}"), 403, "edit_window_closed")


def test_delete_without_replies_removes_the_comment(client: TestClient) -> None:
    comment_id = post_comment(client, "regret")["id"]
    assert client.delete(f"/api/v1/comments/{comment_id}").status_code == 204
    page = get_page(client)
    assert page["comments"] == []
    assert page["total"] == 0
    assert_error(client.delete(f"/api/v1/comments/{comment_id}"), 409, "comment_deleted")
    assert_error(
        client.patch(f"/api/v1/comments/{comment_id}", json={"body": "x"}), 409, "comment_deleted"
    )


def test_deleted_comment_with_replies_stays_as_placeholder(
    client_factory: ClientFactory,
) -> None:
    author, other = client_factory(), client_factory()
    root = post_comment(author, "a root")["id"]
    child = post_comment(author, "a child", parent_id=root)["id"]
    post_comment(other, "a grandchild", parent_id=child)
    assert author.delete(f"/api/v1/comments/{root}").status_code == 204
    assert author.delete(f"/api/v1/comments/{child}").status_code == 204
    page = get_page(other)
    (placeholder,) = page["comments"]
    assert placeholder["status"] == "deleted"
    assert placeholder["html"] == ""
    assert placeholder["author_name"] == ""
    assert placeholder["mine"] is False
    assert placeholder["reply_count"] == 1
    (inner,) = placeholder["replies"]
    assert inner["status"] == "deleted"
    assert inner["replies"][0]["html"] == "<p>a grandchild</p>"
    assert page["total"] == 1


def test_closed_thread_refuses_comments_but_stays_readable(client: TestClient) -> None:
    first = post_comment(client, "before closing")["id"]
    close_thread(client)
    response = client.post("/api/v1/comments", json={"site": "news", "thread": THREAD, "body": "x"})
    assert_error(response, 409, "thread_closed")
    reply = {"site": "news", "thread": THREAD, "body": "x", "parent_id": first}
    assert_error(client.post("/api/v1/comments", json=reply), 409, "thread_closed")
    assert_error(
        client.patch(f"/api/v1/comments/{first}", json={"body": "edit"}), 409, "thread_closed"
    )
    page = get_page(client)
    assert page["thread"]["closed"] is True
    assert page["total"] == 1
