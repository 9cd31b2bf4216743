"""The audit log: every moderator action, who took it, why, and the state before and after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.accounts.models import User
from kibitz.accounts.service import ModeratorScope
from kibitz.review import cursor as queue_cursor
from kibitz.review.models import AuditEntry
from kibitz.review.schemas import AuditPage, AuditRead
from kibitz.sites.models import Site


@dataclass(frozen=True, slots=True)
class AuditRequest:
    comment_id: int | None = None
    actor: str | None = None  # e-mail address
    action: str | None = None
    cursor: str | None = None
    limit: int = 50


def record(
    session: Session,
    *,
    actor: User,
    action: str,
    target_type: str,
    target_id: int,
    site_id: int | None,
    comment_id: int | None = None,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id,
        actor_email=actor.email,
        action=action,
        target_type=target_type,
        target_id=target_id,
        site_id=site_id,
        comment_id=comment_id,
        reason=reason,
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry


def list_entries(session: Session, *, request: AuditRequest, scope: ModeratorScope) -> AuditPage:
    """Newest first; a moderator of some sites sees only those sites' entries."""
    cursor = queue_cursor.decode(request.cursor, sort="newest") if request.cursor else None
    query = select(AuditEntry, Site.key).outerjoin(Site, AuditEntry.site_id == Site.id)
    if not scope.all_sites:
        query = query.where(AuditEntry.site_id.in_(scope.site_ids))
    if request.comment_id is not None:
        query = query.where(AuditEntry.comment_id == request.comment_id)
    if request.actor:
        query = query.where(AuditEntry.actor_email == request.actor.strip().lower())
    if request.action:
        query = query.where(AuditEntry.action == request.action)
    if cursor is not None:
        query = query.where(AuditEntry.id < cursor.id)
    rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(request.limit + 1)).all()
    entries = [to_read(entry, site_key) for entry, site_key in rows[: request.limit]]
    next_cursor = None
    if len(rows) > request.limit:
        next_cursor = queue_cursor.encode(
            queue_cursor.QueueCursor(sort="newest", id=entries[-1].id)
        )
    return AuditPage(entries=entries, next_cursor=next_cursor)


def to_read(entry: AuditEntry, site_key: str | None) -> AuditRead:
    return AuditRead(
        id=entry.id,
        actor=entry.actor_email,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        comment_id=entry.comment_id,
        site=site_key,
        reason=entry.reason,
        before=entry.before,
        after=entry.after,
        created_at=entry.created_at,
    )
