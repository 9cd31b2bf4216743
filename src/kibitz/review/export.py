"""Moderators' decisions as training rows: the site's own judgements, for `moderation train`.

One row per decided comment, its latest judging decision winning (a later approve overrides an
earlier reject). Rows carry the text the moderator judged: for edit-and-approve that is the text
before the edit, from the audit log, since the original is what broke a rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kibitz.comments import verdicts
from kibitz.comments.models import Comment, Thread
from kibitz.review.actions import KEEPING, REMOVING
from kibitz.review.models import AuditEntry, Decision
from kibitz.sites.models import Site

BATCH = 500


def decision_rows(
    session: Session, *, site: str | None = None, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """`{"id", "text", "site", "action", "rule", "label", "decided_at", "machine_scores"}` rows;
    `label` is "keep" or "remove"; `rule` names the broken rule when one was given."""
    latest = (
        select(func.max(Decision.id))
        .where(Decision.action.in_((*KEEPING, *REMOVING)))
        .group_by(Decision.comment_id)
    )
    query = (
        select(Decision, Comment, Site.key)
        .join(Comment, Decision.comment_id == Comment.id)
        .join(Thread, Comment.thread_id == Thread.id)
        .join(Site, Thread.site_id == Site.id)
        .where(Decision.id.in_(latest.scalar_subquery()), Comment.status != "deleted")
        .order_by(Decision.id)
    )
    if site is not None:
        query = query.where(Site.key == site)
    if since is not None:
        query = query.where(Decision.created_at >= since)
    for decision, comment, site_key in session.execute(query.execution_options(yield_per=BATCH)):
        yield {
            "id": comment.id,
            "text": _judged_text(session, decision, comment),
            "site": site_key,
            "action": decision.action,
            "rule": decision.rule,
            "label": "remove" if decision.action in REMOVING else "keep",
            "decided_at": decision.created_at.isoformat(),
            "machine_scores": verdicts.scores(comment.moderation_scores),
        }


def _judged_text(session: Session, decision: Decision, comment: Comment) -> str:
    if decision.action != "edit_approve":
        return comment.body
    query = (
        select(AuditEntry.before)
        .where(AuditEntry.comment_id == comment.id, AuditEntry.action == "edit_approve")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    before = session.scalar(query) or {}
    return str(before.get("body") or comment.body)
