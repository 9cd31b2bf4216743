"""Moderator actions on a comment: approve, reject, edit-and-approve, feature, close the thread,
suspend, ban or shadow-ban the author; one at a time or in bulk.

Each action is one call that records a `Decision` and an `AuditEntry` (state before and after) in
the caller's transaction. Actions that judge the comment also resolve its open reports: "upheld"
when the comment is removed, "dismissed" when it stays. A bulk action is all or nothing: the first
refusal raises, and the caller's transaction rolls every change back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.orm import Session

from kibitz.accounts import bans
from kibitz.accounts.models import User
from kibitz.accounts.service import ModeratorScope
from kibitz.comments import service as comments_service
from kibitz.comments import validation
from kibitz.comments.errors import CommentDeleted, CommentNotFound
from kibitz.comments.models import Comment
from kibitz.comments.render import render_markdown
from kibitz.comments.schemas import CommentStatus
from kibitz.db import utcnow
from kibitz.errors import Conflict, InvalidInput
from kibitz.reports.models import ILLEGAL, Report
from kibitz.review import audit, statements
from kibitz.review.models import Decision
from kibitz.review.schemas import DecisionResult

REMOVING = ("reject", "suspend", "ban", "shadow_ban")
KEEPING = ("approve", "edit_approve", "feature")
THREAD_ACTIONS = ("close_thread", "open_thread")
ACTIONS = (*KEEPING, *REMOVING, *THREAD_ACTIONS, "unfeature")
BULK_REFUSED = ("edit_approve",)  # one corrected text cannot fit many comments


class AuthorUnknown(Conflict):
    code = "author_unknown"


@dataclass(frozen=True, slots=True)
class DecisionRequest:
    action: str
    rule: str | None = None
    note: str | None = None
    body: str | None = None
    days: int | None = None
    max_body_chars: int = 10_000


def decide(
    session: Session,
    *,
    comment_id: int,
    request: DecisionRequest,
    moderator: User,
    scope: ModeratorScope,
) -> DecisionResult:
    _check(request)
    comment = comment_or_raise(session, comment_id, scope)
    if comment.status == "deleted" and request.action not in THREAD_ACTIONS:
        raise CommentDeleted("the author deleted this comment")
    before = snapshot(comment)
    verdict_before = dict(comment.moderation_scores or {})
    open_reports = statements.open_reports(session, comment.id)
    target_type, target_id = _APPLY[request.action](session, comment, request, moderator)
    if request.action in REMOVING or request.action in KEEPING:
        _resolve_reports(session, comment, "upheld" if request.action in REMOVING else "dismissed")
    decision = Decision(
        comment_id=comment.id,
        moderator_id=moderator.id,
        action=request.action,
        rule=request.rule,
        note=request.note,
    )
    session.add(decision)
    session.flush()
    facts = _circumstances(comment, request, verdict_before, open_reports, str(before["status"]))
    statements.issue(session, comment=comment, decision_id=decision.id, facts=facts)
    entry = audit.record(
        session,
        actor=moderator,
        action=request.action,
        target_type=target_type,
        target_id=target_id,
        site_id=comment.thread.site_id,
        comment_id=comment.id,
        reason=_reason(request),
        before=before,
        after=snapshot(comment),
    )
    return DecisionResult(
        id=comment.id,
        status=cast(CommentStatus, comment.status),
        featured=comment.featured_at is not None,
        thread_closed=comment.thread.closed,
        decision_id=decision.id,
        audit_id=entry.id,
    )


def decide_many(
    session: Session,
    *,
    comment_ids: Sequence[int],
    request: DecisionRequest,
    moderator: User,
    scope: ModeratorScope,
) -> list[DecisionResult]:
    if request.action in BULK_REFUSED:
        raise InvalidInput(f"{request.action} works on one comment at a time", field="action")
    unique = list(dict.fromkeys(comment_ids))
    return [
        decide(session, comment_id=cid, request=request, moderator=moderator, scope=scope)
        for cid in unique
    ]


def snapshot(comment: Comment) -> dict[str, Any]:
    """What an action may change, as the audit log keeps it."""
    return {
        "status": comment.status,
        "featured": comment.featured_at is not None,
        "thread_closed": comment.thread.closed,
        "body": comment.body,
    }


def _check(request: DecisionRequest) -> None:
    if request.action not in ACTIONS:
        raise InvalidInput(
            f"unknown action {request.action!r}", field="action", code="invalid_choice"
        )
    if request.action == "reject" and not request.rule:
        raise InvalidInput("name the rule the comment breaks", field="rule", code="missing")
    if request.action == "suspend" and not request.days:
        raise InvalidInput("say for how many days", field="days", code="missing")
    if request.action == "edit_approve" and request.body is None:
        raise InvalidInput("send the corrected text", field="body", code="missing")


def comment_or_raise(session: Session, comment_id: int, scope: ModeratorScope) -> Comment:
    comment = comments_service.get(session, comment_id=comment_id)
    # Comments on sites this moderator does not moderate do not exist for them.
    if comment is None or not scope.covers(comment.thread.site_id):
        raise CommentNotFound(f"no comment {comment_id}", field="id")
    return comment


def _circumstances(
    comment: Comment,
    request: DecisionRequest,
    verdict: dict[str, Any],
    reports: dict[str, int],
    status_before: str,
) -> statements.Circumstances:
    """What lay before the moderator, for the statement of reasons the decision may owe."""
    return statements.Circumstances(
        action=request.action,
        rule=request.rule,
        note=request.note,
        days=request.days,
        status_before=status_before,
        verdict=verdict,
        notices=reports.get(ILLEGAL, 0),
        reports=reports,
        appealable=comment.status == "rejected" and "appeal" not in verdict,
    )


def _reason(request: DecisionRequest) -> str | None:
    parts = [f"rule: {request.rule}" if request.rule else "", request.note or ""]
    if request.days:
        parts.append(f"for {request.days} days")
    return "; ".join(part for part in parts if part) or None


def _resolve_reports(session: Session, comment: Comment, resolution: str) -> None:
    session.execute(
        update(Report)
        .where(Report.comment_id == comment.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolution=resolution)
    )


Target = tuple[str, int]
Apply = Callable[[Session, Comment, DecisionRequest, User], Target]


def _publish(session: Session, comment: Comment, request: DecisionRequest, _m: User) -> Target:
    comment.status = "published"
    if request.action == "feature":
        comment.featured_at = utcnow()
    session.flush()
    return "comment", comment.id


def _edit_approve(session: Session, comment: Comment, request: DecisionRequest, _m: User) -> Target:
    comment.body = validation.clean_body(request.body or "", max_chars=request.max_body_chars)
    comment.html = render_markdown(comment.body)
    comment.edited_at = utcnow()
    comment.status = "published"
    session.flush()
    return "comment", comment.id


def _reject(session: Session, comment: Comment, _r: DecisionRequest, _m: User) -> Target:
    comment.status = "rejected"
    comment.featured_at = None
    session.flush()
    return "comment", comment.id


def _unfeature(session: Session, comment: Comment, _r: DecisionRequest, _m: User) -> Target:
    comment.featured_at = None
    session.flush()
    return "comment", comment.id


def _thread(session: Session, comment: Comment, request: DecisionRequest, _m: User) -> Target:
    closed = request.action == "close_thread"
    comments_service.set_thread_closed(session, thread=comment.thread, closed=closed)
    return "thread", comment.thread_id


def _ban(session: Session, comment: Comment, request: DecisionRequest, moderator: User) -> Target:
    """Bar the author from the comment's site, and take this comment down."""
    if comment.reader_hash is None:
        raise AuthorUnknown("this comment's author cannot be identified")
    days = request.days if request.action == "suspend" else None
    ban = bans.create(
        session,
        site_id=comment.thread.site_id,
        kind=request.action,
        reader_hash=comment.reader_hash,
        expires_at=utcnow() + timedelta(days=days) if days else None,
        reason=_reason(request),
        created_by=moderator.id,
    )
    _reject(session, comment, request, moderator)
    return "ban", ban.id


_APPLY: dict[str, Apply] = {
    "approve": _publish,
    "feature": _publish,
    "edit_approve": _edit_approve,
    "reject": _reject,
    "unfeature": _unfeature,
    "close_thread": _thread,
    "open_thread": _thread,
    "suspend": _ban,
    "ban": _ban,
    "shadow_ban": _ban,
}
