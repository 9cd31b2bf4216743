"""An author's history on a site, counted from the database for moderation and trust.

A guest reader is known by the keyed hash of their reader token, so "account age" is the age of
that token on this site: when its first comment was posted. Every query is bounded by the
`(reader_hash, id)` index on comments and the `(reader_hash, id)` index on reports.

Every post runs these queries, so each statement is built once with bound parameters and reused:
building a statement cost more than running it on a warm database (issue 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    case,
    distinct,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.comments.trust import Record, reporter_weight, trust_level
from kibitz.reports import service as reports_service

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


def _site_comments(excluding: bool) -> list[ColumnElement[bool]]:
    """The author's comments on the site (`:reader_hash`, `:site_id`), less `:exclude_id`."""
    conditions: list[ColumnElement[bool]] = [
        Comment.reader_hash == bindparam("reader_hash"),
        Comment.thread_id.in_(select(Thread.id).where(Thread.site_id == bindparam("site_id"))),
    ]
    if excluding:
        conditions.append(Comment.id != bindparam("exclude_id"))
    return conditions


def _params(site_id: int, reader_hash: str, exclude_id: int | None) -> dict[str, Any]:
    return {"site_id": site_id, "reader_hash": reader_hash, "exclude_id": exclude_id}


def history(
    session: Session,
    *,
    site_id: int,
    reader_hash: str,
    now: datetime,
    exclude_id: int | None = None,
) -> History:
    params = _params(site_id, reader_hash, exclude_id) | {"hour_ago": now - timedelta(hours=1)}
    row = session.execute(_history_query(exclude_id is not None), params).one()
    count, approved, rejected, first, days, last_hour, upheld, dismissed, reporters = row
    if isinstance(first, str):  # SQLite hands back aggregates of datetimes as text
        first = datetime.fromisoformat(first).replace(tzinfo=now.tzinfo)
    record = Record(
        approved=int(approved or 0),
        rejected=int(rejected or 0),
        days_active=int(days or 0),
        age_days=(now - first).total_seconds() / 86400 if first else 0.0,
        reports_upheld=int(upheld or 0),
        reports_dismissed=int(dismissed or 0),
    )
    return History(
        record=record,
        comment_count=int(count or 0),
        first_seen=first,
        posts_last_hour=int(last_hour or 0),
        spam_reporters=int(reporters or 0),
    )


@cache
def _history_query(excluding: bool) -> Select[Any]:
    """One round trip: the author's comment counts, with the reports they made that moderators
    upheld or dismissed (across sites) and the distinct readers who reported their comments on
    this site as spam (dismissed reports aside) as scalar subqueries."""
    reader: BindParameter[Any] = bindparam("reader_hash")
    resolved = [reports_service.resolved_count(reader, r) for r in ("upheld", "dismissed")]
    spam_reporters = reports_service.spam_reporters(_site_comments(excluding=False))
    hour_ago = bindparam("hour_ago", type_=Comment.created_at.type)
    return select(
        func.count(),
        func.sum(case((Comment.status == "published", 1), else_=0)),
        func.sum(case((Comment.status == "rejected", 1), else_=0)),
        func.min(Comment.created_at),
        func.count(distinct(func.date(Comment.created_at))),
        func.sum(case((Comment.created_at >= hour_ago, 1), else_=0)),
        *resolved,
        spam_reporters,
    ).where(*_site_comments(excluding))


def report_weight(session: Session, *, site_id: int, reader_hash: str, now: datetime) -> float:
    found = history(session, site_id=site_id, reader_hash=reader_hash, now=now)
    return reporter_weight(found.record, found.trust_level)


def recent_texts(
    session: Session,
    *,
    thread_id: int,
    site_id: int,
    reader_hash: str,
    exclude_id: int | None,
    own: bool = True,
) -> tuple[str, ...]:
    """The author's latest comments on the site, then the thread's latest, newest first.

    Pass `own=False` when the author is known to have no other comment on the site."""
    params = _params(site_id, reader_hash, exclude_id) | {"thread_id": thread_id}
    query = _recent_query(own=own, excluding=exclude_id is not None)
    texts = session.scalars(query, params)
    return tuple(dict.fromkeys(text for text in texts if text))


@cache
def _recent_query(*, own: bool, excluding: bool) -> Select[str, int] | Select[Any]:
    thread: Select[str, int] = select(Comment.body, Comment.id).where(
        Comment.thread_id == bindparam("thread_id"), Comment.status != "deleted"
    )
    if excluding:
        thread = thread.where(Comment.id != bindparam("exclude_id"))
    thread = thread.order_by(Comment.id.desc()).limit(RECENT_THREAD)
    if not own:
        return thread
    mine = (
        select(Comment.body, Comment.id)
        .where(*_site_comments(excluding))
        .order_by(Comment.id.desc())
        .limit(RECENT_OWN)
    )
    # One round trip for both lists; each stays bounded by its own index and LIMIT, and the
    # `part` column keeps the author's texts ahead of the thread's, each newest first.
    parts = [
        select(literal_column(str(part)).label("part"), sub.c.id, sub.c.body)
        for part, sub in enumerate((mine.subquery(), thread.subquery()))
    ]
    both = union_all(*parts).subquery()
    return select(both.c.body).order_by(both.c.part, both.c.id.desc())


def posts_since(
    session: Session, *, site_id: int, reader_hash: str, since: datetime
) -> list[datetime]:
    """When this reader posted on the site since `since`, oldest first (for rate limits)."""
    params = _params(site_id, reader_hash, None) | {"since": since}
    return list(session.scalars(_posts_since_query(), params))


@cache
def _posts_since_query() -> Select[datetime]:
    since = bindparam("since", type_=Comment.created_at.type)
    return (
        select(Comment.created_at)
        .where(*_site_comments(excluding=False), Comment.created_at >= since)
        .order_by(Comment.created_at)
    )
