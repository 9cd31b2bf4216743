"""`kibitz users …`: moderator and admin accounts (the password is read from stdin)."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from sqlalchemy import select

from kibitz.accounts import service as accounts
from kibitz.cli.database import unit_of_work
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site

users_app = typer.Typer(help="Accounts that sign in to the dashboard.", no_args_is_help=True)


def read_password() -> str:
    """From the terminal without echo (typed twice), or the first line of a pipe."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            typer.echo("error: the passwords differ", err=True)
            raise typer.Exit(1)
        return first
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("create")
def create_user(
    email: Annotated[str, typer.Argument(help="E-mail address, used to sign in.")],
    role: Annotated[str, typer.Option(help="moderator, admin or reader.")] = "moderator",
    name: Annotated[str, typer.Option(help="Display name (default: the address's user).")] = "",
    site: Annotated[
        str | None, typer.Option(help="Grant the role on this site only (default: every site).")
    ] = None,
) -> None:
    """Create an account; the password comes from stdin (not echoed on a terminal)."""
    password = read_password()
    with unit_of_work() as session:
        site_row: Site | None = None
        if site is not None:
            site_row = sites_service.get_or_raise(session, key=site)
        user = accounts.create_user(
            session, email=email, password=password, role=role, display_name=name, site=site_row
        )
        where = f"on site {site!r}" if site else "on every site"
        typer.echo(f"Created {user.email} ({role} {where}).")


@users_app.command("list")
def list_users() -> None:
    """Every account: e-mail, global role, site roles, and whether it is disabled."""
    with unit_of_work() as session:
        site_keys = {site.id: site.key for site in session.scalars(select(Site))}
        for user in accounts.list_users(session):
            sites = ", ".join(f"{site_keys[r.site_id]}:{r.role}" for r in user.site_roles)
            state = "disabled" if user.disabled else "active"
            typer.echo(f"{user.email}\t{user.role}\t{sites or '-'}\t{state}")
