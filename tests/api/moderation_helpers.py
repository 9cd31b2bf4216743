"""Helpers for the posting-time moderation tests: site settings, stored rows, broken models."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.assessor import Assessor
from kibitz.comments.models import Comment
from kibitz.db import transaction
from kibitz.moderation.rules import Context, Policy, Verdict
from kibitz.sites import moderation as site_moderation
from kibitz.sites import service as sites_service
from tests.api.helpers import SITE

RUDE = "You idiot."  # the small test model nudges (discourtesy 0.73)
HOSTILE = "You moron."  # holds (discourtesy 0.95)
SPAM = "Play casino at www.casino-win.xyz"  # rejects (spam)
CLEAN = "A fair point about the strikes."


class BrokenModerator:
    """Moderator-shaped, but every assessment fails (a corrupt or missing model)."""

    def __init__(self) -> None:
        self.calls = 0

    def assess(self, text: str, context: Context | None = None) -> Verdict:
        self.calls += 1
        raise RuntimeError("heads.npz is truncated")

    def with_policy(self, policy: Policy) -> Assessor:
        return self


def factory(client: TestClient) -> sessionmaker[Session]:
    found: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    return found


def configure_site(client: TestClient, site: str = SITE, **changes: Any) -> None:
    """Change a site's moderation settings the way `kibitz sites moderation` does."""
    with transaction(factory(client)) as session:
        row = sites_service.get_or_raise(session, key=site)
        site_moderation.update(session, site=row, changes=changes)


def stored(client: TestClient) -> dict[int, Comment]:
    """Every comment row, whatever its status, detached for reading."""
    with factory(client)() as session:
        rows = session.scalars(select(Comment).order_by(Comment.id)).all()
        session.expunge_all()
        return {row.id: row for row in rows}


def post(client: TestClient, body: str, **fields: Any) -> Any:
    from tests.api.helpers import THREAD

    payload = {"site": SITE, "thread": THREAD, "body": body, **fields}
    return client.post("/api/v1/comments", json=payload)
