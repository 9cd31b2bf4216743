"""Helpers for the dashboard's browser tests: moderator accounts, held comments, axe-core."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page
from sqlalchemy import update

from kibitz.comments.models import Comment
from kibitz.db import make_engine, make_session_factory, transaction
from tests.browser.browser_support import LiveServer

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "a moderator's long password"
BLOCKING_IMPACTS = ("serious", "critical")


def create_moderator(server: LiveServer, email: str) -> None:
    """The way an operator does it: `kibitz users create`, the password piped on stdin."""
    done = subprocess.run(
        [server.kibitz, "users", "create", email, "--role", "moderator", "--name", "Mo Derator"],
        input=PASSWORD + "\n",
        env=server.env,
        cwd=server.workdir,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def hold(server: LiveServer, comment_id: int, **flagged: float) -> None:
    """Put a posted comment in the pending queue with a stored verdict, as posting-time
    moderation would have (it is not this dashboard's job to decide that)."""
    scores = {"violence": 0.02, "racism": 0.01, "profanity": 0.05, "discourtesy": 0.1, **flagged}
    record: dict[str, Any] = {
        "decision": "hold",
        "scores": scores,
        "flagged": dict(flagged),
        "max_score": max(scores.values()),
        "spans": [],
        "reasons": [f"{rule} scored {score:.2f}" for rule, score in flagged.items()],
    }
    engine = make_engine(server.env["KIBITZ_DATABASE_URL"])
    try:
        with transaction(make_session_factory(engine)) as session:
            session.execute(
                update(Comment)
                .where(Comment.id == comment_id)
                .values(status="pending", moderation_scores=record)
            )
    finally:
        engine.dispose()


def status_of(server: LiveServer, comment_id: int) -> str:
    engine = make_engine(server.env["KIBITZ_DATABASE_URL"])
    try:
        with transaction(make_session_factory(engine)) as session:
            comment = session.get(Comment, comment_id)
            assert comment is not None
            return comment.status
    finally:
        engine.dispose()


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/admin/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/admin")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the current page (WCAG 2.x A and AA)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
             runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
