"""Which news sites may frame a page: the site's allowed origins go into `frame-ancestors`.

The demo page and a comment's permalink page may be shown inside the news site's own pages (an
iframe on the article, a liveblog card); every other origin, and any origin at all for the
dashboard, is refused by the browser. Origins are stored normalised (`scheme://host[:port]`);
anything else is left out rather than trusted into the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.sites.models import Site, SiteOrigin
from kibitz.web.headers import PAGE_CSP

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


def page_csp(origins: Iterable[str]) -> str:
    """The pages' CSP, framable by this server and by `origins`."""
    allowed = sorted({origin for origin in origins if _ORIGIN.fullmatch(origin)})
    return " ".join([PAGE_CSP, *allowed])


def site_origins(session: Session, *, site_key: str) -> list[str]:
    query = select(SiteOrigin.origin).join(Site, Site.id == SiteOrigin.site_id)
    return list(session.scalars(query.where(Site.key == site_key)))


def comment_origins(session: Session, *, comment_id: int) -> list[str]:
    """The allowed origins of the site a comment belongs to."""
    query = (
        select(SiteOrigin.origin)
        .join(Thread, Thread.site_id == SiteOrigin.site_id)
        .join(Comment, Comment.thread_id == Thread.id)
        .where(Comment.id == comment_id)
    )
    return list(session.scalars(query))


def page_headers(origins: Iterable[str], request_origin: str | None) -> dict[str, str]:
    """The CSP for a framable page, and CORS for its site's origins (reading it from script)."""
    listed = list(origins)
    headers = {"Content-Security-Policy": page_csp(listed), "Vary": "Origin"}
    if request_origin and request_origin in listed:
        headers["Access-Control-Allow-Origin"] = request_origin
    return headers
