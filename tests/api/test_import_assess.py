"""`--assess` and `--apply-verdicts`: the moderator counts, and changes statuses only when asked."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment
from kibitz.config import Settings
from kibitz.imports.service import ImportRequest, run_import
from tests.moderation_support import small_moderator


def _export(tmp_path: Path) -> Path:
    bodies = ["A fair point about the budget.", "You moron.", "Best casino https://c.example"]
    lines = [{"format": "kibitz", "version": 1, "site": "old"}]
    lines.append({"type": "thread", "id": 1, "key": "budget", "title": "Budget"})
    for index, body in enumerate(bodies, start=1):
        lines.append({"type": "comment", "id": index, "thread": 1, "body": body})
    lines.append({"type": "comment", "id": 9, "thread": 1, "body": "moron", "status": "deleted"})
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def _statuses(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        return {c.body: c.status for c in session.scalars(select(Comment)) if c.body}


def test_assess_counts_without_changing_statuses(
    session_factory: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    request = ImportRequest(source="kibitz", path=_export(tmp_path), site="news", create_site=True)
    summary = run_import(
        session_factory, request, secret=settings.secret_key, judge=small_moderator()
    )
    assert summary.assessed == 3  # the deleted comment is not assessed
    assert summary.flagged["discourtesy"] == 1 and summary.flagged["spam"] == 1
    assert summary.decisions == {"publish": 1, "hold": 1, "reject": 1}
    assert summary.status_changes == 0
    assert set(_statuses(session_factory).values()) == {"published"}


def test_apply_verdicts_holds_and_rejects(
    session_factory: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    request = ImportRequest(
        source="kibitz", path=_export(tmp_path), site="news", create_site=True, apply_verdicts=True
    )
    summary = run_import(
        session_factory, request, secret=settings.secret_key, judge=small_moderator()
    )
    assert summary.status_changes == 2
    assert summary.by_status == {"published": 1, "pending": 1, "rejected": 1, "deleted": 1}
    assert _statuses(session_factory) == {
        "A fair point about the budget.": "published",
        "You moron.": "pending",
        "Best casino https://c.example": "rejected",
    }
