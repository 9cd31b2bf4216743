"""A reader's own data: download all of it, delete the account; and IP hashes that expire.

Deleting an account either removes its comments (marked deleted, text forgotten, so replies keep
their place) or anonymises them (the text stays, the name becomes "Anonymous", every link to the
account is cut). No web imports; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kibitz.accounts.models import User
from kibitz.comments.models import Comment, Thread, Vote
from kibitz.db import utcnow
from kibitz.reports.models import Report
from kibitz.sites.models import Site

DeleteMode = Literal["remove", "anonymise"]


def _comments(session: Session, user: User, reader_hash: str) -> list[Comment]:
    query = (
        select(Comment)
        .where((Comment.user_id == user.id) | (Comment.reader_hash == reader_hash))
        .order_by(Comment.id)
    )
    return list(session.scalars(query))


def export(session: Session, *, user: User, reader_hash: str) -> dict[str, Any]:
    """Everything Kibitz keeps about this reader, as one JSON document."""
    site_keys = {site_id: key for site_id, key in session.execute(select(Site.id, Site.key))}
    threads: dict[int, Thread] = {}
    comments = []
    for comment in _comments(session, user, reader_hash):
        thread = threads.setdefault(comment.thread_id, comment.thread)
        comments.append(
            {
                "id": comment.id,
                "site": site_keys.get(thread.site_id),
                "thread": thread.key,
                "parent_id": comment.parent_id,
                "author_name": comment.author_name,
                "body": comment.body,
                "status": comment.status,
                "created_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            }
        )
    votes = session.execute(
        select(Vote.comment_id, Vote.value, Vote.created_at).where(Vote.reader_hash == reader_hash)
    ).all()
    reports = session.execute(
        select(Report.comment_id, Report.reason, Report.created_at).where(
            Report.reader_hash == reader_hash
        )
    ).all()
    return {
        "account": {
            "id": user.id,
            "email": None if user.email.endswith("@sso.invalid") else user.email,
            "email_verified": user.email_verified_at is not None,
            "display_name": user.display_name,
            "avatar_url": user.avatar_url,
            "notify_replies": user.notify_replies,
            "single_sign_on_site": site_keys.get(user.sso_site_id) if user.sso_site_id else None,
            "created_at": user.created_at.isoformat(),
        },
        "comments": comments,
        "votes": [{"comment_id": c, "value": v, "at": t.isoformat()} for c, v, t in votes],
        "reports": [{"comment_id": c, "reason": r, "at": t.isoformat()} for c, r, t in reports],
    }


def delete_account(session: Session, *, user: User, reader_hash: str, comments: DeleteMode) -> int:
    """Delete the account; returns how many comments were removed or anonymised."""
    mine = _comments(session, user, reader_hash)
    for comment in mine:
        if comments == "remove" and comment.status != "deleted":
            comment.status = "deleted"
            comment.body = ""
            comment.html = ""
            comment.edited_at = utcnow()
        elif comments == "anonymise":
            comment.author_name = ""
        comment.user_id = None
        comment.reader_hash = None
        comment.email_hash = None
        comment.ip_hash = None
    session.execute(
        update(Vote).where(Vote.reader_hash == reader_hash).values(reader_hash=f"gone:{user.id}")
    )
    session.delete(user)
    session.flush()
    return len(mine)


def purge_ip_hashes(session: Session, *, older_than_days: int) -> int:
    """Erase IP hashes older than the retention; returns how many comments were touched."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.ip_hash.is_not(None))
        .values(ip_hash=None)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
