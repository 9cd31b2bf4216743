"""One writer at a time per SQLite database inside a process, queued on a lock instead of polling.

SQLite allows one write transaction at a time. When several request threads write at once, the
losers wait in SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms between retries: the database
sits idle while they sleep, so under a burst of posts throughput collapses and p99 climbs into
hundreds of milliseconds. Here each connection takes a per-database `threading.Lock` before its
first INSERT/UPDATE/DELETE and gives it back as soon as its transaction ends, so writers in one
process queue in order and the next starts the moment the last commits. Reads never take it (WAL
readers do not block the writer). Writers in other processes still meet SQLite's busy timeout.

Used as `sqlite3.connect(..., factory=WriterConnection)` (`db.make_engine`).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(database, threading.Lock())


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


class WriterConnection(sqlite3.Connection):
    """A pysqlite connection whose cursors queue for the database's write lock."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._write_lock = _lock_for(str(database))
        self._holds = False
        # Set by `db.make_engine` from the busy timeout: past it a writer fails as SQLite would.
        self.lock_timeout = 5.0

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or WriterCursor)

    def acquire_for_write(self) -> None:
        if self._holds:
            return
        if not self._write_lock.acquire(timeout=self.lock_timeout):
            raise sqlite3.OperationalError("database is locked")
        self._holds = True

    def release_if_done(self) -> None:
        if self._holds and not self.in_transaction:
            self._holds = False
            self._write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.release_if_done()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.release_if_done()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._holds:
                self._holds = False
                self._write_lock.release()


class WriterCursor(sqlite3.Cursor):
    @property
    def _writer(self) -> WriterConnection:
        connection: WriterConnection = self.connection  # type: ignore[assignment]
        return connection

    def execute(self, sql: str, parameters: Any = (), /) -> WriterCursor:
        if not _is_write(sql):
            return super().execute(sql, parameters)
        self._writer.acquire_for_write()
        try:
            return super().execute(sql, parameters)
        finally:
            self._writer.release_if_done()  # autocommit, or a failed statement ended it

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> WriterCursor:
        if not _is_write(sql):
            return super().executemany(sql, seq_of_parameters)
        self._writer.acquire_for_write()
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self._writer.release_if_done()
