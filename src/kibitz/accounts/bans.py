"""Bans: who may not post where, and until when. The posting path asks `active_ban`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kibitz.accounts.models import BAN_KINDS, Ban
from kibitz.db import utcnow
from kibitz.errors import InvalidInput


def create(
    session: Session,
    *,
    site_id: int,
    kind: str,
    reader_hash: str | None = None,
    user_id: int | None = None,
    expires_at: datetime | None = None,
    reason: str | None = None,
    created_by: int | None = None,
) -> Ban:
    if kind not in BAN_KINDS:
        raise InvalidInput(f"a ban is one of {', '.join(BAN_KINDS)}", field="kind")
    if reader_hash is None and user_id is None:
        raise InvalidInput("a ban needs a reader or an account to name", field="author")
    ban = Ban(
        site_id=site_id,
        kind=kind,
        reader_hash=reader_hash,
        user_id=user_id,
        expires_at=expires_at,
        reason=reason,
        created_by=created_by,
    )
    session.add(ban)
    session.flush()
    return ban


def active_ban(
    session: Session, *, site_id: int, reader_hash: str | None, user_id: int | None = None
) -> Ban | None:
    """The ban in force for this reader or account on this site, the most severe first."""
    if reader_hash is None and user_id is None:
        return None
    now = utcnow()
    who = []
    if reader_hash is not None:
        who.append(Ban.reader_hash == reader_hash)
    if user_id is not None:
        who.append(Ban.user_id == user_id)
    query = select(Ban).where(
        Ban.site_id == site_id,
        or_(*who),
        Ban.lifted_at.is_(None),
        or_(Ban.expires_at.is_(None), Ban.expires_at > now),
    )
    bans = session.scalars(query).all()
    order = {kind: index for index, kind in enumerate(("ban", "shadow_ban", "suspend"))}
    return min(bans, key=lambda ban: (order[ban.kind], -ban.id), default=None)


def lift(session: Session, *, ban: Ban) -> Ban:
    ban.lifted_at = utcnow()
    session.flush()
    return ban
