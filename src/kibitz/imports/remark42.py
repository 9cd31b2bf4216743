"""Remark42's backup (`remark42 backup`, usually gzipped): a meta line, then one comment a line.

Remark42 has no pending or spam state: `delete: true` -> deleted, everything else -> published;
posts marked `read_only` in the meta line are imported closed. A thread's key is the comment's
`locator.url` path (`--thread-key auto`). The markdown source (`orig`) is kept when present, else
the HTML (`text`) is converted. Votes (`votes`: user -> up?) become up and down counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from kibitz.imports.htmltext import html_to_markdown
from kibitz.imports.records import (
    CommentRecord,
    Record,
    Skipped,
    SourceError,
    ThreadRecord,
    json_object,
    parse_iso,
)


def parse(source: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
    read_only: set[str] = set()
    seen_threads: set[str] = set()
    header = False
    for number, raw in enumerate(source, start=1):
        if progress is not None and number % 1000 == 0:
            progress(number)
        if not raw.strip():
            continue
        data = json_object(raw, line=number, not_json="not JSON (truncated?)")
        if not header:
            read_only = _meta(data, number)
            header = True
            continue
        url = _locator_url(data)
        if url is None:
            yield Skipped("comment without locator.url", number)
            continue
        if url not in seen_threads:
            seen_threads.add(url)
            title = data.get("title") if isinstance(data.get("title"), str) else None
            yield ThreadRecord(url, None, url, title, closed=url in read_only, line=number)
        yield _comment(data, url, number)
    if not header:
        raise SourceError("empty file: no Remark42 backup meta line")


def _meta(data: dict[str, Any], line: int) -> set[str]:
    if "version" not in data or "id" in data:
        raise SourceError("not a Remark42 backup (the first line is not its meta)", line=line)
    posts = data.get("posts") or []
    return {p["url"] for p in posts if isinstance(p, dict) and p.get("read_only") and p.get("url")}


def _locator_url(data: dict[str, Any]) -> str | None:
    locator = data.get("locator")
    url = locator.get("url") if isinstance(locator, dict) else None
    return url if isinstance(url, str) and url else None


def _comment(data: dict[str, Any], url: str, line: int) -> Record:
    source_id = data.get("id")
    if not isinstance(source_id, str) or not source_id:
        return Skipped("comment without id", line)
    user, votes, edit = _dict(data, "user"), _dict(data, "votes"), _dict(data, "edit")
    orig, text = data.get("orig"), data.get("text")
    body = orig if isinstance(orig, str) and orig else html_to_markdown(str(text or ""))
    try:
        created = parse_iso(
            data.get("time") if isinstance(data.get("time"), str) else None, line=line
        )
        edited = parse_iso(
            edit.get("time") if isinstance(edit.get("time"), str) else None, line=line
        )
    except SourceError as exc:
        return Skipped("comment with an unreadable field", line, exc.message)
    pid = data.get("pid")
    return CommentRecord(
        source_id=source_id,
        thread_id=url,
        parent_id=pid if isinstance(pid, str) and pid else None,
        body=body,
        status="deleted" if data.get("delete") else "published",
        created_at=created,
        edited_at=edited,
        author_name=str(user.get("name") or ""),
        upvotes=len([up for up in votes.values() if up is True]),
        downvotes=len([up for up in votes.values() if up is False]),
        line=line,
    )


def _dict(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}
