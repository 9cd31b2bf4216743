"""The JSON the comments API takes and gives (DESIGN.md, HTTP API v1).

This module is the contract between the server and the embed widget: change both together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CommentStatus = Literal["published", "pending", "rejected", "deleted"]
SortOrder = Literal["oldest", "newest", "best"]
ReportReason = Literal[
    "violence",
    "racism",
    "profanity",
    "vulgarity",
    "doxing",
    "discourtesy",
    "spam",
    "illegal",
    "other",
]


class StrictModel(BaseModel):
    # Unknown fields are refused rather than ignored, so a typo in a client is a 422, not silence.
    model_config = ConfigDict(extra="forbid")


class CommentCreate(StrictModel):
    site: str = Field(min_length=1, max_length=100)
    thread: str = Field(min_length=1, max_length=500, description="The site's key for the article.")
    parent_id: int | None = None
    body: str = Field(description="Markdown source; 1 to 10,000 characters, not only whitespace.")
    author_name: str | None = Field(None, description="Shown name; 'Anonymous' when empty.")
    author_email: str | None = Field(None, description="Never shown; stored only as a hash.")
    confirm: bool = Field(False, description="Post anyway after a nudge.")
    thread_title: str | None = Field(None, max_length=300, description="Used on first comment.")
    thread_url: str | None = Field(None, max_length=2000, description="Used on first comment.")
    website: str | None = Field(
        None,
        max_length=2000,
        description="Honeypot: hidden from people; a bot that fills it in "
        "is refused (`spam_suspected`).",
    )


class CommentUpdate(StrictModel):
    body: str
    confirm: bool = Field(False, description="Save anyway after a nudge.")


class AppealCreate(StrictModel):
    note: str | None = Field(None, max_length=1000, description="Why the rejection was wrong.")


class MuteCreate(StrictModel):
    comment_id: int = Field(ge=1, description="A comment by the reader to mute.")


class MuteResult(BaseModel):
    muted: bool = Field(description="Whether this comment's author is now muted for you.")


class VoteCreate(StrictModel):
    value: Literal[-1, 0, 1] = Field(description="1 up, -1 down, 0 withdraws the reader's vote.")


class ReportCreate(StrictModel):
    reason: ReportReason
    note: str | None = Field(
        None, max_length=1000, description="Required for `illegal` (an EU DSA notice): explain why."
    )


class SpanRead(BaseModel):
    start: int = Field(description="Offset in the body as typed (Python string index).")
    end: int
    rule: str
    text: str


class VerdictRead(BaseModel):
    decision: str
    flags: list[str] = []
    scores: dict[str, float] = {}
    reasons: list[str] = []
    status_reason: str | None = Field(None, description="Why it is held or rejected, in words.")
    spans: list[SpanRead] = []
    appealable: bool = Field(False, description="Rejected and not yet appealed.")
    appealed: bool = False


class NudgeRead(BaseModel):
    rules: list[str] = Field(description="The rules the text may break, worst first.")
    reasons: list[str]
    spans: list[SpanRead] = Field(description="Which words may break which rule.")


class CommentRead(BaseModel):
    id: int
    parent_id: int | None
    author_name: str
    html: str = Field(description="Sanitised HTML; empty for a deleted comment.")
    body: str | None = Field(None, description="Markdown source, only for the reader's own.")
    status: CommentStatus
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    my_vote: Literal[-1, 0, 1] = 0
    mine: bool = Field(False, description="The reader wrote it and may edit or delete it.")
    editable_until: datetime | None = None
    depth: int
    reply_count: int = Field(description="All descendants visible to this reader.")
    replies: list[CommentRead] = []
    verdict: VerdictRead | None = Field(
        None, description="The machine's judgement, only on the reader's own held or rejected one."
    )
    hidden: bool = Field(
        False, description="Hidden pending review after reader reports: shown as a placeholder."
    )
    muted: bool = Field(False, description="By a reader this reader muted: shown collapsed.")
    statement: bool = Field(
        False,
        description="On the reader's own comment: a moderator's decision on it comes with a "
        "statement of reasons (`GET /api/v1/comments/{id}/statement`).",
    )


class ThreadRead(BaseModel):
    site: str
    key: str
    title: str | None
    url: str | None
    closed: bool


class CommentPage(BaseModel):
    thread: ThreadRead | None = Field(None, description="None until the first comment.")
    comments: list[CommentRead]
    total: int = Field(description="Visible comments in the thread, replies included.")
    next_cursor: str | None
    sort: SortOrder


class CommentCreated(BaseModel):
    id: int
    status: CommentStatus
    verdict: VerdictRead | None
    comment: CommentRead


class VoteResult(BaseModel):
    upvotes: int
    downvotes: int
    score: int
    my_vote: Literal[-1, 0, 1]


class ReportCreated(BaseModel):
    id: int
    reason: ReportReason


class Counts(BaseModel):
    counts: dict[str, int]


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class NudgeResponse(ErrorResponse):
    """422 with `error.code == "nudge"`: nothing was posted; re-send with `confirm: true` to post
    anyway (the comment then waits for a moderator). Other 422s carry no `nudge`."""

    nudge: NudgeRead | None = None
