"""An author's history on a site, counted from the database for moderation and trust.

A guest reader is known by the keyed hash of their reader token, so "account age" is the age of
that token on this site: when its first comment was posted. Every query is bounded by the
`(reader_hash, id)` index on comments and the `(reader_hash, id)` index on reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.comments.trust import Record, reporter_weight, trust_level
from kibitz.reports.models import Report

RECENT_OWN = 5  # the author's latest comments compared for duplicates
RECENT_THREAD = 10  # the thread's latest comments compared for copy-paste floods


@dataclass(frozen=True, slots=True)
class History:
    record: Record
    comment_count: int  # on this site, any status
    first_seen: datetime | None
    posts_last_hour: int
    spam_reporters: int  # distinct readers who reported this author's comments as spam

    @property
    def trust_level(self) -> int:
        return trust_level(self.record)


def _site_comments(
    site_id: int, reader_hash: str, exclude_id: int | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Comment.reader_hash == reader_hash,
        Comment.thread_id.in_(select(Thread.id).where(Thread.site_id == site_id)),
    ]
    if exclude_id is not None:
        conditions.append(Comment.id != exclude_id)
    return conditions


def history(
    session: Session,
    *,
    site_id: int,
    reader_hash: str,
    now: datetime,
    exclude_id: int | None = None,
) -> History:
    hour_ago = now - timedelta(hours=1)
    row = session.execute(
        select(
            func.count(),
            func.sum(case((Comment.status == "published", 1), else_=0)),
            func.sum(case((Comment.status == "rejected", 1), else_=0)),
            func.min(Comment.created_at),
            func.count(distinct(func.date(Comment.created_at))),
            func.sum(case((Comment.created_at >= hour_ago, 1), else_=0)),
        ).where(*_site_comments(site_id, reader_hash, exclude_id))
    ).one()
    count, approved, rejected, first, days, last_hour = row
    if isinstance(first, str):  # SQLite hands back aggregates of datetimes as text
        first = datetime.fromisoformat(first).replace(tzinfo=now.tzinfo)
    upheld, dismissed = report_record(session, reader_hash=reader_hash)
    record = Record(
        approved=int(approved or 0),
        rejected=int(rejected or 0),
        days_active=int(days or 0),
        age_days=(now - first).total_seconds() / 86400 if first else 0.0,
        reports_upheld=upheld,
        reports_dismissed=dismissed,
    )
    return History(
        record=record,
        comment_count=int(count or 0),
        first_seen=first,
        posts_last_hour=int(last_hour or 0),
        spam_reporters=spam_reporters(session, site_id=site_id, reader_hash=reader_hash),
    )


def report_record(session: Session, *, reader_hash: str) -> tuple[int, int]:
    """How many of this reader's reports moderators upheld and dismissed (across sites)."""
    query = (
        select(Report.resolution, func.count())
        .where(Report.reader_hash == reader_hash, Report.resolution.is_not(None))
        .group_by(Report.resolution)
    )
    counts = {resolution: int(n) for resolution, n in session.execute(query)}
    return counts.get("upheld", 0), counts.get("dismissed", 0)


def report_weight(session: Session, *, site_id: int, reader_hash: str, now: datetime) -> float:
    found = history(session, site_id=site_id, reader_hash=reader_hash, now=now)
    return reporter_weight(found.record, found.trust_level)


def spam_reporters(session: Session, *, site_id: int, reader_hash: str) -> int:
    """Distinct readers who reported this author's comments as spam, dismissed reports aside."""
    query = (
        select(func.count(distinct(Report.reader_hash)))
        .join(Comment, Comment.id == Report.comment_id)
        .where(
            *_site_comments(site_id, reader_hash, None),
            Report.reason == "spam",
            or_(Report.resolution.is_(None), Report.resolution == "upheld"),
        )
    )
    return int(session.scalar(query) or 0)


def recent_texts(
    session: Session, *, thread_id: int, site_id: int, reader_hash: str, exclude_id: int | None
) -> tuple[str, ...]:
    """The author's latest comments on the site, then the thread's latest, newest first."""
    own = (
        select(Comment.body)
        .where(*_site_comments(site_id, reader_hash, exclude_id))
        .order_by(Comment.id.desc())
        .limit(RECENT_OWN)
    )
    thread = select(Comment.body).where(Comment.thread_id == thread_id, Comment.status != "deleted")
    if exclude_id is not None:
        thread = thread.where(Comment.id != exclude_id)
    thread = thread.order_by(Comment.id.desc()).limit(RECENT_THREAD)
    texts = [*session.scalars(own), *session.scalars(thread)]
    return tuple(dict.fromkeys(text for text in texts if text))


def posts_since(
    session: Session, *, site_id: int, reader_hash: str, since: datetime
) -> list[datetime]:
    """When this reader posted on the site since `since`, oldest first (for rate limits)."""
    query = (
        select(Comment.created_at)
        .where(
            *_site_comments(site_id, reader_hash, None),
            Comment.created_at >= since,
        )
        .order_by(Comment.created_at)
    )
    return list(session.scalars(query))
