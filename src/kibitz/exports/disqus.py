"""`kibitz export --format disqus`: Disqus's XML export format, which Disqus and other comment
systems (and `kibitz import disqus`) import.

Statuses map back as the importer reads them: deleted -> `isDeleted`, rejected -> `isSpam`,
pending -> `isApproved` false. Disqus has no field for an e-mail hash or for votes, so those stay
behind; use `--format json` to move between Kibitz servers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.exports import rows
from kibitz.sites.models import Site

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
)


def export(session: Session, *, site: Site, out: TextIO) -> tuple[int, int]:
    out.write(HEADER)
    thread_count = comment_count = 0
    for thread in rows.threads(session, site=site):
        out.write(_thread(site, thread))
        thread_count += 1
    for comment in rows.comments(session, site=site):
        out.write(_post(comment))
        comment_count += 1
    out.write("</disqus>\n")
    return thread_count, comment_count


def _thread(site: Site, thread: Thread) -> str:
    return (
        f"  <thread dsq:id={quoteattr(str(thread.id))}>\n"
        f"    <id>{_escape(thread.key)}</id>\n"
        f"    <forum>{_escape(site.key)}</forum>\n"
        f"    <link>{_escape(thread.url or '')}</link>\n"
        f"    <title>{_escape(thread.title or '')}</title>\n"
        f"    <createdAt>{_date(thread.created_at)}</createdAt>\n"
        f"    <isClosed>{_bool(thread.closed)}</isClosed>\n"
        "    <isDeleted>false</isDeleted>\n"
        "  </thread>\n"
    )


def _post(comment: Comment) -> str:
    parent = (
        f"    <parent dsq:id={quoteattr(str(comment.parent_id))}/>\n"
        if comment.parent_id is not None
        else ""
    )
    return (
        f"  <post dsq:id={quoteattr(str(comment.id))}>\n"
        f"    <message>{_escape(comment.html)}</message>\n"
        f"    <createdAt>{_date(comment.created_at)}</createdAt>\n"
        f"    <isDeleted>{_bool(comment.status == 'deleted')}</isDeleted>\n"
        f"    <isSpam>{_bool(comment.status == 'rejected')}</isSpam>\n"
        f"    <isApproved>{_bool(comment.status != 'pending')}</isApproved>\n"
        f"    <author><name>{_escape(comment.author_name)}</name>"
        "<isAnonymous>true</isAnonymous></author>\n"
        f"    <thread dsq:id={quoteattr(str(comment.thread_id))}/>\n"
        f"{parent}"
        "  </post>\n"
    )


def _date(moment: datetime) -> str:
    """UTC with a `Z`, like Disqus; sub-second precision is kept so a round trip is exact."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _escape(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _bool(value: bool) -> str:
    return "true" if value else "false"
