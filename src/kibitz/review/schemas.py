"""The JSON the review API takes and gives (moderators only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from kibitz.comments.schemas import CommentStatus, ReportReason, StrictModel, ThreadRead
from kibitz.db import MAX_ID

QueueName = Literal["pending", "reported", "rejected", "approved", "all"]
QueueSort = Literal["severity", "oldest", "newest"]
Action = Literal[
    "approve",
    "reject",
    "edit_approve",
    "feature",
    "unfeature",
    "close_thread",
    "open_thread",
    "suspend",
    "ban",
    "shadow_ban",
]
# The seven house rules, "illegal" (acting on an EU DSA notice), or "other" for what no rule names:
# the same names a reader may report under.
RuleName = ReportReason


class DecisionCreate(StrictModel):
    action: Action
    rule: RuleName | None = Field(None, description="Required to reject.")
    note: str | None = Field(None, max_length=2000, description="Why: kept in the audit log.")
    body: str | None = Field(None, description="The corrected text, for edit_approve.")
    days: int | None = Field(None, ge=1, le=3650, description="How long a suspension lasts.")


CommentIdItem = Annotated[int, Field(ge=1, le=MAX_ID)]


class BulkDecisionCreate(DecisionCreate):
    ids: list[CommentIdItem] = Field(min_length=1, max_length=200, description="Comment ids.")


class ParentRead(BaseModel):
    id: int
    author_name: str
    html: str
    status: CommentStatus


class AuthorHistory(BaseModel):
    published: int = 0
    pending: int = 0
    rejected: int = 0
    first_seen: datetime | None = None


class QueueItem(BaseModel):
    id: int
    status: CommentStatus
    site: str
    thread: ThreadRead
    author_name: str
    html: str
    body: str
    created_at: datetime
    edited_at: datetime | None
    featured: bool
    severity: float = Field(description="The highest rule score, 0 when never assessed.")
    flags: list[str] = Field(description="Rules the policy flagged, worst first.")
    scores: dict[str, float]
    spans: list[dict[str, Any]] = Field(description="Where in the body each flag was found.")
    report_count: int = Field(description="Open reports.")
    report_reasons: dict[str, int] = Field(description="Open reports per reason.")
    parent: ParentRead | None
    author: AuthorHistory


class QueueCounts(BaseModel):
    pending: int
    reported: int
    rejected: int
    approved: int
    all: int


class QueuePage(BaseModel):
    queue: QueueName
    sort: QueueSort
    items: list[QueueItem]
    next_cursor: str | None
    counts: QueueCounts


class ReportRead(BaseModel):
    id: int
    reason: str
    note: str | None
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class DecisionRead(BaseModel):
    id: int
    comment_id: int
    moderator: str | None
    action: str
    rule: str | None
    note: str | None
    created_at: datetime


class AuditRead(BaseModel):
    id: int
    actor: str
    action: str
    target_type: str
    target_id: int
    comment_id: int | None
    site: str | None
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: datetime


class AuditPage(BaseModel):
    entries: list[AuditRead]
    next_cursor: str | None


class BanRead(BaseModel):
    id: int
    kind: str
    expires_at: datetime | None
    reason: str | None
    created_at: datetime


class RecentComment(BaseModel):
    id: int
    status: CommentStatus
    html: str
    created_at: datetime
    thread_title: str | None


class CommentContext(BaseModel):
    comment: QueueItem
    spans: list[dict[str, Any]]
    reasons: list[str] = Field(description="Why the machine flagged it, in words.")
    decision: str | None = Field(description="The machine's decision when it was posted.")
    reports: list[ReportRead]
    decisions: list[DecisionRead]
    audit: list[AuditRead]
    author_decisions: list[DecisionRead] = Field(description="Earlier decisions on the author.")
    author_recent: list[RecentComment] = Field(description="The author's other recent comments.")
    author_ban: BanRead | None


class DecisionResult(BaseModel):
    id: int
    status: CommentStatus
    featured: bool
    thread_closed: bool
    decision_id: int
    audit_id: int


class BulkResult(BaseModel):
    results: list[DecisionResult]


class GroundRead(BaseModel):
    kind: Literal["house_rule", "illegal_content"]
    rule: str | None = Field(description="The house rule, or `illegal`.")
    explanation: str


class AutomatedRead(BaseModel):
    detection: bool = Field(description="Automated means flagged the comment.")
    decision: bool = Field(description="Automated means took the decision (never: a person did).")
    explanation: str


class RedressRead(BaseModel):
    kind: Literal["appeal", "out_of_court", "court"]
    explanation: str


class StatementRead(BaseModel):
    """A statement of reasons (EU DSA art. 17), for the comment's author or a moderator."""

    id: int
    comment_id: int
    issued_at: datetime
    action: str
    restriction: str = Field(description="removal, visibility, edit, …, or none (kept).")
    decision: str = Field(description="What was decided, in words.")
    facts: str = Field(description="The facts and circumstances relied on.")
    ground: GroundRead
    automated: AutomatedRead
    redress: list[RedressRead]
