"""Tables of the reports domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kibitz.db import Base, BigId, UtcDateTime, utcnow
from kibitz.moderation.rules import Rule

# The seven house rules, plus "other" for whatever a reader cannot place.
REASONS = (*(rule.value for rule in Rule), "other")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("comment_id", "reader_hash"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reader_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Set when a moderator decides on the comment: "upheld" (acted on) or "dismissed".
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution: Mapped[str | None] = mapped_column(String(16))
