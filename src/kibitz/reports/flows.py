"""A reader's report and what it sets off: its weight, the auto-hide, the spam signal.

Each report is weighted by its reporter's track record (`comments.trust.reporter_weight`). When
the unresolved weight on a published comment reaches the site's threshold (3.0 by default: three
ordinary readers, or one trusted), the comment becomes `pending` with `hidden_by_reports`, and
every reader sees "hidden pending review" in its place until a moderator decides.

Spam reports also feed the spam rule: the comment is judged again with `Context.spam_reports`,
and if the spam score now reaches the hold bar it is hidden the same way. That second look fails
open (a model failure leaves the comment as it was; the weighted threshold still applies).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kibitz.comments import flows as comment_flows
from kibitz.comments import history
from kibitz.comments import service as comments_service
from kibitz.comments.assessor import Assessor
from kibitz.comments.models import Comment
from kibitz.comments.service import Actor
from kibitz.db import utcnow
from kibitz.moderation.rules import Context, Decision, Rule
from kibitz.reports import service
from kibitz.reports.models import Report
from kibitz.sites import moderation as site_moderation

log = logging.getLogger(__name__)

HIDDEN_REASON = "hidden after reader reports: a moderator reviews it"


@dataclass(frozen=True, slots=True)
class ReportRequest:
    comment_id: int
    reason: str
    note: str | None = None


def report(
    session: Session, *, request: ReportRequest, actor: Actor, moderator: Assessor
) -> Report:
    comment = comments_service.get_or_raise(
        session, comment_id=request.comment_id, reader_hash=actor.reader_hash
    )
    site = comment.thread.site
    weight = history.report_weight(
        session, site_id=site.id, reader_hash=actor.reader_hash, now=utcnow()
    )
    created = service.create(
        session,
        comment_id=request.comment_id,
        reason=request.reason,
        note=request.note,
        actor=actor,
        weight=weight,
    )
    if comment.status != "published":
        return created
    settings = comment_flows.site_settings(site)
    total = service.weighted_total(session, comment_id=comment.id)
    if total >= settings.report_threshold:
        why = (
            f"reports weighing {total:g} reached the site's threshold {settings.report_threshold:g}"
        )
        _hide(session, comment, why)
    elif request.reason == Rule.SPAM.value:
        _spam_second_look(session, comment, settings, moderator)
    return created


def _spam_second_look(
    session: Session,
    comment: Comment,
    settings: site_moderation.ModerationSettings,
    moderator: Assessor,
) -> None:
    reports = comment_flows.spam_reports(session, comment_id=comment.id)
    context = Context(spam_reports=reports, thread_title=comment.thread.title)
    verdict, failure = comment_flows.assess(moderator, settings, comment.body, context)
    if verdict is None:
        log.warning("spam second look skipped for comment %s (fails open): %s", comment.id, failure)
        return
    spam = float(verdict.scores.get(Rule.SPAM, 0.0))
    record = dict(comment.moderation_scores or {})
    record["after_reports"] = {"spam_reports": reports, "spam": round(spam, 4)}
    comment.moderation_scores = record
    bars = settings.policy.thresholds.get(Rule.SPAM)
    held = bars is not None and bars.decide(spam).severity >= Decision.HOLD.severity
    if held:
        _hide(session, comment, f"spam reports from {reports} readers raised spam to {spam:.2f}")
    session.flush()


def _hide(session: Session, comment: Comment, why: str) -> None:
    record: dict[str, Any] = dict(comment.moderation_scores or {})
    record["status_reason"] = HIDDEN_REASON
    record["reasons"] = [*record.get("reasons", []), why]
    comment.moderation_scores = record
    comment.status = "pending"
    comment.hidden_by_reports = True
    session.flush()
