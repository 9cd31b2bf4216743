"""The hot-thread fast path: a cached page for a reader who never posted, served on the event loop.

`GET /api/v1/threads/{site}/{thread}/comments` goes through FastAPI's dependencies (a database
session, the signed-in check, the reader's hash), each a hop to the thread pool, before the
handler finds the page in the cache. When a breaking story brings thousands of anonymous readers,
nearly every read is such a hit, so this middleware answers it first: same key, same bytes, same
headers as the route (`kibitz.comments.api.list_comments`). Anything it is unsure of (a reader or
session cookie, a query it would have to validate, a miss) goes on to the route unchanged; the
outer middlewares (CORS, security headers) wrap both alike.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kibitz.cache import PageCache, lookup
from kibitz.live.events import thread_channel
from kibitz.web.deps import SESSION_COOKIE
from kibitz.web.reader import READER_COOKIE

# The route's own pattern: `{site}` is one segment, `{thread:path}` may contain `/`.
_COMMENTS = re.compile(r"^/api/v1/threads/(?P<site>[^/]+)/(?P<thread>.+)/comments$")
_SORTS = frozenset({"oldest", "newest", "best"})
_LIMIT = re.compile(r"^[1-9][0-9]{0,2}$")
_MAX_CURSOR = 200
_KNOWN = frozenset({"sort", "cursor", "limit"})


class CachedPagesMiddleware:
    def __init__(self, app: ASGIApp, *, cache: PageCache, page_size: int) -> None:
        self.app = app
        self.cache = cache
        self.page_size = page_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            key = self._key(scope)
            if key is not None:
                body = await lookup(self.cache, *key)
                if body is not None:
                    await Response(body, media_type="application/json")(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _key(self, scope: Scope) -> tuple[str, str] | None:
        """(channel, page key) exactly as the route computes them, or None: let the route decide."""
        match = _COMMENTS.match(scope["path"])
        if match is None or _has_reader(scope):
            return None
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        params = dict(query)
        if len(params) != len(query) or not params.keys() <= _KNOWN:
            return None  # repeated or unknown parameters: the route's validation decides
        sort = params.get("sort", "oldest")
        limit = params.get("limit")
        cursor = params.get("cursor")
        if sort not in _SORTS or (cursor is not None and not 0 < len(cursor) <= _MAX_CURSOR):
            return None
        if limit is not None and not (_LIMIT.match(limit) and int(limit) <= 100):
            return None
        size = int(limit) if limit is not None else self.page_size
        channel = thread_channel(match["site"], match["thread"])
        return channel, f"{sort}:{size}:{cursor or ''}"


def _has_reader(scope: Scope) -> bool:
    """A reader or session cookie: the reader may see their own comments, never a shared page.

    Matched on the raw header, erring towards the route (which parses cookies as it always has)."""
    raw = Headers(scope=scope).get("cookie", "")
    return READER_COOKIE in raw or SESSION_COOKIE in raw
