"""Posting, editing and appealing a comment: the use case that spans comments, sites, moderation
and reports (DESIGN.md "Data flow of one comment").

Every new or edited comment is judged by the moderation model with its context (the author's
history, the thread's recent comments, reports) under the site's policy, then by the site's own
checks, and stored with the outcome in the caller's transaction:

    publish -> published;  nudge -> `NudgeRequired` (422, nothing stored) unless confirmed, then
    pending;  hold -> pending;  reject -> rejected (the author may appeal once).

Nothing posted is lost: when the model cannot judge, the comment is stored as pending with the
reason "automatic moderation unavailable". A nudge stores nothing because the writer has not
posted yet: the widget keeps the text and offers "Edit" or "Post anyway".
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from kibitz.comments import history as history_service
from kibitz.comments import service, validation
from kibitz.comments.assessor import Assessor
from kibitz.comments.checks import CheckInput, run_checks
from kibitz.comments.errors import NotAuthor
from kibitz.comments.judge import STATUS_BY_DECISION as STATUS
from kibitz.comments.judge import Outcome, decide, nudge_payload, record
from kibitz.comments.models import Comment
from kibitz.comments.service import Actor, NewComment
from kibitz.comments.trust import NEW
from kibitz.config import Settings
from kibitz.db import utcnow
from kibitz.defences import gate
from kibitz.errors import Conflict, InvalidInput, TooManyRequests
from kibitz.moderation.rules import Context, Verdict
from kibitz.reports.models import Report
from kibitz.sites import moderation as site_moderation
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site

log = logging.getLogger(__name__)


class NudgeRequired(InvalidInput):
    """The text may break a house rule: the writer is asked to reconsider before posting."""

    code = "nudge"

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(
            "this comment may break the house rules: edit it, or post it anyway for review",
            field="body",
        )
        self.nudge = nudge_payload(outcome)

    def details(self) -> dict[str, Any]:
        return {"nudge": self.nudge}


class CommentRejected(Conflict):
    code = "comment_rejected"


class AlreadyAppealed(Conflict):
    code = "already_appealed"


class NotAppealable(Conflict):
    code = "not_appealable"


@dataclass(frozen=True, slots=True)
class Posting:
    """What a write needs beyond the comment: the server's settings and its moderator."""

    settings: Settings
    moderator: Assessor
    confirm: bool = False


def create(session: Session, *, new: NewComment, actor: Actor, posting: Posting) -> Comment:
    site = sites_service.get_or_raise(session, key=new.site)
    now = utcnow()
    found = history_service.history(
        session, site_id=site.id, reader_hash=actor.reader_hash, now=now
    )
    settings = site_settings(site)
    admission = gate.check(
        session,
        site=site,
        actor=actor,
        body=new.body,
        server=posting.settings,
        first_post=found.comment_count == 0,
    )
    new = admission.apply(new)
    if found.trust_level == NEW and found.comment_count > 0:
        # A reader with no comment on this site has nothing in any window: no limit to reach.
        _check_rate(session, site, actor, settings, posting.settings, now)
    comment = service.create(
        session, new=new, actor=actor, settings=posting.settings, site=site, flush=False
    )
    # Judged before it is stored, so the comment goes in with its outcome in one INSERT; the
    # judge's queries must not flush it half-made (it is not in them either way: no id yet).
    with session.no_autoflush:
        _judge(session, comment, site, settings, found, posting, fresh=True)
    if admission.shadow:
        gate.shadow(session, comment)
    return comment


def edit(
    session: Session, *, comment_id: int, body: str, actor: Actor, posting: Posting
) -> Comment:
    """The author's edit, judged again; it never takes a comment out of a moderator's hands."""
    current = service.get_or_raise(session, comment_id=comment_id, reader_hash=actor.reader_hash)
    if current.status == "rejected" and current.reader_hash == actor.reader_hash:
        raise CommentRejected("a rejected comment cannot be edited: appeal instead")
    in_review = current.hidden_by_reports or "appeal" in (current.moderation_scores or {})
    comment = service.update_body(
        session, comment_id=comment_id, body=body, actor=actor, settings=posting.settings
    )
    site = comment.thread.site
    found = history_service.history(
        session, site_id=site.id, reader_hash=actor.reader_hash, now=utcnow(), exclude_id=comment.id
    )
    _judge(session, comment, site, site_settings(site), found, posting)
    if in_review and comment.status == "published":
        comment.status = "pending"
        session.flush()
    return comment


