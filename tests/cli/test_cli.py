"""The `kibitz` command line: version, migrations, sites, threads, and the demo seed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from kibitz.cli import app, prepare_database
from kibitz.comments.models import Comment, Thread
from kibitz.config import Settings, get_settings
from kibitz.db import make_engine, make_session_factory
from kibitz.sites.demo import DEMO_CONVERSATION, DEMO_THREAD_KEY, DEMO_THREAD_TITLE
from kibitz.sites.models import Site

runner = CliRunner()


@pytest.fixture()
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KIBITZ_DATABASE_URL", url)
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == "kibitz 0.1.0"
    for command in ([], ["serve"], ["db"], ["sites"], ["sites", "create"], ["threads"]):
        helped = runner.invoke(app, [*command, "--help"])
        assert helped.exit_code == 0, (command, helped.output)
        assert "Usage" in helped.output


def test_db_upgrade_then_sites(database_url: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(
        app,
        ["sites", "create", "dailynews", "--origin", "https://DailyNews.example/",
         "--origin", "http://localhost:3000"],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert "https://dailynews.example, http://localhost:3000" in created.output
    again = runner.invoke(app, ["sites", "create", "dailynews"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    bad = runner.invoke(app, ["sites", "create", "x", "--origin", "not a url"])
    assert bad.exit_code == 1
    allowed = runner.invoke(app, ["sites", "allow", "dailynews", "--origin", "https://m.example"])
    assert "https://m.example" in allowed.output
    listed = runner.invoke(app, ["sites", "list"])
    assert "dailynews\thttps://dailynews.example, http://localhost:3000, https://m.example" in (
        listed.output
    )


def test_serve_preparation_seeds_the_demo_once(database_url: str) -> None:
    settings = Settings(database_url=database_url, secret_key="s")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    # A site made before the first start does not stop the demo from being created.
    assert runner.invoke(app, ["sites", "create", "early"]).exit_code == 0
    prepare_database(settings)
    prepare_database(settings)  # a restart must not seed twice
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Site.key).order_by(Site.key)).all() == ["demo", "early"]
        thread = session.scalars(select(Thread)).one()
        assert (thread.key, thread.title) == (DEMO_THREAD_KEY, DEMO_THREAD_TITLE)
        count = session.scalar(select(func.count()).select_from(Comment))
        assert count == len(DEMO_CONVERSATION)
        replies = session.scalar(select(func.count()).where(Comment.parent_id.is_not(None)))
        assert replies == 1
        # Once the operator has real conversations, a deleted demo site stays deleted.
        early = session.scalars(select(Site).where(Site.key == "early")).one()
        session.add(Thread(site_id=early.id, key="real/article"))
        session.delete(session.scalars(select(Site).where(Site.key == "demo")).one())
        session.commit()
    prepare_database(settings)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Site.key)).all() == ["early"]
    engine.dispose()


def test_close_and_reopen_a_thread(database_url: str) -> None:
    prepare_database(get_settings())
    closed = runner.invoke(app, ["threads", "close", "demo", DEMO_THREAD_KEY])
    assert closed.exit_code == 0, closed.output
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Thread.closed)).one() is True
    assert runner.invoke(app, ["threads", "open", "demo", DEMO_THREAD_KEY]).exit_code == 0
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Thread.closed)).one() is False
    engine.dispose()
    missing = runner.invoke(app, ["threads", "close", "demo", "no/such/thread"])
    assert missing.exit_code == 1
