"""WordPress's export (WXR: RSS with `wp:` elements), streamed item by item.

Status mapping (`wp:comment_approved`): `1` -> published, `0` -> pending, `spam` -> rejected,
`trash` and `post-trashed` -> deleted. Pingbacks and trackbacks are not conversation and are
skipped. A post's key is its link's path and query (`--thread-key auto`); `wp:comment_status`
`closed` imports the thread closed. Comment text is WordPress's: HTML where the writer typed tags,
blank lines for paragraphs and newlines for line breaks, which is how WordPress displays it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from kibitz.imports.htmltext import html_to_markdown, text_to_html
from kibitz.imports.records import CommentRecord, Record, Skipped, SourceError, ThreadRecord
from kibitz.imports.xmlstream import Path, child_text, stream_xml

WP_PREFIX = "{http://wordpress.org/export/"
STATUSES = {
    "1": "published",
    "approve": "published",
    "0": "pending",
    "hold": "pending",
    "spam": "rejected",
    "trash": "deleted",
    "post-trashed": "deleted",
}
_ZERO_DATE = "0000-00-00 00:00:00"


def parse(source: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
    item: dict[str, str] = {}
    item_line = 0
    declared = False
    channel_seen = False
    for event in stream_xml(source, capture=_wanted, watch=_item_end, progress=progress):
        element = event.element
        if element is None:  # the end of an <item>: the next one starts afresh
            item, declared = {}, False
            continue
        channel_seen = True
        if not _is_wp(element.tag, "comment"):
            item_line = item_line if item else event.line
            item[element.tag] = "".join(element.itertext()).strip()
            continue
        ns = element.tag[: element.tag.index("}") + 1]
        thread_id = item.get(f"{ns}post_id") or f"line-{item_line}"
        if not declared:
            yield _thread(item, ns, thread_id, item_line)
            declared = True
        yield _comment(element, ns, thread_id, event.line)
    if not channel_seen:
        raise SourceError("no WordPress items found (is this a WXR export?)")


def _wanted(path: Path) -> bool:
    return len(path) == 4 and path[:3] == ("rss", "channel", "item")


def _item_end(path: Path) -> bool:
    return path == ("rss", "channel", "item")


def _is_wp(tag: str, local: str) -> bool:
    return tag.startswith(WP_PREFIX) and tag.endswith(f"}}{local}")


def _thread(item: dict[str, str], ns: str, thread_id: str, line: int) -> ThreadRecord:
    return ThreadRecord(
        source_id=thread_id,
        identifier=None,
        url=item.get("link") or item.get("guid"),
        title=item.get("title"),
        closed=item.get(f"{ns}comment_status") == "closed",
        line=line,
    )


def _comment(element: Element, ns: str, thread_id: str, line: int) -> Record:
    source_id = child_text(element, f"{ns}comment_id")
    if not source_id:
        return Skipped("comment without comment_id", line)
    kind = child_text(element, f"{ns}comment_type") or ""
    if kind in {"pingback", "trackback"}:
        return Skipped("pingback or trackback", line)
    approved = child_text(element, f"{ns}comment_approved") or "1"
    try:
        created = _date(element, ns, line)
    except SourceError as exc:
        return Skipped("comment with an unreadable field", line, exc.message)
    parent = child_text(element, f"{ns}comment_parent")
    content = child_text(element, f"{ns}comment_content") or ""
    return CommentRecord(
        source_id=source_id,
        thread_id=thread_id,
        parent_id=parent if parent and parent != "0" else None,
        body=html_to_markdown(text_to_html(content)),
        status=STATUSES.get(approved, "pending"),
        created_at=created,
        author_name=child_text(element, f"{ns}comment_author") or "",
        author_email=child_text(element, f"{ns}comment_author_email"),
        line=line,
    )


def _date(element: Element, ns: str, line: int) -> datetime | None:
    """`comment_date_gmt`; old exports leave it zero, then the local `comment_date` is used."""
    for tag in ("comment_date_gmt", "comment_date"):
        value = child_text(element, f"{ns}{tag}")
        if value and value != _ZERO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                raise SourceError(f"not a date: {value!r}", line=line) from None
    return None
