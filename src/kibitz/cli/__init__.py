"""`kibitz`: serve, migrate, and manage sites and threads from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

import kibitz
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
app.add_typer(sites_app, name="sites")
app.add_typer(threads_app, name="threads")
app.add_typer(moderation_app, name="moderation")
app.add_typer(users_app, name="users")
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
) -> None:
    """Apply migrations, create the demo site on an empty database, and start the server."""
    import uvicorn

    from kibitz.web.app import create_app

    settings = get_settings()
    prepare_database(settings)
    bind_host = host or settings.host
    bind_port = port or settings.port
    typer.echo(f"Kibitz on http://{bind_host}:{bind_port}/  (database: {_safe_url(settings)})")
    if reload:
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
            create_app(settings), host=bind_host, port=bind_port, log_level=settings.log_level
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
