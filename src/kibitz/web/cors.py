"""CORS with credentials, for origins that some site allows (decided per request, not at start).

The embed runs on a news site's pages and calls this API cross-origin with the reader cookie, so
the response must name the exact origin and allow credentials; browsers preflight its JSON POSTs.
CORS only decides whether the browser may *read* the answer: whether an origin may write to a given
site is checked by the services (403 `origin_not_allowed`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kibitz.sites.origins import try_normalize_origin

ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
PREFLIGHT_MAX_AGE = "600"
CACHE_SECONDS = 10.0


class OriginCache:
    """Remembers answers of a slow `is_allowed(origin)` for a few seconds.

    Sites change rarely and an embed's page fires many requests at once; a short memory keeps one
    database query per origin per few seconds instead of one per request.
    """

    def __init__(self, is_allowed: Callable[[str], bool], ttl: float = CACHE_SECONDS) -> None:
        self._is_allowed = is_allowed
        self._ttl = ttl
        self._answers: dict[str, tuple[float, bool]] = {}

    async def allows(self, origin: str) -> bool:
        now = time.monotonic()
        cached = self._answers.get(origin)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        answer = await run_in_threadpool(self._is_allowed, origin)
        if len(self._answers) > 10_000:  # unbounded Origin values must not grow memory
            self._answers.clear()
        self._answers[origin] = (now, answer)
        return answer


class DynamicCORSMiddleware:
    def __init__(self, app: ASGIApp, *, cache: OriginCache, path_prefix: str = "/api/") -> None:
        self.app = app
        self.cache = cache
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None or _is_same_origin(scope, headers, origin):
            await self.app(scope, receive, send)
            return
        allowed = await self.cache.allows(origin)
        is_preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if is_preflight:
            await _preflight(origin, allowed, headers)(scope, receive, send)
            return
        if not allowed:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                _add_cors(response_headers, origin)
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _is_same_origin(scope: Scope, headers: Headers, origin: str) -> bool:
    host = headers.get("host")
    if not host:
        return False
    return try_normalize_origin(origin) == try_normalize_origin(f"{scope['scheme']}://{host}")


def _preflight(origin: str, allowed: bool, headers: Headers) -> Response:
    if not allowed:
        return PlainTextResponse("origin not allowed", status_code=403, headers={"Vary": "Origin"})
    response = PlainTextResponse("OK", status_code=200)
    _add_cors(response.headers, origin)
    response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
    requested = headers.get("access-control-request-headers")
    if requested:
        response.headers["Access-Control-Allow-Headers"] = requested
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def _add_cors(headers: MutableHeaders, origin: str) -> None:
    headers["Access-Control-Allow-Origin"] = origin
    headers["Access-Control-Allow-Credentials"] = "true"
    headers.add_vary_header("Origin")
