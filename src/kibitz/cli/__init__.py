"""`kibitz`: serve, migrate, and manage sites and threads from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

import kibitz
from kibitz.cli import readers as readers_cli
from kibitz.cli.dev import dev_app
from kibitz.cli.moderation import app as moderation_app
from kibitz.cli.review import export_decisions
from kibitz.cli.sites import sites_app, threads_app
from kibitz.cli.transfer import export as export_command
from kibitz.cli.transfer import import_app
from kibitz.cli.users import users_app
from kibitz.config import Settings, get_settings
from kibitz.db import make_engine, make_session_factory, transaction, upgrade

app = typer.Typer(help="Kibitz: the conversation under a news article.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(dev_app, name="dev")
app.add_typer(sites_app, name="sites")
app.add_typer(threads_app, name="threads")
app.add_typer(moderation_app, name="moderation")
app.add_typer(users_app, name="users")
users_app.command("export")(readers_cli.export_user)
users_app.command("delete")(readers_cli.delete_user)
sites_app.command("sso")(readers_cli.sso_keys)
sites_app.command("commenters")(readers_cli.set_commenters)
app.add_typer(readers_cli.privacy_app, name="privacy")
moderation_app.command("export-decisions")(export_decisions)
app.add_typer(import_app, name="import")
app.command("export")(export_command)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kibitz {kibitz.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Settings come from KIBITZ_* environment variables (see README)."""


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind [KIBITZ_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind [KIBITZ_PORT].")] = None,
    reload: Annotated[
        bool, typer.Option(help="Restart when the code changes (development).")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes to start [KIBITZ_WORKERS].")
    ] = None,
) -> None:
    """Apply migrations, create the demo site on an empty database, and start the server.

    On SIGTERM or Ctrl-C each process stops accepting connections and finishes the requests in
    flight (live streams are cut after `GRACE_SECONDS`; widgets resume on another process)."""
    import uvicorn

    from kibitz.web.app import create_app

    settings = get_settings()
    prepare_database(settings)
    bind_host = host or settings.host
    bind_port = port or settings.port
    count = workers or settings.workers
    typer.echo(f"Kibitz on http://{bind_host}:{bind_port}/  (database: {_safe_url(settings)})")
    if count > 1:
        _serve_workers(settings, bind_host, bind_port, count)
    elif reload:
        uvicorn.run(
            "kibitz.web.app:create_app_from_env",
            factory=True,
            host=bind_host,
            port=bind_port,
            reload=True,
            log_level=settings.log_level,
        )
    else:
        uvicorn.run(
            create_app(settings),
            host=bind_host,
            port=bind_port,
            log_level=settings.log_level,
            timeout_graceful_shutdown=GRACE_SECONDS,
        )


GRACE_SECONDS = 10


def _serve_workers(settings: Settings, host: str, port: int, count: int) -> None:
    """Several processes behind one socket; they share only the database and Redis."""
    import os

    import uvicorn

    if settings.is_sqlite or not settings.redis_url:
        typer.echo(
            "Several workers share only the database and Redis: without KIBITZ_REDIS_URL live "
            "updates stay inside each process and the page cache is off; SQLite serialises "
            "writes. PostgreSQL and Redis are the production set-up (docs/deploy.md).",
            err=True,
        )
    # The workers build their app from the environment: tell them how many they are.
    os.environ["KIBITZ_WORKERS"] = str(count)
    uvicorn.run(
        "kibitz.web.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=count,
        log_level=settings.log_level,
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


def prepare_database(settings: Settings) -> None:
    """Migrate to the latest schema and, if enabled and the database has no site, seed the demo."""
    from kibitz.sites.demo import seed_demo

    upgrade(settings.database_url)
    if settings.demo:
        engine = make_engine(settings.database_url)
        try:
            with transaction(make_session_factory(engine)) as session:
                if seed_demo(session, settings=settings):
                    typer.echo("Created the demo site and article.")
        finally:
            engine.dispose()


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    settings = get_settings()
    upgrade(settings.database_url, revision)
    typer.echo(f"Database at {revision}: {_safe_url(settings)}")
