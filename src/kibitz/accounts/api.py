"""HTTP face of accounts: sign in, sign out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.accounts import service
from kibitz.accounts.models import User
from kibitz.accounts.schemas import LoginRequest, SessionRead, SiteRoleRead, UserRead
from kibitz.sites.models import Site
from kibitz.sites.origins import try_normalize_origin
from kibitz.sites.service import OriginNotAllowed
from kibitz.web.auth import (
    CurrentUser,
    clear_session_cookie,
    end_session,
    session_token,
    set_session_cookie,
)
from kibitz.web.deps import SessionDep, SettingsDep
from kibitz.web.errors import SIGNED_IN_ERROR_RESPONSES
from kibitz.web.guard import GuardDep
from kibitz.web.reader import own_origin

router = APIRouter(prefix="/api/v1/auth", tags=["accounts"], responses=SIGNED_IN_ERROR_RESPONSES)


def user_read(session: Session, user: User) -> UserRead:
    ids = [r.site_id for r in user.site_roles]
    query = select(Site.id, Site.key).where(Site.id.in_(ids))
    site_keys = {site_id: key for site_id, key in session.execute(query)} if ids else {}
    return UserRead(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        sites=[SiteRoleRead(site=site_keys[r.site_id], role=r.role) for r in user.site_roles],
    )


def check_same_origin(request: Request) -> None:
    """Sign-in only from this server's own pages (or from no browser page at all): another site
    must not be able to sign a visitor into an account of its choosing (login CSRF)."""
    origin = request.headers.get("origin")
    if origin is not None and try_normalize_origin(origin) != try_normalize_origin(
        own_origin(request)
    ):
        raise OriginNotAllowed("sign in from this server's own pages")


@router.post("/login")
def login(
    payload: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> SessionRead:
    """Sign in with e-mail and password; sets the `kibitz_session` cookie."""
    check_same_origin(request)
    guard.sign_in(payload.email)
    user = service.authenticate(session, email=payload.email, password=payload.password)
    guard.signed_in(payload.email)
    token = service.start_session(session, user=user, secret=settings.secret_key)
    set_session_cookie(request, response, token)
    csrf = service.csrf_token(token, secret=settings.secret_key)
    return SessionRead(user=user_read(session, user), csrf_token=csrf)


@router.post("/logout", status_code=204)
def logout(
    user: CurrentUser, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """End this session (the cookie is cleared and the server forgets the token)."""
    end_session(request, session, secret=settings.secret_key)
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response


@router.get("/me")
def me(
    user: CurrentUser, request: Request, session: SessionDep, settings: SettingsDep
) -> SessionRead:
    """The signed-in user, their roles, and the session's CSRF token."""
    token = session_token(request) or ""
    csrf = service.csrf_token(token, secret=settings.secret_key)
    return SessionRead(user=user_read(session, user), csrf_token=csrf)
