"""Typed helpers for accounts and review tests: users, sign-in, comments in any state, reports."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from kibitz.accounts import service as accounts
from kibitz.comments import service as comments_service
from kibitz.comments.service import Actor, NewComment
from kibitz.config import Settings
from kibitz.db import transaction
from kibitz.reports.models import Report
from kibitz.sites import service as sites_service
from tests.api.helpers import SITE, THREAD

PASSWORD = "correct horse battery staple"
MODERATOR = "mod@news.example.com"


def factory_of(client: TestClient) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    return factory


def make_user(
    client: TestClient, email: str, role: str = "moderator", *, site: str | None = None
) -> int:
    with transaction(factory_of(client)) as session:
        site_row = sites_service.get_or_raise(session, key=site) if site else None
        user = accounts.create_user(
            session, email=email, password=PASSWORD, role=role, site=site_row
        )
        return user.id


def sign_in(client: TestClient, email: str = MODERATOR, password: str = PASSWORD) -> str:
    """Sign `client` in and make it send the CSRF token with every request; returns the token."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = csrf
    return csrf


def moderator_client(
    client: TestClient, email: str = MODERATOR, role: str = "moderator", site: str | None = None
) -> TestClient:
    make_user(client, email, role, site=site)
    sign_in(client, email)
    return client


def verdict(**flagged: float) -> dict[str, Any]:
    """A stored verdict (comments.verdicts format) flagging the given rules with these scores."""
    scores = {"violence": 0.01, "discourtesy": 0.02, **flagged}
    return {
        "decision": "hold" if flagged else "publish",
        "scores": scores,
        "flagged": dict(flagged),
        "max_score": max(scores.values()),
        "spans": [
            {"start": 0, "end": 4, "rule": rule, "text": "word", "source": "lexicon"}
            for rule in flagged
        ],
        "reasons": [f"{rule} scored {score:.2f}" for rule, score in flagged.items()],
    }


def make_comment(
    client: TestClient,
    body: str = "A comment for the queue.",
    *,
    status: str = "pending",
    site: str = SITE,
    thread: str = THREAD,
    author: str = "Rex",
    reader: str = "reader-rex",
    scores: dict[str, Any] | None = None,
    parent_id: int | None = None,
) -> int:
    """A comment stored as the posting path would store it, in any status, with its verdict."""
    settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    with transaction(factory_of(client)) as session:
        comment = comments_service.create(
            session,
            new=NewComment(
                site=site,
                thread=thread,
                body=body,
                author_name=author,
                parent_id=parent_id,
                thread_title="Strikes in Iraq",
                thread_url="https://news.example.com/strikes",
            ),
            actor=Actor(reader_hash=reader),
            settings=settings,
        )
        comment.status = status
        comment.moderation_scores = scores
        session.flush()
        return comment.id


def report(
    client: TestClient, comment_id: int, reason: str, reader: str, note: str | None = None
) -> None:
    with transaction(factory_of(client)) as session:
        session.add(Report(comment_id=comment_id, reason=reason, reader_hash=reader, note=note))


def decide(
    client: TestClient, comment_id: int, expect: int = 200, **payload: Any
) -> dict[str, Any]:
    response = client.post(f"/api/v1/review/comments/{comment_id}/decision", json=payload)
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


def queue(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/review/queue", params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]
