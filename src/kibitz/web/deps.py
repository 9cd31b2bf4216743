"""Typed dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.assessor import Assessor
from kibitz.comments.service import Actor, hash_secret
from kibitz.config import Settings
from kibitz.web.reader import ensure_reader, own_origin, reader_hash


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, committed once when the endpoint returns without error."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# scope="function": commit before the response is sent, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_reader_hash(request: Request, settings: SettingsDep) -> str | None:
    return reader_hash(request, secret=settings.secret_key)


ReaderHashDep = Annotated[str | None, Depends(get_reader_hash)]


def get_actor(request: Request, response: Response, settings: SettingsDep) -> Actor:
    client_ip = request.client.host if request.client else None
    return Actor(
        reader_hash=ensure_reader(request, response, secret=settings.secret_key),
        origin=request.headers.get("origin"),
        own_origin=own_origin(request),
        ip_hash=hash_secret(client_ip, secret=settings.secret_key) if client_ip else None,
    )


ActorDep = Annotated[Actor, Depends(get_actor)]


def get_moderator(request: Request) -> Assessor:
    """The moderation model loaded once by `create_app` (or the one a test injected)."""
    moderator: Assessor = request.app.state.moderator
    return moderator


ModeratorDep = Annotated[Assessor, Depends(get_moderator)]
