"""HTTP face of the public extras: the feeds (`/feeds/{site}/latest.atom`, `…/{thread}.rss`), the
permalink page `/c/{id}` and the count widget script `/count.js`."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from kibitz.errors import NotFound
from kibitz.feeds import service
from kibitz.feeds.xml import atom, rss
from kibitz.web.deps import SessionDep
from kibitz.web.framing import comment_origins, page_headers
from kibitz.web.pages import EMBED_CACHE_CONTROL, STATIC_DIR

router = APIRouter(include_in_schema=False)

LATEST = "latest"
FEED_CACHE_CONTROL = "public, max-age=60"
CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
}


@router.get("/feeds/{site}/{name:path}", name="feed")
def get_feed(site: str, name: str, request: Request, session: SessionDep) -> Response:
    """`latest.atom` for the site; any other name is a thread key plus `.atom` or `.rss`."""
    stem, _, kind = name.rpartition(".")
    if kind not in CONTENT_TYPES or not stem:
        raise NotFound("feeds end in .atom or .rss", code="not_found")
    if stem == LATEST:
        feed = service.latest(session, site=site)
    else:
        feed = service.for_thread(session, site=site, thread=stem)
    headers = {"ETag": f'"{feed.etag}"', "Cache-Control": FEED_CACHE_CONTROL}
    if feed.updated is not None:
        headers["Last-Modified"] = format_datetime(feed.updated.astimezone(UTC), usegmt=True)
    if _not_modified(request, feed.etag, feed.updated):
        return Response(status_code=304, headers=headers)
    base = str(request.base_url)
    writer = atom if kind == "atom" else rss
    body = writer(feed, self_url=str(request.url), base_url=base)
    return Response(body, media_type=CONTENT_TYPES[kind], headers=headers)


def _not_modified(request: Request, etag: str, updated: datetime | None) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:  # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
        return f'"{etag}"' in [tag.strip().removeprefix("W/") for tag in match.split(",")]
    since = request.headers.get("if-modified-since")
    if since is None or updated is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return updated.replace(microsecond=0) <= moment


@router.get("/c/{comment_id}", name="comment_permalink", response_class=HTMLResponse)
def comment_permalink(comment_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    """One published comment on a page of its own; anything else is a plain 404 page."""
    entry = (
        service.published_comment(session, comment_id=int(comment_id))
        if comment_id.isascii() and comment_id.isdigit() and len(comment_id) <= 19
        else None
    )
    if entry is None:
        return HTMLResponse(_page("Comment not found", _NOT_FOUND), status_code=404)
    origins = comment_origins(session, comment_id=entry.id)
    return HTMLResponse(
        _page(f"Comment by {entry.author_name or 'Anonymous'}", _comment(entry)),
        headers=page_headers(origins, request.headers.get("origin")),
    )


@router.get("/count.js", name="count_js")
def count_js() -> Response:
    path = STATIC_DIR / "count.js"
    if not path.is_file():
        raise NotFound("count.js is missing", code="not_found")
    return FileResponse(
        path,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": EMBED_CACHE_CONTROL},
    )


_NOT_FOUND = (
    "<h1>Comment not found</h1><p>This comment does not exist, is awaiting review, or was "
    "removed.</p>"
)
_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
    "color:#1a1a1a}blockquote{border-left:3px solid #ccc;margin:0;padding-left:1rem}"
    ".meta{color:#555;font-size:.9rem}"
)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def _comment(entry: service.Entry) -> str:
    title = escape(entry.thread_title or entry.thread_key)
    heading = f'<a href="{escape(entry.thread_url)}">{title}</a>' if entry.thread_url else title
    conversation = (
        f'<p><a href="{escape(entry.thread_url)}#kibitz-comment-{entry.id}">'
        "View the conversation</a></p>"
        if entry.thread_url
        else ""
    )
    author = escape(entry.author_name or "Anonymous")
    when = entry.created_at.astimezone(UTC)
    return (
        f"<p class='meta'>A comment on</p><h1>{heading}</h1>"
        f'<article id="kibitz-comment-{entry.id}"><p class="meta"><strong>{author}</strong> · '
        f'<time datetime="{when.isoformat()}">{when:%d %b %Y, %H:%M} UTC</time></p>'
        f'<div dir="auto">{entry.html}</div></article>{conversation}'
    )
