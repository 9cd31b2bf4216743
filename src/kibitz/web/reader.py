"""Guest readers: an opaque random token in an HttpOnly cookie, stored only as a keyed hash.

The token is what makes "edit and delete by the author", "one vote per reader" and "one report per
reader" work without accounts. It is set on a reader's first write.
"""

from __future__ import annotations

import re
import secrets

from fastapi import Request, Response

from kibitz.comments.service import hash_secret

READER_COOKIE = "kibitz_reader"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def cookie_token(request: Request, name: str) -> str | None:
    """The random token in cookie `name`, or None when it is missing or not one of ours."""
    token = request.cookies.get(name)
    return token if token and _TOKEN.match(token) else None


def reader_token(request: Request) -> str | None:
    return cookie_token(request, READER_COOKIE)


def reader_hash(request: Request, *, secret: str) -> str | None:
    token = reader_token(request)
    return hash_secret(token, secret=secret) if token else None


def ensure_reader(request: Request, response: Response, *, secret: str) -> str:
    """The reader's hash, issuing a new token cookie when the request carried none."""
    token = reader_token(request)
    if token is None:
        token = secrets.token_urlsafe(32)
        set_reader_cookie(request, response, token)
    return hash_secret(token, secret=secret)


def set_reader_cookie(request: Request, response: Response, token: str) -> None:
    # An embed lives on the news site's page, so its requests here are cross-site: browsers only
    # send the cookie back if it is SameSite=None, which they accept only on Secure cookies.
    secure = request.url.scheme == "https"
    response.set_cookie(
        READER_COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        secure=secure,
        samesite="none" if secure else "lax",
        path="/",
    )


def own_origin(request: Request) -> str:
    """This server's origin as the browser reached it (whatever host and port it runs on)."""
    return str(request.base_url).rstrip("/")
