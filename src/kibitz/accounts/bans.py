"""Bans: who may not post where, and until when. The posting path asks `active_ban`."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, or_, select
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
    query = _active_query(by_reader=reader_hash is not None, by_user=user_id is not None)
    params = {"site_id": site_id, "reader_hash": reader_hash, "user_id": user_id, "now": utcnow()}
    bans = session.scalars(query, params).all()
    order = {kind: index for index, kind in enumerate(("ban", "shadow_ban", "suspend"))}
    return min(bans, key=lambda ban: (order[ban.kind], -ban.id), default=None)


@cache
def _active_query(*, by_reader: bool, by_user: bool) -> Select[Ban]:
    # Built once per shape: every post asks, and building costs more than running (issue 8).
    who = []
    if by_reader:
        who.append(Ban.reader_hash == bindparam("reader_hash"))
    if by_user:
        who.append(Ban.user_id == bindparam("user_id"))
    return select(Ban).where(
        Ban.site_id == bindparam("site_id"),
        or_(*who),
        Ban.lifted_at.is_(None),
        or_(Ban.expires_at.is_(None), Ban.expires_at > bindparam("now", type_=Ban.expires_at.type)),
    )


def lift(session: Session, *, ban: Ban) -> Ban:
    ban.lifted_at = utcnow()
    session.flush()
    return ban
