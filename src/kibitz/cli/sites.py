"""`kibitz sites …` and `kibitz threads …`: tenants, their origins, open and closed threads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import select

from kibitz.cli.database import unit_of_work
from kibitz.comments import service as comments_service
from kibitz.errors import InvalidInput
from kibitz.sites import moderation as site_moderation
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


@sites_app.command("create")
def create_site(
    key: Annotated[str, typer.Argument(help="Site key used in embeds, e.g. `dailynews`.")],
    origin: OriginsOption = [],  # noqa: B006 (typer reads the default, never mutates it)
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create site KEY and allow each --origin to embed it."""
    with unit_of_work() as session:
        site = sites_service.create(session, key=key, name=name, origins=origin)
        origins = [row.origin for row in site.origins]
    typer.echo(f"Created site {key!r}; origins: {', '.join(origins) or '(none)'}")


@sites_app.command("allow")
def allow_origins(
    key: Annotated[str, typer.Argument(help="Site key.")],
    origin: OriginsOption,
) -> None:
    """Allow more origins to embed site KEY."""
    with unit_of_work() as session:
        site = sites_service.get_or_raise(session, key=key)
        added = sites_service.add_origins(session, site=site, origins=origin)
    typer.echo(f"Site {key!r}: added {', '.join(added) or 'nothing new'}")


@sites_app.command("list")
def list_sites() -> None:
    """Every site with its allowed origins."""
    with unit_of_work() as session:
        for site in session.scalars(select(Site).order_by(Site.key)):
            origins = ", ".join(row.origin for row in site.origins) or "(none)"
            typer.echo(f"{site.key}\t{origins}")


@sites_app.command("moderation")
def moderation_settings(
    key: Annotated[str, typer.Argument(help="Site key.")],
    premoderate: Annotated[
        list[str], typer.Option(help="all | first:N | links | new:D | flagged (repeatable).")
    ] = [],  # noqa: B006
    threshold: Annotated[
        list[str], typer.Option(help="RULE=BAR:VALUE, e.g. discourtesy=hold:0.8 (or :none).")
    ] = [],  # noqa: B006
    banned: Annotated[
        list[str], typer.Option(help="Add a banned word or phrase (rejects): TERM[=RULE].")
    ] = [],  # noqa: B006
    suspect: Annotated[
        list[str], typer.Option(help="Add a suspect word or phrase (holds): TERM[=RULE].")
    ] = [],  # noqa: B006
    banned_file: Annotated[Path | None, typer.Option(help="Banned words, one a line.")] = None,
    suspect_file: Annotated[Path | None, typer.Option(help="Suspect words, one a line.")] = None,
    report_threshold: Annotated[float | None, typer.Option(help="Weighted reports.")] = None,
    link_limit: Annotated[int | None, typer.Option(help="Links a new reader may post.")] = None,
    rate_limit: Annotated[str | None, typer.Option(help="COUNT/SECONDS or off.")] = None,
    settings_json: Annotated[
        str | None, typer.Option("--json", help="Replace all settings with this JSON document.")
    ] = None,
    reset: Annotated[bool, typer.Option(help="Back to the defaults.")] = False,
) -> None:
    """Show or change site KEY's moderation settings; prints the effective settings as JSON."""
    with unit_of_work() as session:
        site = sites_service.get_or_raise(session, key=key)
        current = {} if reset else dict(site.moderation or {})
        if settings_json is not None:
            current = _json_document(settings_json)
        changes: dict[str, Any] = dict(current)
        if premoderate:
            changes["premoderate"] = premoderate
        if threshold:
            changes["thresholds"] = _thresholds(current.get("thresholds") or {}, threshold)
        for name, added, path in (
            ("banned_words", banned, banned_file),
            ("suspect_words", suspect, suspect_file),
        ):
            if added or path:
                changes[name] = [*current.get(name, []), *added, *_lines(path)]
        for name, value in (
            ("report_threshold", report_threshold),
            ("link_limit", link_limit),
            ("rate_limit", rate_limit),
        ):
            if value is not None:
                changes[name] = value
        site.moderation = None
        effective = site_moderation.update(session, site=site, changes=changes)
    typer.echo(json.dumps(effective.to_dict(), indent=2, ensure_ascii=False))


def _json_document(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"--json is not valid JSON: {exc}", field="json") from exc
    if not isinstance(document, dict):
        raise InvalidInput("--json must be an object", field="json")
    return document


def _thresholds(current: dict[str, Any], specs: list[str]) -> dict[str, Any]:
    merged = {rule: dict(bars) for rule, bars in current.items()}
    for spec in specs:
        rule, _, rest = spec.partition("=")
        bar, _, value = rest.partition(":")
        if not rule or bar not in {"nudge", "hold", "reject"} or not value:
            raise InvalidInput(f"a threshold reads RULE=BAR:VALUE, not {spec!r}", field="threshold")
        try:
            number = None if value.lower() == "none" else float(value)
        except ValueError as exc:
            raise InvalidInput(f"{spec!r}: {value!r} is not a number", field="threshold") from exc
        merged.setdefault(rule.strip(), {})[bar] = number
    return merged


def _lines(path: Path | None) -> list[str]:
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _set_closed(site_key: str, thread_key: str, closed: bool) -> None:
    with unit_of_work() as session:
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
