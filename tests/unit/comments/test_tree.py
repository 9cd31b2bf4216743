"""Building the nested page for one reader, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kibitz.comments.models import Comment
from kibitz.comments.tree import Viewer, build_tree

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ME = "reader-hash-me"


def _comment(comment_id: int, parent: Comment | None = None, **fields: Any) -> Comment:
    values: dict[str, Any] = {
        "id": comment_id,
        "thread_id": 1,
        "parent_id": parent.id if parent else None,
        "root_id": (parent.root_id or parent.id) if parent else None,
        "depth": parent.depth + 1 if parent else 0,
        "author_name": f"author {comment_id}",
        "reader_hash": "someone-else",
        "body": f"body {comment_id}",
        "html": f"<p>body {comment_id}</p>",
        "status": "published",
        "upvotes": 0,
        "downvotes": 0,
        "score": 0,
        "created_at": NOW - timedelta(minutes=5),
        "edited_at": None,
    }
    values.update(fields)
    return Comment(**values)


def _viewer(reader_hash: str | None = ME) -> Viewer:
    return Viewer(reader_hash=reader_hash, edit_window=timedelta(minutes=15), now=NOW)


def test_replies_nest_oldest_first_whatever_order_they_arrive_in() -> None:
    root = _comment(1)
    late = _comment(9, root)
    early = _comment(3, root)
    grandchild = _comment(4, early)
    (node,) = build_tree(
        [root], [late, grandchild, early], _viewer(), my_votes={}, root_reply_counts={1: 3}
    )
    assert [reply.id for reply in node.replies] == [3, 9]
    assert node.replies[0].replies[0].id == 4
    assert (node.reply_count, node.replies[0].reply_count, node.replies[1].reply_count) == (3, 1, 0)


def test_root_reply_count_comes_from_the_database_total() -> None:
    root = _comment(1)
    (node,) = build_tree(
        [root], [_comment(2, root)], _viewer(), my_votes={}, root_reply_counts={1: 250}
    )
    assert node.reply_count == 250
    assert len(node.replies) == 1


def test_mine_body_and_vote_are_for_this_reader_only() -> None:
    mine = _comment(1, reader_hash=ME, body="**raw**")
    theirs = _comment(2)
    nodes = build_tree([mine, theirs], [], _viewer(), my_votes={2: -1}, root_reply_counts={})
    assert (nodes[0].mine, nodes[0].body, nodes[0].my_vote) == (True, "**raw**", 0)
    assert nodes[0].editable_until == mine.created_at + timedelta(minutes=15)
    assert (nodes[1].mine, nodes[1].body, nodes[1].my_vote, nodes[1].editable_until) == (
        False,
        None,
        -1,
        None,
    )
    guest = build_tree([mine], [], _viewer(None), my_votes={}, root_reply_counts={})
    assert guest[0].mine is False
    assert guest[0].body is None


def test_deleted_placeholders_only_while_they_hold_replies() -> None:
    root = _comment(1, status="deleted", html="", body="")
    child = _comment(2, root, status="deleted", html="", body="")
    grandchild = _comment(3, child)
    lonely = _comment(4, root, status="deleted", html="", body="")
    alone = _comment(5, status="deleted", html="", body="")
    nodes = build_tree(
        [root, alone], [child, grandchild, lonely], _viewer(), my_votes={}, root_reply_counts={1: 1}
    )
    (node,) = nodes
    assert (node.id, node.status, node.html, node.author_name) == (1, "deleted", "", "")
    assert [reply.id for reply in node.replies] == [2]
    assert node.replies[0].replies[0].id == 3
    assert node.replies[0].reply_count == 1


def test_anonymous_name() -> None:
    (node,) = build_tree(
        [_comment(1, author_name="")], [], _viewer(), my_votes={}, root_reply_counts={}
    )
    assert node.author_name == "Anonymous"
