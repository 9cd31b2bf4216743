"""The database unit of work every CLI command that writes shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session

from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory, transaction
from kibitz.errors import DomainError


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """A committed transaction; a domain error becomes a message and exit status 1."""
    engine = make_engine(get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
