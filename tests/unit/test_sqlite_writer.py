"""SQLite writers in one process queue on a lock: none fails or waits in the busy handler, and the
lock is given back however the transaction ends."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from kibitz.db import make_engine
from kibitz.sqlite_writer import WriterConnection


@pytest.fixture()
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER NOT NULL UNIQUE, who TEXT)"))
    return engine


def _raw(engine: Engine) -> WriterConnection:
    raw = engine.raw_connection().dbapi_connection
    assert isinstance(raw, WriterConnection)
    return raw


def test_many_threads_writing_at_once_all_succeed(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(who: int) -> None:
        try:
            for i in range(25):
                with engine.begin() as connection:
                    connection.execute(
                        text("INSERT INTO t (n, who) VALUES (:n, :who)"),
                        {"n": who * 1000 + i, "who": str(who)},
                    )
                    # Work inside the write transaction, as a request does before it commits.
                    connection.execute(text("SELECT count(*) FROM t")).scalar()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 12 * 25


def test_lock_is_released_on_commit_rollback_failure_and_close(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    first = sqlite3.connect(path, factory=WriterConnection, check_same_thread=False)
    first.execute("CREATE TABLE t (n INTEGER UNIQUE)")
    first.commit()
    second = sqlite3.connect(path, factory=WriterConnection, check_same_thread=False)
    second.lock_timeout = 0.2

    first.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO t VALUES (2)")  # queued behind `first`, then times out
    first.commit()
    second.execute("INSERT INTO t VALUES (2)")  # free again after the commit
    second.rollback()

    first.execute("INSERT INTO t VALUES (3)")
    first.rollback()
    second.execute("INSERT INTO t VALUES (3)")  # free after a rollback
    second.commit()

    with pytest.raises(sqlite3.IntegrityError):
        first.execute("INSERT INTO t VALUES (3)")  # a failed write inside its transaction…
    first.rollback()  # …holds the lock until the transaction ends
    second.execute("INSERT INTO t VALUES (4)")
    second.close()  # closing with a transaction open gives the lock back too
    first.execute("INSERT INTO t VALUES (5)")
    first.commit()
    reads = sqlite3.connect(path)
    assert [n for (n,) in reads.execute("SELECT n FROM t ORDER BY n")] == [1, 3, 5]
    reads.close()
    first.close()


def test_reads_never_wait_for_a_writer(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    writer = sqlite3.connect(path, factory=WriterConnection, check_same_thread=False)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (n INTEGER)")
    writer.commit()
    writer.execute("INSERT INTO t VALUES (1)")  # holds the write lock
    reader = sqlite3.connect(path, factory=WriterConnection, check_same_thread=False)
    reader.lock_timeout = 0.1
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)
    writer.commit()
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (1,)
    reader.close()
    writer.close()
