"""Shared fixtures: a migrated database on SQLite and on the real PostgreSQL, settings, the app.

The schema always comes from `alembic upgrade head`. SQLite tests get a fresh copy of a database
migrated once per session; PostgreSQL tests share one database made for this run (dropped at the
end) and empty its tables after each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kibitz.config import Settings
from kibitz.db import make_engine, make_session_factory, upgrade
from kibitz.moderation import Moderator
from tests.moderation_support import small_moderator

POSTGRES_URL = os.environ.get(
    "KIBITZ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
USER_TABLES = (
    "SELECT quote_ident(tablename) FROM pg_tables"
    " WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
)
TEST_SECRET = "test-secret-not-for-production"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "kibitz.db"
    upgrade(f"sqlite:///{path}")
    return path


def _admin_dsn() -> str:
    return make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)


@pytest.fixture(scope="session")
def postgres_database(worker_id: str) -> Iterator[str]:
    """A database of its own for this test run (and xdist worker), migrated, dropped at the end."""
    name = f"kibitz_test_{worker_id}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(_admin_dsn(), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is unreachable at {POSTGRES_URL}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(False)
        try:
            upgrade(url)
            yield url
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.xdist_group("postgres")]),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "kibitz.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("postgres_database")
    yield url
    engine = make_engine(url)
    with engine.begin() as connection:
        # Every table the migrations made, so a new domain's table cannot leak rows between tests.
        names = connection.execute(text(USER_TABLES)).scalars().all()
        connection.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture()
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        demo=False,
        edit_window_seconds=900,
        # Suites post many comments per reader; tests of the limit set it per site.
        new_reader_rate_limit="off",
        # Likewise the abuse defences; tests/api/test_defences.py turns them on.
        rate_limits=False,
        duplicate_window_seconds=0,
    )


@pytest.fixture(scope="session")
def moderator() -> Moderator:
    """One small real model for the whole run (see tests/moderation_support.py)."""
    return small_moderator()


@pytest.fixture()
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
