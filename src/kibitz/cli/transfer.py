"""`kibitz import …` and `kibitz export`: move a site's conversations in and out.

Exit status: 0 done (or dry run done), 1 nothing was imported or exported (a malformed or truncated
file, with its line; an unknown site; the moderation model missing for --assess).
"""

from __future__ import annotations

import json
import sys
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory
from kibitz.errors import DomainError
from kibitz.imports.assess import Judge
from kibitz.imports.records import SourceError
from kibitz.imports.service import ImportRequest, run_import
from kibitz.imports.summary import Summary
from kibitz.imports.threads import KEY_CHOICES

import_app = typer.Typer(
    help="Import comments from Disqus, WordPress, Isso, Remark42 or a Kibitz export.",
    no_args_is_help=True,
)
err = Console(stderr=True)

FileArg = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The export file.")
]
SiteOpt = Annotated[str, typer.Option("--site", help="Kibitz site key to import into.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Parse and report; write nothing.")]
CreateSiteOpt = Annotated[
    bool, typer.Option("--create-site", help="Create the site if it does not exist yet.")
]
ThreadKeyOpt = Annotated[
    str,
    typer.Option(
        "--thread-key",
        help="Thread keys from: auto (identifier, else URL path), identifier, path, url.",
    ),
]
AssessOpt = Annotated[
    bool, typer.Option("--assess", help="Run imported comments through the moderator and count.")
]
ApplyOpt = Annotated[
    bool,
    typer.Option(
        "--apply-verdicts", help="With --assess: hold or reject published comments as judged."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def _run(
    source: str,
    path: Path,
    *,
    site: str,
    dry_run: bool,
    create_site: bool,
    thread_key: str,
    assess: bool,
    apply_verdicts: bool,
    as_json: bool,
) -> None:
    if thread_key not in KEY_CHOICES:
        _fail(f"--thread-key must be one of {', '.join(KEY_CHOICES)}")
    if apply_verdicts and not assess:
        _fail("--apply-verdicts needs --assess")
    request = ImportRequest(
        source=source,
        path=path,
        site=site,
        dry_run=dry_run,
        create_site=create_site,
        key_from=thread_key,
        apply_verdicts=apply_verdicts,
    )
    settings = get_settings()
    judge = _judge() if assess else None
    engine = make_engine(settings.database_url)
    try:
        with _progress(path, quiet=as_json) as progress:
            summary = run_import(
                make_session_factory(engine),
                request,
                secret=settings.secret_key,
                judge=judge,
                progress=progress,
            )
    except SourceError as exc:
        _fail(f"{path}: {exc} (nothing was imported)")
    except DomainError as exc:
        _fail(f"{exc.message} (nothing was imported)")
    finally:
        engine.dispose()
    _report(summary, as_json=as_json)


def _judge() -> Judge:
    from kibitz.moderation import Moderator

    try:
        settings = get_settings()
        stage = None if settings.moderation_stage == "auto" else settings.moderation_stage
        return Moderator.load(settings.moderation_artifacts, stage=stage)
    except (OSError, ValueError) as exc:
        _fail(f"the moderation model cannot be loaded ({exc}); run `kibitz moderation train`")


@contextmanager
def _progress(path: Path, *, quiet: bool) -> Iterator[Callable[[int], None]]:
    total = path.stat().st_size
    columns = (BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(
        "[progress.description]{task.description}", *columns, console=err, disable=quiet
    ) as bar:
        task = bar.add_task(f"Reading {path.name}", total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance


def _report(summary: Summary, *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    out = Console()
    title = f"Import from {summary.source} into {summary.site!r}"
    table = Table(title=title + (" (dry run: nothing written)" if summary.dry_run else ""))
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("threads created", summary.threads_created),
        ("threads already there", summary.threads_existing),
        ("comments imported", summary.comments),
        ("  of which replies", summary.replies),
        ("  orphans (parent missing, now top-level)", summary.orphans),
        ("skipped: already imported", summary.duplicates),
        *((f"  status {status}", count) for status, count in sorted(summary.by_status.items())),
        *((f"skipped: {reason}", count) for reason, count in sorted(summary.skipped.items())),
    ]
    if summary.assessed:
        rows.append(("assessed by the moderator", summary.assessed))
        rows.extend((f"  breaking {rule}", n) for rule, n in sorted(summary.flagged.items()))
        rows.extend((f"  would {d}", n) for d, n in sorted(summary.decisions.items()))
        rows.append(("  statuses changed", summary.status_changes))
    for label, count in rows:
        table.add_row(label, f"{count:,}")
    out.print(table)
    for example in summary.skipped_examples:
        out.print(f"  skipped {example}")


def _fail(message: str) -> typing.NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _command(source: str, doc: str) -> None:
    def command(
        file: FileArg,
        site: SiteOpt,
        dry_run: DryRunOpt = False,
        create_site: CreateSiteOpt = False,
        thread_key: ThreadKeyOpt = "auto",
        assess: AssessOpt = False,
        apply_verdicts: ApplyOpt = False,
        as_json: JsonOpt = False,
    ) -> None:
        _run(
            source,
            file,
            site=site,
            dry_run=dry_run,
            create_site=create_site,
            thread_key=thread_key,
            assess=assess,
            apply_verdicts=apply_verdicts,
            as_json=as_json,
        )

    command.__doc__ = doc
    name = "json" if source == "kibitz" else source
    import_app.command(name)(command)


_command("disqus", "Import a Disqus XML export (FILE.xml).")
_command("wordpress", "Import a WordPress export (WXR, FILE.xml): posts and their comments.")
_command("isso", "Import an Isso SQLite database (comments.db).")
_command("remark42", "Import a Remark42 backup (remark42 backup; gzipped or not).")
_command("kibitz", "Import a Kibitz export made by `kibitz export --format json`.")


def export(
    site: SiteOpt,
    format: Annotated[
        str, typer.Option("--format", help="json (Kibitz) or disqus (XML).")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export every thread and comment of a site, whatever their status, streaming."""
    from kibitz.exports import disqus as disqus_export
    from kibitz.exports import kibitz_json as json_export
    from kibitz.sites import service as sites_service

    writers = {"json": json_export.export, "disqus": disqus_export.export}
    if format not in writers:
        _fail("--format must be json or disqus")
    engine = make_engine(get_settings().database_url)
    try:
        with make_session_factory(engine)() as session, _open(output) as out:
            site_row = sites_service.get(session, key=site)
            if site_row is None:
                _fail(f"no site {site!r}")
            threads, comments = writers[format](session, site=site_row, out=out)
    finally:
        engine.dispose()
    err.print(f"Exported {threads:,} threads and {comments:,} comments of {site!r}.")


@contextmanager
def _open(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8", newline="\n") as out:
        yield out
