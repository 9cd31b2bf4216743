"""`kibitz import wordpress` (WXR) through the import service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread
from kibitz.comments.service import hash_secret
from kibitz.config import Settings
from tests.api.import_support import FIXTURES, count_comments, do_import

WXR = FIXTURES / "wordpress.xml"


def test_wordpress_posts_comments_statuses_and_tree(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    summary = do_import(session_factory, settings, "wordpress", WXR, create_site=True)
    assert (summary.threads_created, summary.comments, summary.replies, summary.orphans) == (
        2,
        7,
        1,
        1,
    )
    assert summary.skipped == {"pingback or trackback": 1}
    assert dict(summary.by_status) == {"published": 4, "pending": 1, "rejected": 1, "deleted": 1}
    with session_factory() as session:
        comments = {c.author_name: c for c in session.scalars(select(Comment))}
        threads = {t.key: t for t in session.scalars(select(Thread))}
    assert set(threads) == {"/2026/11/budget-vote/", "/ar/2026/11/elections/?lang=ar"}
    assert threads["/ar/2026/11/elections/?lang=ar"].closed
    assert threads["/2026/11/budget-vote/"].title == "Budget vote delayed again"
    ana, ben = comments["Ana"], comments["Ben"]
    assert (ana.parent_id, ana.depth) == (ben.id, 1)
    assert ana.created_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert ana.email_hash == hash_secret("ana@example.com", secret=settings.secret_key)
    assert ben.email_hash is None
    assert ben.html == (
        "<p>First paragraph with <strong>bold</strong> text.<br>\n"
        "A new line in the same paragraph.</p>\n"
        '<p>Second paragraph &amp; a <a href="http://example.org/report" target="_blank" '
        'rel="nofollow ugc noopener">report</a>.</p>'
    )
    # comment_date_gmt zero: the local date is used.
    assert comments["Held"].created_at == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert comments["Trashed"].status == "deleted" and comments["Trashed"].body == ""
    assert comments["Lost"].parent_id is None
    assert comments["يوسف"].html == "<p>مشاركة عالية هذا العام 👏</p>"


def test_wordpress_second_run_adds_nothing(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    do_import(session_factory, settings, "wordpress", WXR, create_site=True)
    again = do_import(session_factory, settings, "wordpress", WXR)
    assert (again.comments, again.duplicates) == (0, 7)
    assert count_comments(session_factory) == 7
