"""Typed dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.accounts.readers import account_reader_hash
from kibitz.cache import PageCache
from kibitz.comments.assessor import Assessor
from kibitz.comments.service import Actor, hash_secret
from kibitz.config import Settings
from kibitz.db import transaction
from kibitz.errors import Forbidden
from kibitz.web.reader import cookie_token, ensure_reader, own_origin, reader_hash

SESSION_COOKIE = "kibitz_session"
CSRF_HEADER = "X-CSRF-Token"


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, committed once when the endpoint returns without error."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with transaction(factory) as session:
        yield session


# scope="function": commit before the response is sent, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def session_token(request: Request) -> str | None:
    return cookie_token(request, SESSION_COOKIE)


def get_signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The account behind the `kibitz_session` cookie, if any (reader, moderator or admin); no
    CSRF check (for pages that redirect to the login form)."""
    token = session_token(request)
    if token is None:
        return None
    return accounts.user_for_token(session, token=token, secret=settings.secret_key)


SignedInDep = Annotated[User | None, Depends(get_signed_in)]


def get_reader_hash(request: Request, settings: SettingsDep, user: SignedInDep) -> str | None:
    if user is not None:
        return account_reader_hash(user.id, secret=settings.secret_key)
    return reader_hash(request, secret=settings.secret_key)


ReaderHashDep = Annotated[str | None, Depends(get_reader_hash)]


def get_actor(
    request: Request, response: Response, settings: SettingsDep, user: SignedInDep
) -> Actor:
    """Who writes: a signed-in account (its writes need the session's CSRF token) or a guest."""
    ip = client_ip(request, trusted_proxy=settings.trusted_proxy)
    ip_hash = hash_secret(ip, secret=settings.secret_key) if ip else None
    origin = request.headers.get("origin")
    if user is not None:
        token = request.cookies.get(SESSION_COOKIE, "")
        presented = request.headers.get(CSRF_HEADER)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not accounts.csrf_valid(
            token, presented, secret=settings.secret_key
        ):
            raise Forbidden(
                f"a signed-in write needs the session's {CSRF_HEADER} header", code="csrf_failed"
            )
        return Actor(
            reader_hash=account_reader_hash(user.id, secret=settings.secret_key),
            origin=origin,
            own_origin=own_origin(request),
            ip_hash=ip_hash,
            user_id=user.id,
        )
    return Actor(
        reader_hash=ensure_reader(request, response, secret=settings.secret_key),
        origin=origin,
        own_origin=own_origin(request),
        ip_hash=ip_hash,
    )


def client_ip(request: Request, *, trusted_proxy: bool) -> str | None:
    """The client's address: the proxy's `X-Forwarded-For` (its last hop) only when trusted."""
    if trusted_proxy:
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.client.host if request.client else None


ActorDep = Annotated[Actor, Depends(get_actor)]


def get_moderator(request: Request) -> Assessor:
    """The moderation model loaded once by `create_app` (or the one a test injected)."""
    moderator: Assessor = request.app.state.moderator
    return moderator


ModeratorDep = Annotated[Assessor, Depends(get_moderator)]


def get_page_cache(request: Request) -> PageCache:
    """Serialized thread pages for anonymous readers (see `kibitz.cache`)."""
    cache: PageCache = request.app.state.page_cache
    return cache


PageCacheDep = Annotated[PageCache, Depends(get_page_cache)]
