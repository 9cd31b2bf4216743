"""Live review queues: what entered a queue or was decided, for moderators' open dashboards.

Like `tracking`, listeners on the session factory note changes at each flush and report them only
after `COMMIT`; a rollback forgets them. One channel carries every site's review events, each
naming its site, and the stream filters them by the moderator's scope, so a moderator of many
sites needs one subscription and a reconnect resumes from one log.

Events carry ids and queue names, never comment text: the dashboard fetches what it shows through
the review API, which checks the moderator's scope again.

queued   a comment entered a queue: held or rejected when posted or edited, reported (the
         `reported` queue, or `pending` once reports hid it), appealed
decided  a moderator decided on it (approve, reject, ban, …)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread
from kibitz.live.events import EventKind
from kibitz.reports.models import Report
from kibitz.review.models import Decision

REVIEW_CHANNEL = "review"
INFO_KEY = "kibitz.live.review"
QUEUED_STATUSES = ("pending", "rejected")

Reason = Literal["held", "rejected", "reported", "appealed"]


@dataclass(slots=True)
class _Pending:
    sites: dict[int, int] = field(default_factory=dict)  # comment id -> site id
    queued: dict[int, tuple[Reason, str]] = field(default_factory=dict)  # -> reason, queue
    decided: dict[int, tuple[str, str]] = field(default_factory=dict)  # -> action, status


def watch(factory: sessionmaker[Session], publish: Callable[[list[dict[str, Any]]], None]) -> None:
    """Call `publish` with the review events of each committed transaction that made any."""

    def committed(session: Session) -> None:
        pending: _Pending | None = session.info.pop(INFO_KEY, None)
        if pending is not None:
            found = review_events(pending)
            if found:
                publish(found)

    event.listen(factory, "after_flush", _note)
    event.listen(factory, "after_commit", committed)
    event.listen(factory, "after_rollback", lambda session: session.info.pop(INFO_KEY, None))


def _note(session: Session, _context: Any) -> None:
    pending: _Pending = session.info.setdefault(INFO_KEY, _Pending())
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Decision):
            comment = session.get(Comment, obj.comment_id)
            if comment is not None:
                _site(session, pending, comment)
                pending.decided[comment.id] = (obj.action, comment.status)
        elif isinstance(obj, Report) and obj in session.new:
            comment = session.get(Comment, obj.comment_id)
            if comment is not None:
                _site(session, pending, comment)
                queue = "pending" if comment.status == "pending" else "reported"
                pending.queued[comment.id] = ("reported", queue)
        elif isinstance(obj, Comment):
            _note_comment(session, pending, obj)


def _note_comment(session: Session, pending: _Pending, comment: Comment) -> None:
    history = inspect(comment).attrs.status.history
    created = comment in session.new
    if not created and not history.deleted:
        return  # the status did not change in this flush
    before: str | None = None if created else str(list(history.deleted)[0])
    reason = _reason(before, comment)
    if reason is not None:
        _site(session, pending, comment)
        pending.queued[comment.id] = (reason, comment.status)


def _reason(before: str | None, comment: Comment) -> Reason | None:
    if comment.status not in QUEUED_STATUSES or before == comment.status:
        return None
    if comment.status == "rejected":
        return "rejected"
    if before == "rejected":
        return "appealed"
    if before == "published" and comment.hidden_by_reports:
        return "reported"
    return "held"


def _site(session: Session, pending: _Pending, comment: Comment) -> None:
    if comment.id not in pending.sites:
        thread = session.get(Thread, comment.thread_id)
        if thread is not None:
            pending.sites[comment.id] = thread.site_id


def review_events(pending: _Pending) -> list[dict[str, Any]]:
    """A decision outranks the queue change it caused: a moderator's reject is `decided`."""
    found: list[dict[str, Any]] = []
    for comment_id, site_id in pending.sites.items():
        if comment_id in pending.decided:
            action, status = pending.decided[comment_id]
            data = {"kind": "decided", "action": action, "status": status}
        elif comment_id in pending.queued:
            reason, queue = pending.queued[comment_id]
            data = {"kind": "queued", "reason": reason, "queue": queue}
        else:
            continue
        found.append({"comment_id": comment_id, "site_id": site_id, **data})
    return found


class _Publishes(Protocol):
    def publish(self, channel: str, kind: EventKind, data: dict[str, Any]) -> None: ...


def fan_out(broker: _Publishes) -> Callable[[list[dict[str, Any]]], None]:
    def publish(found: list[dict[str, Any]]) -> None:
        for data in found:
            body = {key: value for key, value in data.items() if key != "kind"}
            broker.publish(REVIEW_CHANNEL, data["kind"], body)

    return publish
