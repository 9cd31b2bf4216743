"""`kibitz import disqus` through the import service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread
from kibitz.comments.service import hash_secret
from kibitz.config import Settings
from kibitz.imports.records import SourceError
from kibitz.sites import service as sites_service
from tests.api.helpers import make_site
from tests.api.import_support import FIXTURES, SITE, count_comments, do_import

DISQUS = FIXTURES / "disqus.xml"


@pytest.fixture()
def site(session_factory: sessionmaker[Session]) -> str:
    make_site(session_factory, SITE)
    return SITE


def _by_author(factory: sessionmaker[Session]) -> dict[str, Comment]:
    with factory() as session:
        return {c.author_name: c for c in session.scalars(select(Comment))}


def test_imports_threads_tree_statuses_and_counts(
    session_factory: sessionmaker[Session], settings: Settings, site: str
) -> None:
    summary = do_import(session_factory, settings, "disqus", DISQUS)
    assert (summary.threads_created, summary.comments, summary.replies) == (2, 10, 4)
    assert summary.orphans == 1
    assert dict(summary.by_status) == {"published": 7, "deleted": 1, "rejected": 1, "pending": 1}
    assert summary.skipped["post without dsq:id"] == 1
    assert summary.skipped["post with an unreadable field"] == 1
    assert any("line 142" in example for example in summary.skipped_examples)
    comments = _by_author(session_factory)
    dana, sam, lena = comments["Dana K."], comments["Sam"], comments["Lena"]
    # Lena's reply came before its parent (Sam) in the file: still nested under it.
    assert (sam.parent_id, sam.root_id, sam.depth) == (dana.id, dana.id, 1)
    assert (lena.parent_id, lena.root_id, lena.depth) == (sam.id, dana.id, 2)
    assert comments["Omar"].parent_id == comments["Gone"].id
    assert comments["Orphan"].parent_id is None
    assert comments[""].parent_id == comments["Orphan"].id
    assert dana.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert lena.email_hash == hash_secret("lena@example.org", secret=settings.secret_key)
    assert comments["مريم"].email_hash is None  # "not-an-address" is not kept
    gone = comments["Gone"]
    assert (gone.status, gone.body, gone.html, gone.email_hash) == ("deleted", "", "", None)
    assert comments["Pills"].status == "rejected"
    assert comments["New reader"].status == "pending"


def test_source_html_is_rendered_again_never_trusted(
    session_factory: sessionmaker[Session], settings: Settings, site: str
) -> None:
    do_import(session_factory, settings, "disqus", DISQUS)
    comments = _by_author(session_factory)
    dana, sam = comments["Dana K."].html, comments["Sam"].html
    assert "<strong>killed</strong>" in dana
    assert (
        '<a href="https://www.defense.gov/News/" target="_blank" rel="nofollow ugc noopener">'
        in dana
    )
    assert "<br>" in dana and "&amp; an ampersand" in dana
    for html in (dana, sam):
        assert "script" not in html and "javascript:" not in html and "onerror" not in html
        assert "<img" not in html
    assert sam == "<p>Will they <em>really</em> deter anyone? click</p>"
    assert "🤞" in comments["مريم"].html


def test_threads_get_keys_titles_urls_and_closed(
    session_factory: sessionmaker[Session], settings: Settings, site: str
) -> None:
    do_import(session_factory, settings, "disqus", DISQUS)
    with session_factory() as session:
        threads = {t.key: t for t in session.scalars(select(Thread))}
    assert set(threads) == {"2026/11/us-strikes", "/ar/2026/11/gaza-talks"}
    strikes, gaza = threads["2026/11/us-strikes"], threads["/ar/2026/11/gaza-talks"]
    assert strikes.url == "https://news.example.com/2026/11/us-strikes?ref=home"
    assert (strikes.title, strikes.closed) == ("U.S. strikes militia sites in Iraq", False)
    assert (gaza.title, gaza.closed) == ("محادثات التهدئة في غزة", True)


def test_second_run_adds_nothing(
    session_factory: sessionmaker[Session], settings: Settings, site: str
) -> None:
    do_import(session_factory, settings, "disqus", DISQUS)
    again = do_import(session_factory, settings, "disqus", DISQUS)
    assert (again.comments, again.duplicates, again.threads_created) == (0, 10, 0)
    assert again.threads_existing == 0  # no new comment needed a thread
    assert count_comments(session_factory) == 10


def test_dry_run_reports_and_writes_nothing(
    session_factory: sessionmaker[Session], settings: Settings, site: str
) -> None:
    summary = do_import(session_factory, settings, "disqus", DISQUS, dry_run=True)
    assert (summary.comments, summary.threads_created, summary.dry_run) == (10, 2, True)
    assert count_comments(session_factory) == 0
    with session_factory() as session:
        assert session.scalars(select(Thread)).all() == []


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("disqus_truncated.xml", 60, "no element found"),
        ("disqus_malformed.xml", 60, "mismatched tag"),
        ("disqus_entities.xml", 2, "DTDs and entity declarations are refused"),
    ],
)
def test_broken_file_names_the_line_and_imports_nothing(
    session_factory: sessionmaker[Session],
    settings: Settings,
    site: str,
    name: str,
    line: int,
    message: str,
) -> None:
    with pytest.raises(SourceError) as caught:
        do_import(session_factory, settings, "disqus", FIXTURES / name, batch_size=2)
    assert caught.value.line == line
    assert message in str(caught.value) and f"line {line}" in str(caught.value)
    assert count_comments(session_factory) == 0


def test_site_must_exist_unless_created(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with pytest.raises(sites_service.SiteNotFound):
        do_import(session_factory, settings, "disqus", DISQUS)
    summary = do_import(session_factory, settings, "disqus", DISQUS, create_site=True)
    assert summary.site_created and summary.comments == 10


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_batch_size_does_not_change_the_result(
    session_factory: sessionmaker[Session], settings: Settings, site: str, batch_size: int
) -> None:
    summary = do_import(session_factory, settings, "disqus", DISQUS, batch_size=batch_size)
    assert (summary.comments, summary.replies, summary.orphans) == (10, 4, 1)
    comments = _by_author(session_factory)
    assert comments["Lena"].root_id == comments["Dana K."].id and comments["Lena"].depth == 2


def test_thread_key_from_path(
    session_factory: sessionmaker[Session], settings: Settings, site: str, tmp_path: Path
) -> None:
    do_import(session_factory, settings, "disqus", DISQUS, key_from="path")
    with session_factory() as session:
        keys = set(session.scalars(select(Thread.key)))
    assert keys == {"/2026/11/us-strikes?ref=home", "/ar/2026/11/gaza-talks"}
