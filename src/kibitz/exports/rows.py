"""The site's threads and comments, streamed from the database in id order."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.sites.models import Site

YIELD_PER = 1000


def threads(session: Session, *, site: Site) -> Iterator[Thread]:
    query = select(Thread).where(Thread.site_id == site.id).order_by(Thread.id)
    yield from session.scalars(query.execution_options(yield_per=YIELD_PER))


def comments(session: Session, *, site: Site) -> Iterator[Comment]:
    """Every comment of the site, whatever its status, oldest id first (parents before replies)."""
    query = (
        select(Comment)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.site_id == site.id)
        .order_by(Comment.id)
    )
    yield from session.scalars(query.execution_options(yield_per=YIELD_PER))
