"""`kibitz import isso` and `kibitz import remark42`, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread
from kibitz.config import Settings
from kibitz.imports.records import SourceError
from tests.api.import_support import FIXTURES, count_comments, do_import


@pytest.fixture()
def isso_db(tmp_path: Path) -> Path:
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as connection:
        connection.executescript((FIXTURES / "isso.sql").read_text(encoding="utf-8"))
    return path


def _comments(factory: sessionmaker[Session]) -> dict[str, Comment]:
    with factory() as session:
        return {c.author_name: c for c in session.scalars(select(Comment))}


def test_isso_database(
    session_factory: sessionmaker[Session], settings: Settings, isso_db: Path
) -> None:
    summary = do_import(session_factory, settings, "isso", isso_db, create_site=True)
    assert (summary.comments, summary.replies, summary.orphans) == (6, 2, 1)
    assert dict(summary.by_status) == {"published": 4, "deleted": 1, "pending": 1}
    comments = _comments(session_factory)
    ines, tom = comments["Ines"], comments["Tom"]
    assert tom.parent_id == ines.id and comments["Kai"].parent_id == comments[""].id
    assert ines.html == "<p>Thanks to the <em>firefighters</em>.</p>"
    assert (ines.upvotes, ines.downvotes, ines.score) == (3, 1, 2)
    assert ines.created_at == datetime.fromtimestamp(1795600000.5, UTC)
    assert tom.edited_at == datetime.fromtimestamp(1795600200.0, UTC)
    # Isso's markdown is the source: typed HTML stays text, as for a posted comment.
    assert tom.html == "<p>Agreed &lt;b&gt;completely&lt;/b&gt;.</p>"
    with session_factory() as session:
        keys = set(session.scalars(select(Thread.key)))
    assert keys == {"/2026/11/harbour-fire/", "/ar/2026/11/rain/"}
    again = do_import(session_factory, settings, "isso", isso_db)
    assert (again.comments, again.duplicates) == (0, 6)


def test_isso_refuses_a_file_that_is_not_a_database(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with pytest.raises(SourceError, match="not an Isso database"):
        do_import(session_factory, settings, "isso", FIXTURES / "isso.sql", create_site=True)
    assert count_comments(session_factory) == 0


@pytest.mark.parametrize("compressed", [False, True])
def test_remark42_backup(
    session_factory: sessionmaker[Session], settings: Settings, tmp_path: Path, compressed: bool
) -> None:
    path = FIXTURES / "remark42.jsonl"
    if compressed:
        path = tmp_path / "backup.gz"
        path.write_bytes(gzip.compress((FIXTURES / "remark42.jsonl").read_bytes()))
    summary = do_import(session_factory, settings, "remark42", path, create_site=True)
    assert (summary.comments, summary.replies, summary.threads_created) == (4, 2, 2)
    assert summary.skipped == {"comment without locator.url": 1}
    comments = _comments(session_factory)
    mia, ravi = comments["Mia"], comments["Ravi"]
    assert ravi.parent_id == mia.id and comments["Gone"].status == "deleted"
    assert (mia.upvotes, mia.downvotes) == (1, 2)
    assert mia.html == "<p>Schools closed <strong>again</strong>?</p>"
    assert ravi.created_at == datetime(2026, 11, 22, 9, 5, 0, 123456, tzinfo=UTC)
    assert mia.edited_at == datetime(2026, 11, 22, 9, 10, tzinfo=UTC)
    with session_factory() as session:
        threads = {t.key: t for t in session.scalars(select(Thread))}
    storm = threads["/2026/11/storm"]
    assert (storm.closed, storm.title) == (True, "Storm closes schools")
    assert storm.url == "https://news.example.com/2026/11/storm"


def test_remark42_truncated_line_is_named(
    session_factory: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes((FIXTURES / "remark42.jsonl").read_bytes()[:700])
    with pytest.raises(SourceError) as caught:
        do_import(session_factory, settings, "remark42", path, create_site=True)
    assert caught.value.line == 3 and "not JSON" in str(caught.value)
    assert count_comments(session_factory) == 0
