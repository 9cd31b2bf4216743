"""Mutes: a reader stops seeing another reader's comments (they come back collapsed, for them only).

A mute names the muted reader by the comment they wrote, so no reader identity ever leaves the
server; it holds across sites, like the reader token it is keyed on.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kibitz.comments import service
from kibitz.comments.models import Mute
from kibitz.comments.service import Actor
from kibitz.errors import Conflict, InvalidInput

MAX_MUTES = 1000


class AuthorUnknown(Conflict):
    code = "author_unknown"


def _author_of(session: Session, *, comment_id: int, actor: Actor) -> str:
    comment = service.get_or_raise(session, comment_id=comment_id, reader_hash=actor.reader_hash)
    if comment.reader_hash is None or comment.status == "deleted":
        raise AuthorUnknown("this comment's author cannot be muted")
    if comment.reader_hash == actor.reader_hash:
        raise InvalidInput("you cannot mute yourself", field="comment_id")
    return comment.reader_hash


def mute(session: Session, *, comment_id: int, actor: Actor) -> None:
    muted = _author_of(session, comment_id=comment_id, actor=actor)
    if muted in muted_by(session, reader_hash=actor.reader_hash):
        return
    if len(muted_by(session, reader_hash=actor.reader_hash)) >= MAX_MUTES:
        raise Conflict(f"at most {MAX_MUTES} readers can be muted", code="too_many_mutes")
    session.add(Mute(reader_hash=actor.reader_hash, muted_hash=muted))
    session.flush()


def unmute(session: Session, *, comment_id: int, actor: Actor) -> None:
    comment = service.get(session, comment_id=comment_id)
    if comment is None or comment.reader_hash is None:
        return
    session.execute(
        delete(Mute).where(
            Mute.reader_hash == actor.reader_hash, Mute.muted_hash == comment.reader_hash
        )
    )
    session.flush()


def muted_by(session: Session, *, reader_hash: str | None) -> frozenset[str]:
    if reader_hash is None:
        return frozenset()
    query = select(Mute.muted_hash).where(Mute.reader_hash == reader_hash).limit(MAX_MUTES)
    return frozenset(session.scalars(query))
