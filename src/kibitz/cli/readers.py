"""`kibitz users export|delete`, `kibitz sites sso|commenters`, `kibitz privacy purge`: readers'
data on request, single sign-on keys, who may comment, and the expiry of IP hashes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from kibitz.accounts import policy, privacy, sso
from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.accounts.readers import account_reader_hash
from kibitz.cli.database import unit_of_work
from kibitz.config import get_settings
from kibitz.errors import NotFound
from kibitz.sites import service as sites_service

privacy_app = typer.Typer(help="Personal data: expiring IP hashes.", no_args_is_help=True)


def _user(session: Session, email: str) -> User:
    user = accounts.get_by_email(session, email=email)
    if user is None:
        raise NotFound(f"no account {email!r}", field="email")
    return user


def export_user(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="File (default: stdout).")] = None,
) -> None:
    """Everything kept about one reader, as JSON (a data access request)."""
    secret = get_settings().secret_key
    with unit_of_work() as session:
        user = _user(session, email)
        data = privacy.export(
            session, user=user, reader_hash=account_reader_hash(user.id, secret=secret)
        )
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")


def delete_user(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
    comments: Annotated[str, typer.Option(help="remove or anonymise their comments.")] = "remove",
) -> None:
    """Delete one reader's account (an erasure request)."""
    if comments not in ("remove", "anonymise"):
        typer.echo("error: --comments is remove or anonymise", err=True)
        raise typer.Exit(2)
    secret = get_settings().secret_key
    with unit_of_work() as session:
        user = _user(session, email)
        count = privacy.delete_account(
            session,
            user=user,
            reader_hash=account_reader_hash(user.id, secret=secret),
            comments="remove" if comments == "remove" else "anonymise",
        )
    typer.echo(f"Deleted {email}; {count} comments {comments}d.")


def sso_keys(
    site: Annotated[str, typer.Argument(help="The site's key.")],
    secret: Annotated[
        str | None, typer.Option(help="HS256 shared secret ('' clears; 'generate' makes one).")
    ] = None,
    public_key: Annotated[
        Path | None, typer.Option(help="RS256 public key, a PEM file ('-' for stdin).")
    ] = None,
    clear_public_key: Annotated[bool, typer.Option(help="Remove the RS256 key.")] = False,
) -> None:
    """Set a site's single sign-on keys; prints a generated secret once."""
    if secret == "generate":
        secret = sso.new_secret()
        typer.echo(f"HS256 secret for {site}: {secret}")
    pem: str | None = "" if clear_public_key else None
    if public_key is not None:
        pem = sys.stdin.read() if str(public_key) == "-" else public_key.read_text()
    with unit_of_work() as session:
        row = sites_service.get_or_raise(session, key=site)
        sso.configure(session, site=row, secret=secret, public_key=pem)
        kinds = [k for k, v in (("HS256", row.sso_secret), ("RS256", row.sso_public_key)) if v]
    typer.echo(f"Site {site} accepts sign-on tokens: {', '.join(kinds) or 'none'}.")


def set_commenters(
    site: Annotated[str, typer.Argument(help="The site's key.")],
    kinds: Annotated[str, typer.Argument(help="A mix of guests,accounts,sso.")],
) -> None:
    """Choose who may comment on a site."""
    with unit_of_work() as session:
        row = sites_service.get_or_raise(session, key=site)
        policy.set_commenters(session, site=row, kinds=kinds)
        typer.echo(f"On {site}: {row.commenters} may comment.")


@privacy_app.command("purge")
def purge(
    days: Annotated[
        int | None, typer.Option(help="Keep this many days (default KIBITZ_IP_RETENTION_DAYS).")
    ] = None,
) -> None:
    """Erase IP hashes older than the retention (run it daily, e.g. from cron)."""
    keep = get_settings().ip_retention_days if days is None else days
    with unit_of_work() as session:
        count = privacy.purge_ip_hashes(session, older_than_days=keep)
    typer.echo(f"Erased the IP hashes of {count} comments older than {keep} days.")
