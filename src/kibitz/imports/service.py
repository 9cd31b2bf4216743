"""Run one import: open the file, pick the parser, write in one transaction, report.

`dry_run` runs everything, the database writes included, and rolls back at the end: the figures
are exactly those a real run would give (duplicates from an earlier run included), and nothing
stays. Any error (a malformed file, a truncated one) rolls back the same way.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy.orm import Session, sessionmaker

from kibitz.imports import disqus, isso, kibitz_json, remark42, wordpress
from kibitz.imports.assess import ImportAssessor, Judge
from kibitz.imports.records import Record, SourceError
from kibitz.imports.summary import Summary
from kibitz.imports.threads import KeyFrom
from kibitz.imports.writer import BATCH_SIZE, ImportWriter
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site

Progress = Callable[[int], None]
StreamParser = Callable[[BinaryIO, Progress | None], Iterator[Record]]
STREAM_PARSERS: dict[str, StreamParser] = {
    "disqus": disqus.parse,
    "kibitz": kibitz_json.parse,
    "wordpress": wordpress.parse,
    "remark42": remark42.parse,
}
SOURCES = (*STREAM_PARSERS, "isso")


@dataclass(frozen=True, slots=True)
class ImportRequest:
    source: str  # a key of STREAM_PARSERS
    path: Path
    site: str
    dry_run: bool = False
    create_site: bool = False
    key_from: KeyFrom = "auto"
    batch_size: int = BATCH_SIZE
    apply_verdicts: bool = False


def run_import(
    factory: sessionmaker[Session],
    request: ImportRequest,
    *,
    secret: str,
    judge: Judge | None = None,
    progress: Progress | None = None,
) -> Summary:
    summary = Summary(source=request.source, site=request.site, dry_run=request.dry_run)
    with factory() as session:
        try:
            site = _site(session, request, summary)
            assessor = (
                ImportAssessor(session, judge=judge, summary=summary, apply=request.apply_verdicts)
                if judge is not None
                else None
            )
            writer = ImportWriter(
                session,
                site=site,
                summary=summary,
                secret=secret,
                key_from=request.key_from,
                batch_size=request.batch_size,
                on_batch=assessor,
            )
            writer.add_all(_records(request, progress))
            if request.dry_run:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
    return summary


def _records(request: ImportRequest, progress: Progress | None) -> Iterator[Record]:
    if request.source == "isso":
        yield from isso.parse(request.path, progress)
        return
    with request.path.open("rb") as raw:
        # Exports often come gzipped (Disqus's always, Remark42's backups): read them as they are.
        compressed = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        source = cast(BinaryIO, gzip.GzipFile(fileobj=raw)) if compressed else raw

        def report(_done: int) -> None:
            if progress is not None:
                progress(raw.tell())

        try:
            yield from STREAM_PARSERS[request.source](source, report)
        except (OSError, EOFError) as exc:  # a damaged or truncated gzip stream
            raise SourceError(f"cannot decompress: {exc}") from None


def _site(session: Session, request: ImportRequest, summary: Summary) -> Site:
    site = sites_service.get(session, key=request.site)
    if site is not None:
        return site
    if not request.create_site:
        raise sites_service.SiteNotFound(
            f"no site {request.site!r}: create it first (kibitz sites create) or pass "
            "--create-site",
            field="site",
        )
    summary.site_created = True
    return sites_service.create(session, key=request.site)
