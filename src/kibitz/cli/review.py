"""`kibitz moderation export-decisions`: the site's moderator decisions as JSON lines."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kibitz.cli.database import unit_of_work
from kibitz.review.export import decision_rows


def export_decisions(
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
    site: Annotated[str | None, typer.Option(help="Only this site's decisions.")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only decisions from this date (UTC) on.")
    ] = None,
) -> None:
    """Moderators' decisions as JSON lines ({"id", "text", "label", "rule", …}) to train on."""
    stream = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    count = 0
    try:
        with unit_of_work() as session:
            start = since.replace(tzinfo=UTC) if since and since.tzinfo is None else since
            for row in decision_rows(session, site=site, since=start):
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if out is not None:
            stream.close()
    typer.echo(f"{count} decisions exported", err=True)
