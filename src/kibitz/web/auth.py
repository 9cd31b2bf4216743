"""Signed-in users on the web: the session cookie, CSRF, and the `CurrentUser` and
`CurrentModerator` dependencies.

The session cookie `kibitz_session` is HttpOnly and SameSite=Lax (Secure over HTTPS), so other
sites' pages cannot send it with their scripts' requests. On top of that every cookie-authenticated
write must carry the session's CSRF token in `X-CSRF-Token` (the dashboard reads it from its page;
`/auth/login` and `/auth/me` return it), so a forged form post is refused with 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.accounts.service import ModeratorScope
from kibitz.errors import Forbidden, Unauthorized
from kibitz.web.deps import CSRF_HEADER as CSRF_HEADER
from kibitz.web.deps import SESSION_COOKIE as SESSION_COOKIE
from kibitz.web.deps import SessionDep, SettingsDep, SignedInDep, get_signed_in
from kibitz.web.deps import session_token as session_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def set_session_cookie(
    request: Request, response: Response, token: str, *, cross_site: bool = False
) -> None:
    """`cross_site` for the widget on a news site's pages: SameSite=None when over HTTPS."""
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=secure,
        samesite="none" if cross_site and secure else "lax",
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


def end_session(request: Request, session: Session, *, secret: str) -> None:
    """Sign out: the server forgets this request's session token (the caller clears the cookie)."""
    token = session_token(request)
    if token is not None:
        accounts.end_session(session, token=token, secret=secret)


def get_current_user(request: Request, session: SessionDep, settings: SettingsDep) -> User:
    token = session_token(request)
    user = get_signed_in(request, session, settings)
    if token is None or user is None:
        raise NotSignedIn("sign in first")
    if request.method not in SAFE_METHODS:
        presented = request.headers.get(CSRF_HEADER)
        if not accounts.csrf_valid(token, presented, secret=settings.secret_key):
            raise CsrfRefused(f"this write needs the session's {CSRF_HEADER} header")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
OptionalUser = SignedInDep


def get_moderator(user: CurrentUser) -> Moderator:
    scope = accounts.moderator_scope(user)
    if not scope.any:
        raise NotModerator("only moderators may do this")
    return Moderator(user=user, scope=scope)


CurrentModerator = Annotated[Moderator, Depends(get_moderator)]
