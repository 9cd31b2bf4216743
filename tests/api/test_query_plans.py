"""Every query that reads a thread is served by an index on PostgreSQL (a seeded, big thread).

The queries are the ones the code really sends: captured while listing pages, then EXPLAINed
with sequential scans priced out, so a plan still showing `Seq Scan on comments` means no index
can serve that query at all.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from typer.testing import CliRunner

from kibitz.cli import app as cli
from kibitz.comments import listing
from kibitz.comments.models import Thread
from kibitz.comments.tree import Viewer
from kibitz.db import make_session_factory, utcnow

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]


@pytest.fixture()
def postgres_only(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("query plans are checked on PostgreSQL")
    return database_url


def _captured(engine: Engine) -> Generator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(engine, "before_cursor_execute", keep)
    yield statements
    event.remove(engine, "before_cursor_execute", keep)


def test_list_queries_use_indexes(postgres_only: str, engine: Engine, monkeypatch: Any) -> None:
    monkeypatch.setenv("KIBITZ_DATABASE_URL", postgres_only)
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "test")
    result = CliRunner().invoke(cli, ["dev", "seed", "--comments", "3000", "--threads", "3"])
    assert result.exit_code == 0, result.output
    factory = make_session_factory(engine)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    with factory() as session:
        key = session.scalars(select(Thread.key).order_by(Thread.id)).first()
    assert key is not None
    viewer = Viewer(reader_hash="someone", edit_window=timedelta(minutes=15), now=utcnow())
    capture = _captured(engine)
    statements = next(capture)
    with factory() as session:
        for sort in ("oldest", "newest", "best"):
            page = listing.list_page(
                session, request=listing.PageRequest("seed", key, sort=sort), viewer=viewer
            )
            assert page.next_cursor is not None
            listing.list_page(
                session,
                request=listing.PageRequest("seed", key, sort=sort, cursor=page.next_cursor),
                viewer=viewer,
            )
        listing.counts(session, site="seed", threads=[key, "nothing-here"])
    capture.close()
    plans = []
    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        raw: Any = connection.connection.driver_connection
        for statement, params in statements:
            rows = raw.execute("EXPLAIN " + statement, params).fetchall()
            plans.append("\n".join(row[0] for row in rows))
    assert len(plans) >= 20
    scanned = [plan for plan in plans if "Seq Scan on comments" in plan]
    assert scanned == []
