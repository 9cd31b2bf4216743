"""Shape one page of comments into nested `CommentRead`s for one reader (pure, no database).

Replies are ordered oldest first under their parent whatever the page's sort order, so a
conversation reads top to bottom. A deleted comment stays as an empty placeholder only while it
still has replies to hold in place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, cast

from kibitz.comments import verdicts
from kibitz.comments.models import Comment
from kibitz.comments.schemas import CommentRead, CommentStatus, SpanRead, VerdictRead
from kibitz.comments.validation import ANONYMOUS


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking: decides `mine`, `body`, `my_vote` and what is visible."""

    reader_hash: str | None
    edit_window: timedelta
    now: datetime
    muted: frozenset[str] = field(default_factory=frozenset)  # authors this reader muted

    def wrote(self, comment: Comment) -> bool:
        return self.reader_hash is not None and comment.reader_hash == self.reader_hash

    def mutes(self, comment: Comment) -> bool:
        return comment.reader_hash is not None and comment.reader_hash in self.muted


def verdict_read(comment: Comment) -> VerdictRead | None:
    """What the author of a held or rejected comment is told about it."""
    record = comment.moderation_scores
    if comment.status not in {"pending", "rejected"} or not record:
        return None
    appealed = "appeal" in record
    return VerdictRead(
        decision=str(record.get("decision", "")),
        flags=verdicts.flags(record),
        scores=verdicts.scores(record),
        reasons=verdicts.reasons(record),
        status_reason=record.get("status_reason"),
        spans=[
            SpanRead(start=s["start"], end=s["end"], rule=s["rule"], text=s["text"])
            for s in verdicts.spans(record)
        ],
        appealable=comment.status == "rejected" and not appealed,
        appealed=appealed,
    )


def to_read(
    comment: Comment,
    viewer: Viewer,
    *,
    my_vote: int = 0,
    reply_count: int = 0,
    replies: list[CommentRead] | None = None,
) -> CommentRead:
    deleted = comment.status == "deleted"
    mine = viewer.wrote(comment) and not deleted
    # Hidden after reader reports: others see a placeholder in its place, not its words.
    hidden = bool(comment.hidden_by_reports) and comment.status == "pending"
    blank = deleted or (hidden and not mine)
    # Shadow-banned: stored as pending, but its author sees it as if it were published.
    shadowed = mine and bool((comment.moderation_scores or {}).get("shadow"))
    return CommentRead(
        id=comment.id,
        parent_id=comment.parent_id,
        author_name="" if blank else (comment.author_name or ANONYMOUS),
        html="" if blank else comment.html,
        body=comment.body if mine else None,
        status=cast(CommentStatus, "published" if shadowed else comment.status),
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        upvotes=comment.upvotes,
        downvotes=comment.downvotes,
        score=comment.score,
        my_vote=cast(Literal[-1, 0, 1], my_vote),
        mine=mine,
        editable_until=comment.created_at + viewer.edit_window if mine else None,
        depth=comment.depth,
        reply_count=reply_count,
        replies=replies or [],
        verdict=verdict_read(comment) if mine and not shadowed else None,
        hidden=hidden,
        muted=viewer.mutes(comment) and not mine,
        statement=mine and not shadowed and "statement" in (comment.moderation_scores or {}),
    )


def build_tree(
    roots: Sequence[Comment],
    replies: Sequence[Comment],
    viewer: Viewer,
    *,
    my_votes: Mapping[int, int],
    root_reply_counts: Mapping[int, int],
) -> list[CommentRead]:
    """Nest `replies` under `roots`; `root_reply_counts` are the full counts from the database
    (a root may have more replies than were loaded)."""
    children: defaultdict[int, list[Comment]] = defaultdict(list)
    for reply in sorted(replies, key=lambda c: c.id):
        if reply.parent_id is not None:
            children[reply.parent_id].append(reply)

    def build(comment: Comment) -> tuple[CommentRead | None, int]:
        """The node (None when pruned) and how many visible comments it holds, itself included."""
        nested: list[CommentRead] = []
        descendants = 0
        for child in children.get(comment.id, ()):
            node, count = build(child)
            if node is not None:
                nested.append(node)
                descendants += count
        is_deleted = comment.status == "deleted"
        if is_deleted and not nested:
            return None, 0
        count = (
            root_reply_counts.get(comment.id, descendants) if comment.depth == 0 else descendants
        )
        node = to_read(
            comment, viewer, my_vote=my_votes.get(comment.id, 0), reply_count=count, replies=nested
        )
        return node, descendants + (0 if is_deleted else 1)

    page: list[CommentRead] = []
    for root in roots:
        node, _ = build(root)
        if node is not None:
            page.append(node)
    return page
