"""HTTP face of reader reports (the ∨ menu)."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter

from kibitz.comments.api import CommentId
from kibitz.comments.schemas import ReportCreate, ReportCreated, ReportReason
from kibitz.reports import service
from kibitz.web.deps import ActorDep, SessionDep
from kibitz.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["reports"], responses=ERROR_RESPONSES)


@router.post("/comments/{comment_id}/reports", status_code=201)
def report_comment(
    comment_id: CommentId, payload: ReportCreate, session: SessionDep, actor: ActorDep
) -> ReportCreated:
    """Report a comment for breaking a house rule (or "other"); once per reader per comment."""
    report = service.create(
        session, comment_id=comment_id, reason=payload.reason, note=payload.note, actor=actor
    )
    return ReportCreated(id=report.id, reason=cast(ReportReason, report.reason))
