"""Source threads -> Kibitz threads: which key an article gets, created once, found again after."""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kibitz.comments.models import Thread
from kibitz.comments.validation import is_storable
from kibitz.imports.records import ThreadRecord
from kibitz.sites.models import Site

KeyFrom = Literal["auto", "identifier", "path", "url"]
KEY_CHOICES: tuple[KeyFrom, ...] = ("auto", "identifier", "path", "url")
MAX_KEY_CHARS = 500
MAX_TITLE_CHARS = 300
MAX_URL_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def thread_key(record: ThreadRecord, key_from: KeyFrom) -> str | None:
    """The Kibitz key for a source thread, or None when the source gives nothing usable.

    `auto`: the source's identifier (what the old embed used), else the URL's path and query
    (what a news site's `data-thread` usually holds), else the whole URL.
    """
    path = _path(record.url)
    candidates = {
        "identifier": [record.identifier],
        "path": [path],
        "url": [record.url],
        "auto": [record.identifier, path, record.url],
    }[key_from]
    for candidate in candidates:
        if candidate and candidate.strip() and is_storable(candidate):
            key = candidate.strip()
            if len(key) <= MAX_KEY_CHARS:
                return key
    return None


def _path(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.path and not parts.query:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def clean_title(title: str | None) -> str | None:
    if not title or not is_storable(title):
        return None
    return " ".join(_CONTROL.sub(" ", title).split())[:MAX_TITLE_CHARS] or None


def clean_url(url: str | None) -> str | None:
    if not url or not is_storable(url) or len(url.strip()) > MAX_URL_CHARS:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in {"http", "https"} and parts.netloc else None


class ThreadResolver:
    """Thread ids by source thread id; creates a Kibitz thread on its first imported comment.

    Only source threads that receive a comment become Kibitz threads (as when readers post). An
    existing thread with the same key is reused untouched, so a second run changes nothing.
    """

    def __init__(self, session: Session, *, site: Site, key_from: KeyFrom) -> None:
        self.session = session
        self.site = site
        self.key_from = key_from
        self.pending: dict[str, ThreadRecord] = {}
        self.ids: dict[str, int | None] = {}
        self.by_key: dict[str, int] = {}
        self.created = 0
        self.existing = 0

    def declare(self, record: ThreadRecord) -> None:
        if record.source_id not in self.ids:
            self.pending.setdefault(record.source_id, record)

    def resolve(self, source_id: str) -> int | None:
        """The Kibitz thread id; None if the source never declared the thread or gave no key."""
        if source_id in self.ids:
            return self.ids[source_id]
        record = self.pending.pop(source_id, None)
        key = thread_key(record, self.key_from) if record is not None else None
        thread_id = self._get_or_create(key, record) if key and record else None
        self.ids[source_id] = thread_id
        return thread_id

    def _get_or_create(self, key: str, record: ThreadRecord) -> int:
        if key in self.by_key:
            return self.by_key[key]
        query = select(Thread.id).where(Thread.site_id == self.site.id, Thread.key == key)
        thread_id = self.session.scalar(query)
        if thread_id is None:
            values = {
                "site_id": self.site.id,
                "key": key,
                "title": clean_title(record.title),
                "url": clean_url(record.url),
                "closed": record.closed,
            }
            thread_id = self.session.scalars(insert(Thread).returning(Thread.id), [values]).one()
            self.created += 1
        else:
            self.existing += 1
        self.by_key[key] = thread_id
        return thread_id
