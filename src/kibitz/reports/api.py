"""HTTP face of reader reports (the ∨ menu)."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter

from kibitz.comments.api import CommentId
from kibitz.comments.schemas import ReportCreate, ReportCreated, ReportReason
from kibitz.reports import flows
from kibitz.web.deps import ActorDep, ModeratorDep, SessionDep
from kibitz.web.errors import ERROR_RESPONSES
from kibitz.web.guard import GuardDep

router = APIRouter(prefix="/api/v1", tags=["reports"], responses=ERROR_RESPONSES)


@router.post("/comments/{comment_id}/reports", status_code=201)
def report_comment(
    comment_id: CommentId,
    payload: ReportCreate,
    session: SessionDep,
    actor: ActorDep,
    moderator: ModeratorDep,
    guard: GuardDep,
) -> ReportCreated:
    """Report a comment for breaking a house rule, as illegal (an EU DSA notice: `note` required)
    or "other"; once per reader per comment. Reports are weighted by the reporter's track record;
    past the site's threshold the comment is hidden pending review."""
    guard.report(actor)
    request = flows.ReportRequest(comment_id=comment_id, reason=payload.reason, note=payload.note)
    report = flows.report(session, request=request, actor=actor, moderator=moderator)
    return ReportCreated(id=report.id, reason=cast(ReportReason, report.reason))
