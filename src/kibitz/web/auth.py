"""Signed-in users on the web: the session cookie, CSRF, and the `CurrentUser` and
`CurrentModerator` dependencies.

The session cookie `kibitz_session` is HttpOnly and SameSite=Lax (Secure over HTTPS), so other
sites' pages cannot send it with their scripts' requests. On top of that every cookie-authenticated
write must carry the session's CSRF token in `X-CSRF-Token` (the dashboard reads it from its page;
`/auth/login` and `/auth/me` return it), so a forged form post is refused with 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.accounts.service import ModeratorScope
from kibitz.errors import Forbidden, Unauthorized
from kibitz.web.deps import SessionDep, SettingsDep

SESSION_COOKIE = "kibitz_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class NotSignedIn(Unauthorized):
    code = "not_signed_in"


class CsrfRefused(Forbidden):
    code = "csrf_failed"


class NotModerator(Forbidden):
    code = "not_moderator"


@dataclass(frozen=True, slots=True)
class Moderator:
    user: User
    scope: ModeratorScope


def session_token(request: Request) -> str | None:
    token = request.cookies.get(SESSION_COOKIE)
    return token if token and _TOKEN.match(token) else None


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
        path="/",
    )


def optional_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The signed-in user, or None; no CSRF check (for pages that redirect to the login form)."""
    token = session_token(request)
    if token is None:
        return None
    return accounts.user_for_token(session, token=token, secret=settings.secret_key)


def get_current_user(request: Request, session: SessionDep, settings: SettingsDep) -> User:
    token = session_token(request)
    user = optional_user(request, session, settings)
    if token is None or user is None:
        raise NotSignedIn("sign in first")
    if request.method not in SAFE_METHODS:
        presented = request.headers.get(CSRF_HEADER)
        if not accounts.csrf_valid(token, presented, secret=settings.secret_key):
            raise CsrfRefused(f"this write needs the session's {CSRF_HEADER} header")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


def get_moderator(user: CurrentUser) -> Moderator:
    scope = accounts.moderator_scope(user)
    if not scope.any:
        raise NotModerator("only moderators may do this")
    return Moderator(user=user, scope=scope)


CurrentModerator = Annotated[Moderator, Depends(get_moderator)]
