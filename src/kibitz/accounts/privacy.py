"""A reader's own data: download all of it, delete the account; and IP hashes that expire.

Deleting an account either removes its comments (marked deleted, text forgotten, so replies keep
their place) or anonymises them (the text stays, the name becomes "Anonymous", every link to the
account is cut). Guests have the same rights, proven by the reader token in their cookie
(`export_guest`, `delete_guest`). An export never carries IP hashes, and names another reader only
by a comment of theirs (a mute). No web imports; the caller owns the transaction.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from kibitz.accounts.models import User
from kibitz.comments.models import Comment, Mute, Thread, Vote
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


def _guest_comments(session: Session, reader_hash: str) -> list[Comment]:
    query = select(Comment).where(Comment.reader_hash == reader_hash).order_by(Comment.id)
    return list(session.scalars(query))


def _site_keys(session: Session) -> dict[int, str]:
    return {site_id: key for site_id, key in session.execute(select(Site.id, Site.key))}


def _comment_rows(comments: list[Comment], site_keys: dict[int, str]) -> list[dict[str, Any]]:
    threads: dict[int, Thread] = {}
    rows = []
    for comment in comments:
        thread = threads.setdefault(comment.thread_id, comment.thread)
        rows.append(
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
    return rows


def _activity(session: Session, reader_hash: str) -> dict[str, list[dict[str, Any]]]:
    """Votes, reports and mutes made under `reader_hash`.

    A mute is stored as the muted reader's hash, which identifies someone else: the export names
    the muted reader only by their latest comment, as the reader did when muting them.
    """
    votes = session.execute(
        select(Vote.comment_id, Vote.value, Vote.created_at).where(Vote.reader_hash == reader_hash)
    ).all()
    reports = session.execute(
        select(Report.comment_id, Report.reason, Report.note, Report.created_at).where(
            Report.reader_hash == reader_hash
        )
    ).all()
    latest = (
        select(func.max(Comment.id))
        .where(Comment.reader_hash == Mute.muted_hash)
        .correlate(Mute)
        .scalar_subquery()
    )
    mutes = session.execute(
        select(latest, Mute.created_at).where(Mute.reader_hash == reader_hash).order_by(Mute.id)
    ).all()
    return {
        "votes": [{"comment_id": c, "value": v, "at": t.isoformat()} for c, v, t in votes],
        "reports": [
            {"comment_id": c, "reason": r, "note": n, "at": t.isoformat()} for c, r, n, t in reports
        ],
        "mutes": [{"comment_id": c, "at": t.isoformat()} for c, t in mutes],
    }


def export(session: Session, *, user: User, reader_hash: str) -> dict[str, Any]:
    """Everything Kibitz keeps about this reader, as one JSON document."""
    site_keys = _site_keys(session)
    comments = _comment_rows(_comments(session, user, reader_hash), site_keys)
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
        **_activity(session, reader_hash),
    }


def empty_export() -> dict[str, Any]:
    """What is kept about a browser with no guest token: nothing."""
    return {"account": None, "comments": [], "votes": [], "reports": [], "mutes": []}


def export_guest(session: Session, *, reader_hash: str) -> dict[str, Any]:
    """Everything Kibitz keeps under a guest's reader token (no account, no e-mail address:
    a guest's address is kept only as a hash, which is not theirs to read back)."""
    comments = _comment_rows(_guest_comments(session, reader_hash), _site_keys(session))
    return {"account": None, "comments": comments, **_activity(session, reader_hash)}


def delete_account(session: Session, *, user: User, reader_hash: str, comments: DeleteMode) -> int:
    """Delete the account; returns how many comments were removed or anonymised."""
    mine = _comments(session, user, reader_hash)
    _forget(mine, comments)
    _cut_links(session, reader_hash, gone=f"gone:{user.id}")
    session.delete(user)
    session.flush()
    return len(mine)


def delete_guest(session: Session, *, reader_hash: str, comments: DeleteMode) -> int:
    """Forget a guest: their comments are removed or anonymised, their votes and reports stay
    counted but no longer lead to them, their mutes go; returns how many comments."""
    mine = _guest_comments(session, reader_hash)
    _forget(mine, comments)
    _cut_links(session, reader_hash, gone=f"gone:{secrets.token_hex(16)}")
    session.flush()
    return len(mine)


def _forget(mine: list[Comment], comments: DeleteMode) -> None:
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


def _cut_links(session: Session, reader_hash: str, *, gone: str) -> None:
    """Votes and reports keep counting under `gone`, a marker that leads to nobody."""
    session.execute(update(Vote).where(Vote.reader_hash == reader_hash).values(reader_hash=gone))
    session.execute(
        update(Report).where(Report.reader_hash == reader_hash).values(reader_hash=gone)
    )
    session.execute(
        delete(Mute).where(or_(Mute.reader_hash == reader_hash, Mute.muted_hash == reader_hash))
    )


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
