"""Typed helpers for API tests: constants, posting, reading pages, asserting error bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from kibitz.db import transaction
from kibitz.sites import service as sites_service

SITE = "news"
SITE_ORIGIN = "https://news.example.com"
THREAD = "world/2026/11/strikes?ref=home&é"

ClientFactory = Callable[..., TestClient]


def make_site(factory: sessionmaker[Session], key: str = SITE, *origins: str) -> None:
    with transaction(factory) as session:
        sites_service.create(session, key=key, origins=list(origins))


def post_comment(
    client: TestClient,
    body: str = "A fair point about the strikes.",
    *,
    thread: str = THREAD,
    site: str = SITE,
    expect: int = 201,
    **fields: Any,
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/comments", json={"site": site, "thread": thread, "body": body, **fields}
    )
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


def list_url(thread: str = THREAD, site: str = SITE) -> str:
    return f"/api/v1/threads/{site}/{quote(thread, safe='')}/comments"


def get_page(client: TestClient, thread: str = THREAD, **params: Any) -> dict[str, Any]:
    response = client.get(list_url(thread), params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    if field is not None:
        assert error["field"] == field, error
    assert error["message"]


def close_thread(client: TestClient, thread: str = THREAD, site: str = SITE) -> None:
    """Close a thread the way an operator does (the service behind `kibitz threads close`)."""
    from kibitz.comments import service

    factory: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    with transaction(factory) as session:
        site_row = sites_service.get_or_raise(session, key=site)
        thread_row = service.get_thread_or_raise(session, site=site_row, key=thread)
        service.set_thread_closed(session, thread=thread_row)