def appeal(session: Session, *, comment_id: int, note: str | None, actor: Actor) -> Comment:
    """A rejected comment's author asks a moderator to look again, once."""
    comment = service.get_or_raise(session, comment_id=comment_id, reader_hash=actor.reader_hash)
    if comment.reader_hash != actor.reader_hash:
        raise NotAuthor("only the author may appeal")
    moderation = dict(comment.moderation_scores or {})
    if "appeal" in moderation:
        raise AlreadyAppealed("this comment was already appealed: a comment is appealed once")
    if comment.status != "rejected":
        raise NotAppealable("only a rejected comment can be appealed")
    moderation["appeal"] = {"note": validation.clean_note(note), "at": utcnow().isoformat()}
    moderation["status_reason"] = "appealed by its author: a moderator reviews it again"
    comment.moderation_scores = moderation
    comment.status = "pending"
    session.flush()
    return comment


def site_settings(site: Site) -> site_moderation.ModerationSettings:
    try:
        return site_moderation.get(site)
    except InvalidInput:
        # A stored document that no longer validates must not stop posting: defaults apply,
        # and the operator sees the error when they next run `kibitz sites moderation`.
        log.exception("moderation settings of site %s are invalid; defaults apply", site.key)
        return site_moderation.ModerationSettings()


def _check_rate(
    session: Session,
    site: Site,
    actor: Actor,
    settings: site_moderation.ModerationSettings,
    server: Settings,
    now: datetime,
) -> None:
    """Level-0 readers post at most N comments per window (fails open: see docs)."""
    try:
        limit = settings.rate_limit_for(server.new_reader_rate_limit)
        if limit is None:
            return
        since = now - timedelta(seconds=limit.seconds)
        posted = history_service.posts_since(
            session, site_id=site.id, reader_hash=actor.reader_hash, since=since
        )
    except InvalidInput:
        log.exception("rate limit of site %s is invalid; not applied", site.key)
        return
    if len(posted) >= limit.count:
        oldest = posted[len(posted) - limit.count]
        wait = math.ceil((oldest + timedelta(seconds=limit.seconds) - now).total_seconds())
        raise TooManyRequests(
            f"new readers may post {limit.count} comments every {limit.seconds // 60 or 1} "
            f"minutes: try again in {wait} seconds",
            retry_after=wait,
        )


def _judge(
    session: Session,
    comment: Comment,
    site: Site,
    settings: site_moderation.ModerationSettings,
    found: history_service.History,
    posting: Posting,
    *,
    fresh: bool = False,
) -> None:
    """Judge and store the outcome; `fresh` is a comment being created (not yet flushed), which
    no one can have reported yet and whose author's earlier comments `found` counted."""
    context = Context(
        author_age_days=found.record.age_days if found.first_seen else 0.0,
        author_comment_count=found.comment_count,
        author_trust_level=found.trust_level,
        recent_texts=history_service.recent_texts(
            session,
            thread_id=comment.thread.id,
            site_id=site.id,
            reader_hash=comment.reader_hash or "",
            exclude_id=comment.id,
            own=not fresh or found.comment_count > 0,
        ),
        posts_last_hour=found.posts_last_hour,
        spam_reports=0 if fresh else spam_reports(session, comment_id=comment.id),
        thread_title=comment.thread.title,
    )
    verdict, failure = assess(posting.moderator, settings, comment.body, context)
    findings = run_checks(CheckInput(comment.body, settings, found, found.trust_level))
    outcome = decide(verdict, findings, failure)
    if outcome.offers_nudge and not posting.confirm:
        raise NudgeRequired(outcome)
    comment.status = STATUS[outcome.decision]
    comment.hidden_by_reports = False
    comment.moderation_scores = record(
        outcome, confirmed=posting.confirm, trust_level=found.trust_level
    )
    session.flush()


def assess(
    moderator: Assessor,
    settings: site_moderation.ModerationSettings,
    text: str,
    context: Context,
) -> tuple[Verdict | None, str | None]:
    """The model's verdict under the site's policy; fails closed (None and why) on any error."""
    try:
        return moderator.with_policy(settings.policy).assess(text, context), None
    except Exception as exc:
        log.exception("automatic moderation unavailable; the comment is held for review")
        return None, f"{type(exc).__name__}: {exc}"


def spam_reports(session: Session, *, comment_id: int) -> int:
    query = select(func.count(distinct(Report.reader_hash))).where(
        Report.comment_id == comment_id, Report.reason == "spam"
    )
    return int(session.scalar(query) or 0)
