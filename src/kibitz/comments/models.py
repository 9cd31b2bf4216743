"""Tables of the comments domain: threads, comments, votes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kibitz.db import Base, BigId, UtcDateTime, utcnow
from kibitz.sites.models import Site

STATUSES = ("published", "pending", "rejected", "deleted")


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (UniqueConstraint("site_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    closed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined")


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("status IN ('published', 'pending', 'rejected', 'deleted')", name="status"),
        # Pages of top-level comments (depth 0) per sort order, as index range scans.
        Index("ix_comments_thread_depth_id", "thread_id", "depth", "id"),
        Index("ix_comments_thread_depth_score_id", "thread_id", "depth", "score", "id"),
        # All replies under a page of roots in one query.
        Index("ix_comments_root_id_id", "root_id", "id"),
        # Totals and counts of visible comments per thread.
        Index("ix_comments_thread_status", "thread_id", "status"),
        # The review queues: comments by status across threads and sites.
        Index("ix_comments_status_id", "status", "id"),
        # An author's history at posting time (trust, rate limits, duplicates).
        Index("ix_comments_reader_hash_id", "reader_hash", "id"),
        # Expiring IP hashes (`kibitz privacy purge`).
        Index("ix_comments_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    # Top-level ancestor; NULL on top-level comments themselves.
    root_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    author_name: Mapped[str] = mapped_column(String(80), default="")
    email_hash: Mapped[str | None] = mapped_column(String(64))
    # Hash of the reader token in the author's cookie: proves authorship for edit and delete.
    reader_hash: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    # The reader account that wrote it (None: a guest, or an account since deleted).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="published", server_default="published")
    moderation_scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Counters kept in the vote transaction so "best" sorts on an index, not an aggregate.
    upvotes: Mapped[int] = mapped_column(default=0, server_default="0")
    downvotes: Mapped[int] = mapped_column(default=0, server_default="0")
    score: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Set when a moderator features (pins) the comment.
    featured_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Pending because weighted reader reports passed the site's threshold: readers see a
    # "hidden pending review" placeholder in its place instead of the comment vanishing.
    hidden_by_reports: Mapped[bool] = mapped_column(default=False, server_default=false())

    thread: Mapped[Thread] = relationship()


class Mute(Base):
    """A reader who no longer wants to see another reader's comments (they collapse for them)."""

    __tablename__ = "mutes"
    __table_args__ = (UniqueConstraint("reader_hash", "muted_hash"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reader_hash: Mapped[str] = mapped_column(String(64))
    muted_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("comment_id", "reader_hash"),
        CheckConstraint("value IN (-1, 1)", name="value"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reader_hash: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
