"""The one module that writes an import: records in, comments out, in batches of one transaction.

Memory stays flat however large the file: comments go to the database a batch at a time with bulk
statements through the domain models, and a reply's parent is found through `import_links` (the
source id of every imported comment), not an in-memory map. Only replies that arrive before their
parent wait in memory, until the parent is written; those whose parent never comes are written as
top-level comments at the end and counted as orphans. The caller owns the transaction: commit for
a real run, roll back for `--dry-run` or on any error, so nothing is ever imported half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment
from kibitz.comments.render import render_markdown
from kibitz.comments.service import hash_secret
from kibitz.comments.validation import clean_email, is_storable
from kibitz.db import utcnow
from kibitz.errors import InvalidInput
from kibitz.imports.models import ImportLink
from kibitz.imports.records import IMPORT_STATUSES, CommentRecord, Record, Skipped, ThreadRecord
from kibitz.imports.summary import Summary
from kibitz.imports.threads import KeyFrom, ThreadResolver
from kibitz.sites.models import Site

BATCH_SIZE = 1000
MAX_NAME_CHARS = 80


@dataclass(frozen=True, slots=True)
class Written:
    """A comment as written, for the assessment hook."""

    id: int
    body: str
    status: str


@dataclass(frozen=True, slots=True)
class _Parent:
    id: int
    root_id: int | None
    depth: int
    thread_id: int


class ImportWriter:
    def __init__(
        self,
        session: Session,
        *,
        site: Site,
        summary: Summary,
        secret: str,
        key_from: KeyFrom = "auto",
        batch_size: int = BATCH_SIZE,
        on_batch: Callable[[Sequence[Written]], None] | None = None,
    ) -> None:
        self.session = session
        self.site = site
        self.summary = summary
        self.secret = secret
        self.batch_size = batch_size
        self.on_batch = on_batch
        self.threads = ThreadResolver(session, site=site, key_from=key_from)
        self.queue: list[CommentRecord] = []
        self.waiting: dict[str, list[CommentRecord]] = {}  # parent source id -> its early replies
        self.waiting_ids: set[str] = set()

    def add_all(self, records: Iterable[Record]) -> Summary:
        for record in records:
            self.add(record)
        return self.finish()

    def add(self, record: Record) -> None:
        if isinstance(record, ThreadRecord):
            self.threads.declare(record)
        elif isinstance(record, Skipped):
            self.summary.skip(record.reason, record.line, record.detail)
        else:
            self.queue.append(record)
            if len(self.queue) >= self.batch_size:
                self._drain()

    def finish(self) -> Summary:
        self._drain()
        while self.waiting:
            self.queue.extend(self._orphans())
            self._drain()
        self.summary.threads_created = self.threads.created
        self.summary.threads_existing = self.threads.existing
        return self.summary

    def _orphans(self) -> list[CommentRecord]:
        """Waiting replies whose parent never came, made top-level (one per cycle, if any)."""
        waiting = [record for records in self.waiting.values() for record in records]
        ids = {record.source_id for record in waiting}
        lost = [record for record in waiting if record.parent_id not in ids] or waiting[:1]
        for record in lost:
            self.waiting[record.parent_id or ""].remove(record)
            if not self.waiting[record.parent_id or ""]:
                del self.waiting[record.parent_id or ""]
            self.waiting_ids.discard(record.source_id)
        self.summary.orphans += len(lost)
        return [replace(record, parent_id=None) for record in lost]

    def _drain(self) -> None:
        while self.queue:
            batch = self.queue[: self.batch_size]
            del self.queue[: self.batch_size]
            self._write(batch)

    def _write(self, batch: list[CommentRecord]) -> None:
        fresh = self._fresh(batch)
        if not fresh:
            return
        known = self._parents({r.parent_id for r in fresh.values() if r.parent_id} - set(fresh))
        ready = self._ready(fresh, known)
        ids = self._insert([fresh[source_id] for source_id in ready])
        self._link_parents(fresh, ready, ids, known)
        self._release(ready)

    def _fresh(self, batch: list[CommentRecord]) -> dict[str, CommentRecord]:
        """The batch without comments already imported, repeated, or in an unusable thread."""
        candidates = [r for r in batch if r.source_id not in self.waiting_ids]
        self.summary.duplicates += len(batch) - len(candidates)
        query = select(ImportLink.external_id).where(
            ImportLink.site_id == self.site.id,
            ImportLink.source == self.summary.source,
            ImportLink.external_id.in_({r.source_id for r in candidates}),
        )
        done = set(self.session.scalars(query))
        fresh: dict[str, CommentRecord] = {}
        for record in candidates:
            if record.source_id in done or record.source_id in fresh:
                self.summary.duplicates += 1
            elif self.threads.resolve(record.thread_id) is None:
                self.summary.skip("comment in an unknown thread or one without a key", record.line)
            elif not is_storable(record.source_id) or len(record.source_id) > 200:
                self.summary.skip("comment id unusable", record.line)
            else:
                fresh[record.source_id] = record
        return fresh

    def _parents(self, source_ids: set[str]) -> dict[str, _Parent]:
        if not source_ids:
            return {}
        query = (
            select(ImportLink.external_id, Comment.id, Comment.root_id, Comment.depth)
            .add_columns(Comment.thread_id)
            .join(Comment, Comment.id == ImportLink.comment_id)
            .where(
                ImportLink.site_id == self.site.id,
                ImportLink.source == self.summary.source,
                ImportLink.external_id.in_(source_ids),
            )
        )
        return {
            ext: _Parent(cid, root, depth, tid)
            for ext, cid, root, depth, tid in self.session.execute(query)
        }

    def _ready(self, fresh: dict[str, CommentRecord], known: dict[str, _Parent]) -> list[str]:
        """Source ids writable now, in file order; the others wait for their parent.

        A chain of replies inside the batch is ready when its oldest member is; a cycle of parents
        (a damaged file) is broken by making one member top-level.
        """
        ready: dict[str, bool] = {}
        for record in fresh.values():
            chain: list[str] = []
            current = record
            while current.source_id not in ready:
                parent_id = current.parent_id
                parent = fresh.get(parent_id) if parent_id else None
                if parent_id is None or parent_id in known:
                    ready[current.source_id] = True
                elif parent is None:
                    ready[current.source_id] = False
                elif parent.source_id in chain or parent is current:
                    fresh[current.source_id] = replace(current, parent_id=None)
                    self.summary.orphans += 1
                    ready[current.source_id] = True
                else:
                    chain.append(current.source_id)
                    current = parent
            for source_id in chain:
                ready[source_id] = ready[current.source_id]
        for source_id, ok in ready.items():
            if not ok:
                self._wait(fresh[source_id])
        return [source_id for source_id in fresh if ready[source_id]]

    def _wait(self, record: CommentRecord) -> None:
        self.waiting.setdefault(record.parent_id or "", []).append(record)
        self.waiting_ids.add(record.source_id)

    def _insert(self, records: list[CommentRecord]) -> dict[str, int]:
        if not records:
            return {}
        rows = [self._row(record) for record in records]
        statement = insert(Comment).returning(Comment.id, sort_by_parameter_order=True)
        ids = list(self.session.scalars(statement, rows))
        links = [
            {
                "site_id": self.site.id,
                "source": self.summary.source,
                "external_id": r.source_id,
                "comment_id": cid,
            }
            for r, cid in zip(records, ids, strict=True)
        ]
        self.session.execute(insert(ImportLink), links)
        for row in rows:
            self.summary.by_status[str(row["status"])] += 1
        self.summary.comments += len(rows)
        if self.on_batch is not None:
            self.on_batch(
                [
                    Written(cid, str(row["body"]), str(row["status"]))
                    for cid, row in zip(ids, rows, strict=True)
                ]
            )
        return {r.source_id: cid for r, cid in zip(records, ids, strict=True)}

    def _row(self, record: CommentRecord) -> dict[str, object]:
        status = record.status if record.status in IMPORT_STATUSES else "pending"
        body = "" if status == "deleted" else _clean_text(record.body)
        return {
            "thread_id": self.threads.resolve(record.thread_id),
            "parent_id": None,
            "root_id": None,
            "depth": 0,
            "author_name": _clean_name(record.author_name),
            "email_hash": None if status == "deleted" else self._email_hash(record),
            "body": body,
            "html": render_markdown(body) if body else "",
            "status": status,
            "created_at": record.created_at or utcnow(),
            "edited_at": record.edited_at,
            "upvotes": max(record.upvotes, 0),
            "downvotes": max(record.downvotes, 0),
            "score": max(record.upvotes, 0) - max(record.downvotes, 0),
        }

    def _email_hash(self, record: CommentRecord) -> str | None:
        if record.email_hash is not None:
            return record.email_hash[:64]
        try:
            email = clean_email(record.author_email)
        except InvalidInput:
            return None
        return hash_secret(email, secret=self.secret) if email else None

    def _link_parents(
        self,
        fresh: dict[str, CommentRecord],
        ready: list[str],
        ids: dict[str, int],
        known: dict[str, _Parent],
    ) -> None:
        """Set parent, root and depth of the replies just written (parents first)."""
        placed = dict(known)
        updates: list[dict[str, object]] = []
        for source_id in ready:
            stack = [source_id]
            while stack:
                record = fresh[stack[-1]]
                if record.source_id in placed:
                    stack.pop()
                    continue
                parent_id = record.parent_id
                if parent_id is not None and parent_id not in placed:
                    stack.append(parent_id)
                    continue
                stack.pop()
                placed[record.source_id] = self._place(record, ids, placed, updates)
        if updates:
            self.session.execute(update(Comment), updates)

    def _place(
        self,
        record: CommentRecord,
        ids: dict[str, int],
        placed: dict[str, _Parent],
        updates: list[dict[str, object]],
    ) -> _Parent:
        thread_id = self.threads.resolve(record.thread_id) or 0
        own = ids[record.source_id]
        parent = placed.get(record.parent_id) if record.parent_id else None
        if parent is not None and parent.thread_id != thread_id:
            self.summary.orphans += 1  # a parent in another thread cannot hold this reply
            parent = None
        if parent is None:
            return _Parent(own, None, 0, thread_id)
        root = parent.root_id or parent.id
        updates.append(
            {"id": own, "parent_id": parent.id, "root_id": root, "depth": parent.depth + 1}
        )
        self.summary.replies += 1
        return _Parent(own, root, parent.depth + 1, thread_id)

    def _release(self, written: list[str]) -> None:
        for source_id in written:
            for record in self.waiting.pop(source_id, []):
                self.waiting_ids.discard(record.source_id)
                self.queue.append(record)


def _clean_text(text: str) -> str:
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_name(name: str) -> str:
    text = _clean_text(name)
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch == " ").split())[
        :MAX_NAME_CHARS
    ]
