"""Disqus's XML export (`<disqus>`: categories, then threads, then posts), streamed.

Status mapping: `isDeleted` -> deleted (text forgotten), else `isSpam` -> rejected, else
`isApproved` false -> pending, else published. A thread's key is its `<id>` (the identifier the
Disqus embed used) and, failing that, derived from its `<link>`. Deleted threads keep their comments
and are imported closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element

from kibitz.imports.htmltext import html_to_markdown
from kibitz.imports.records import (
    CommentRecord,
    Record,
    Skipped,
    SourceError,
    ThreadRecord,
    parse_bool,
    parse_iso,
)
from kibitz.imports.xmlstream import Path, child_text, stream_xml

NS = "{http://disqus.com}"
DSQ = "{http://disqus.com/disqus-internals}"
ROOT = f"{NS}disqus"
_RECORDS = {f"{NS}thread", f"{NS}post"}


def parse(source: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
    root_seen = False
    for event in stream_xml(source, capture=_wanted, progress=progress):
        element = event.element
        if element is None:
            continue
        if event.path[0] != ROOT:
            raise SourceError("not a Disqus export (the root is not <disqus>)", line=event.line)
        root_seen = True
        if element.tag == f"{NS}thread":
            yield _thread(element, event.line)
        else:
            yield _post(element, event.line)
    if not root_seen:
        raise SourceError("no Disqus threads or posts found (is this a Disqus export?)")


def _wanted(path: Path) -> bool:
    return len(path) == 2 and path[1] in _RECORDS


def _thread(element: Element, line: int) -> Record:
    source_id = element.get(f"{DSQ}id")
    if not source_id:
        return Skipped("thread without dsq:id", line)
    try:
        closed = parse_bool(child_text(element, f"{NS}isClosed"), line=line)
        deleted = parse_bool(child_text(element, f"{NS}isDeleted"), line=line)
    except SourceError as exc:
        return Skipped("thread with an unreadable field", line, exc.message)
    return ThreadRecord(
        source_id=source_id,
        identifier=child_text(element, f"{NS}id"),
        url=child_text(element, f"{NS}link"),
        title=child_text(element, f"{NS}title"),
        closed=closed or deleted,
        line=line,
    )


def _post(element: Element, line: int) -> Record:
    source_id = element.get(f"{DSQ}id")
    thread = element.find(f"{NS}thread")
    thread_id = thread.get(f"{DSQ}id") if thread is not None else None
    if not source_id:
        return Skipped("post without dsq:id", line)
    if not thread_id:
        return Skipped("post without a thread", line)
    parent = element.find(f"{NS}parent")
    try:
        status = _status(element, line)
        created = parse_iso(child_text(element, f"{NS}createdAt"), line=line)
    except SourceError as exc:
        return Skipped("post with an unreadable field", line, exc.message)
    return CommentRecord(
        source_id=source_id,
        thread_id=thread_id,
        parent_id=(parent.get(f"{DSQ}id") or None) if parent is not None else None,
        body=html_to_markdown(child_text(element, f"{NS}message") or ""),
        status=status,
        created_at=created,
        author_name=child_text(element, f"{NS}author/{NS}name") or "",
        author_email=child_text(element, f"{NS}author/{NS}email"),
        line=line,
    )


def _status(element: Element, line: int) -> str:
    if parse_bool(child_text(element, f"{NS}isDeleted"), line=line):
        return "deleted"
    if parse_bool(child_text(element, f"{NS}isSpam"), line=line):
        return "rejected"
    if not parse_bool(child_text(element, f"{NS}isApproved"), line=line, default=True):
        return "pending"
    return "published"
