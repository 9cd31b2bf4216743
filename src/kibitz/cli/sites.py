"""`kibitz sites …` and `kibitz threads …`: tenants, their origins, open and closed threads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.comments import service as comments_service
from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory, transaction
from kibitz.errors import DomainError
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site

sites_app = typer.Typer(
    help="Sites (tenants) and the origins allowed to embed them.", no_args_is_help=True
)
threads_app = typer.Typer(help="Threads: close and reopen conversations.", no_args_is_help=True)

OriginsOption = Annotated[
    list[str],
    typer.Option(
        "--origin",
        help="An origin allowed to embed the site, e.g. https://news.example.com (repeatable).",
    ),
]


@contextmanager
def _unit_of_work() -> Iterator[Session]:
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


@sites_app.command("create")
def create_site(
    key: Annotated[str, typer.Argument(help="Site key used in embeds, e.g. `dailynews`.")],
    origin: OriginsOption = [],  # noqa: B006 (typer reads the default, never mutates it)
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create site KEY and allow each --origin to embed it."""
    with _unit_of_work() as session:
        site = sites_service.create(session, key=key, name=name, origins=origin)
        origins = [row.origin for row in site.origins]
    typer.echo(f"Created site {key!r}; origins: {', '.join(origins) or '(none)'}")


@sites_app.command("allow")
def allow_origins(
    key: Annotated[str, typer.Argument(help="Site key.")],
    origin: OriginsOption,
) -> None:
    """Allow more origins to embed site KEY."""
    with _unit_of_work() as session:
        site = sites_service.get_or_raise(session, key=key)
        added = sites_service.add_origins(session, site=site, origins=origin)
    typer.echo(f"Site {key!r}: added {', '.join(added) or 'nothing new'}")


@sites_app.command("list")
def list_sites() -> None:
    """Every site with its allowed origins."""
    with _unit_of_work() as session:
        for site in session.scalars(select(Site).order_by(Site.key)):
            origins = ", ".join(row.origin for row in site.origins) or "(none)"
            typer.echo(f"{site.key}\t{origins}")


def _set_closed(site_key: str, thread_key: str, closed: bool) -> None:
    with _unit_of_work() as session:
        site = sites_service.get_or_raise(session, key=site_key)
        thread = comments_service.get_thread_or_raise(session, site=site, key=thread_key)
        comments_service.set_thread_closed(session, thread=thread, closed=closed)
    typer.echo(f"Thread {thread_key!r} on {site_key!r} is {'closed' if closed else 'open'}.")


@threads_app.command("close")
def close_thread(
    site: Annotated[str, typer.Argument(help="Site key.")],
    thread: Annotated[str, typer.Argument(help="Thread key.")],
) -> None:
    """Close a conversation: comments stay visible, nobody can post, edit or reply."""
    _set_closed(site, thread, closed=True)


@threads_app.command("open")
def open_thread(
    site: Annotated[str, typer.Argument(help="Site key.")],
    thread: Annotated[str, typer.Argument(help="Thread key.")],
) -> None:
    """Reopen a closed conversation."""
    _set_closed(site, thread, closed=False)
