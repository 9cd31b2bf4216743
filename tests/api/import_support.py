"""Helpers for import and export tests: run an import, read back what a site holds."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread
from kibitz.config import Settings
from kibitz.exports import disqus as disqus_export
from kibitz.exports import kibitz_json as json_export
from kibitz.imports.service import ImportRequest, run_import
from kibitz.imports.summary import Summary
from kibitz.sites import service as sites_service

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SITE = "news"


def do_import(
    factory: sessionmaker[Session],
    settings: Settings,
    source: str,
    path: Path,
    *,
    site: str = SITE,
    **options: Any,
) -> Summary:
    request = ImportRequest(source=source, path=path, site=site, **options)
    return run_import(factory, request, secret=settings.secret_key)


def export_site(factory: sessionmaker[Session], site: str, fmt: str, path: Path) -> None:
    writer = json_export.export if fmt == "json" else disqus_export.export
    with factory() as session, path.open("w", encoding="utf-8") as out:
        writer(session, site=sites_service.get_or_raise(session, key=site), out=out)


def snapshot(factory: sessionmaker[Session], site: str = SITE) -> list[dict[str, Any]]:
    """Every comment of `site` in a comparable form: ids replaced by stable source positions."""
    with factory() as session:
        site_row = sites_service.get_or_raise(session, key=site)
        query = (
            select(Comment, Thread)
            .join(Thread, Thread.id == Comment.thread_id)
            .where(Thread.site_id == site_row.id)
            .order_by(Comment.created_at, Comment.id)
        )
        rows = session.execute(query).all()
    order = {comment.id: index for index, (comment, _thread) in enumerate(rows)}
    return [
        {
            "thread": (thread.key, thread.title, thread.url, thread.closed),
            "parent": order.get(comment.parent_id) if comment.parent_id else None,
            "root": order.get(comment.root_id) if comment.root_id else None,
            "depth": comment.depth,
            "author_name": comment.author_name,
            "email_hash": comment.email_hash,
            "status": comment.status,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "html": comment.html,
            "body": comment.body,
            "upvotes": comment.upvotes,
            "downvotes": comment.downvotes,
        }
        for comment, thread in rows
    ]


def count_comments(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return len(session.scalars(select(Comment.id)).all())


def read_text(path: Path) -> io.StringIO:
    return io.StringIO(path.read_text(encoding="utf-8"))
