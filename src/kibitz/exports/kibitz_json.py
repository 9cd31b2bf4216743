"""`kibitz export --format json`: JSON Lines that `kibitz import json` reads back to equal data.

E-mails are exported as the keyed hashes Kibitz stores; they compare equal on a server with the
same `KIBITZ_SECRET_KEY`. HTML is exported for readers of the file, but an import renders the
markdown `body` again and never trusts it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy.orm import Session

from kibitz.db import utcnow
from kibitz.exports import rows
from kibitz.imports.kibitz_json import FORMAT, VERSION
from kibitz.sites.models import Site


def export(session: Session, *, site: Site, out: TextIO) -> tuple[int, int]:
    """Write the site; returns (threads, comments) written."""
    header = {"format": FORMAT, "version": VERSION, "site": site.key, "exported_at": _iso(utcnow())}
    _line(out, header)
    thread_count = comment_count = 0
    for thread in rows.threads(session, site=site):
        _line(
            out,
            {
                "type": "thread",
                "id": thread.id,
                "key": thread.key,
                "title": thread.title,
                "url": thread.url,
                "closed": thread.closed,
                "created_at": _iso(thread.created_at),
            },
        )
        thread_count += 1
    for comment in rows.comments(session, site=site):
        _line(
            out,
            {
                "type": "comment",
                "id": comment.id,
                "thread": comment.thread_id,
                "parent": comment.parent_id,
                "author_name": comment.author_name,
                "email_hash": comment.email_hash,
                "status": comment.status,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "upvotes": comment.upvotes,
                "downvotes": comment.downvotes,
                "body": comment.body,
                "html": comment.html,
            },
        )
        comment_count += 1
    return thread_count, comment_count


def _line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
