"""The posting gate: who may post here, bans, and the same text twice (no web imports).

`check` runs before a comment is stored; `shadow` marks a shadow-banned reader's comment so it is
kept out of everyone's sight but its author's (it waits as pending, invisible to others, and its
author is shown it as published).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from kibitz.accounts import policy
from kibitz.accounts.models import User
from kibitz.comments.models import Comment, Thread
from kibitz.comments.service import Actor, NewComment
from kibitz.config import Settings
from kibitz.db import utcnow
from kibitz.errors import Conflict
from kibitz.sites.models import Site

RECENT_LIMIT = 50


class DuplicateComment(Conflict):
    code = "duplicate_comment"


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class Admission:
    """A poster let in: shadow-banned or not, and the account's name to post under."""

    shadow: bool
    account_name: str | None

    def apply(self, new: NewComment) -> NewComment:
        if self.account_name is None:
            return new
        # A signed-in reader posts under their account's name; no guest e-mail is kept.
        return replace(new, author_name=self.account_name, author_email=None)


def check(
    session: Session,
    *,
    site: Site,
    actor: Actor,
    body: str,
    server: Settings,
    first_post: bool = False,
) -> Admission:
    """Refuse a poster the site does not admit, a banned or suspended one, or a repeat of their
    own recent text (`first_post`: the caller knows they have no comment on the site, so there is
    nothing to repeat)."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    poster = policy.Poster(reader_hash=actor.reader_hash, user=user)
    verdict = policy.check_may_post(session, site=site, poster=poster)
    if server.duplicate_window_seconds > 0 and not first_post:
        _check_duplicate(session, site, actor, body, server.duplicate_window_seconds)
    name = (user.display_name or "Reader") if user is not None else None
    return Admission(shadow=verdict == "shadow_ban", account_name=name)


def _check_duplicate(session: Session, site: Site, actor: Actor, body: str, seconds: int) -> None:
    since = utcnow() - timedelta(seconds=seconds)
    params = {"reader_hash": actor.reader_hash, "site_id": site.id, "since": since}
    wanted = _same(body)
    if any(_same(text) == wanted for text in session.scalars(_recent_query(), params)):
        minutes = max(1, seconds // 60)
        raise DuplicateComment(
            f"you posted this same text in the last {minutes} minutes", field="body"
        )


@cache
def _recent_query() -> Select[str]:
    # Built once: every post asks, and building costs more than running (issue 8).
    return (
        select(Comment.body)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(
            Comment.reader_hash == bindparam("reader_hash"),
            Thread.site_id == bindparam("site_id"),
            Comment.created_at >= bindparam("since", type_=Comment.created_at.type),
            Comment.status != "deleted",
        )
        .order_by(Comment.id.desc())
        .limit(RECENT_LIMIT)
    )


def shadow(session: Session, comment: Comment) -> None:
    record = dict(comment.moderation_scores or {})
    record["shadow"] = True
    record["status_reason"] = "the author is shadow-banned on this site"
    comment.moderation_scores = record
    comment.status = "pending"
    comment.hidden_by_reports = False
    session.flush()
