"""Tables of the reports domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from kibitz.db import Base, BigId, UtcDateTime, utcnow
from kibitz.moderation.rules import Rule

# The seven house rules, "illegal" (an EU DSA notice: the note must explain why) and "other" for
# whatever a reader cannot place.
ILLEGAL = "illegal"
REASONS = (*(rule.value for rule in Rule), ILLEGAL, "other")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("comment_id", "reader_hash"),
        # A reporter's track record (upheld vs dismissed) decides the weight of their next report.
        Index("ix_reports_reader_hash_id", "reader_hash", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reader_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Set when a moderator decides on the comment: "upheld" (acted on) or "dismissed".
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolution: Mapped[str | None] = mapped_column(String(16))
    # What this report counted for when it was made (the reporter's track record then).
    weight: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")
    # An `illegal` notice: acting on it owes the author a statement of reasons (EU DSA art. 17).
    statement_of_reasons_due: Mapped[bool] = mapped_column(default=False, server_default=false())
