"""Moderators' decisions exported for training: the latest judgement wins, edits keep the
original text."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kibitz.cli import app
from kibitz.config import get_settings
from kibitz.db import transaction, utcnow
from kibitz.review.export import decision_rows
from tests.api.review_support import decide, factory_of, make_comment, moderator_client, verdict


def test_rows(client: TestClient) -> None:
    moderator_client(client)
    rude = make_comment(client, "You are an idiot", scores=verdict(discourtesy=0.9))
    fine = make_comment(client, "Fair point")
    edited = make_comment(client, "Call me at 555 0100 about it", scores=verdict(doxing=0.8))
    overturned = make_comment(client, "Borderline")
    untouched = make_comment(client, "Never decided")
    decide(client, rude, action="reject", rule="discourtesy")
    decide(client, fine, action="approve")
    decide(client, edited, action="edit_approve", body="Write to me about it")
    decide(client, overturned, action="reject", rule="spam")
    decide(client, overturned, action="approve", note="on second thought")
    decide(client, fine, action="close_thread")  # not a judgement of the comment
    with transaction(factory_of(client)) as session:
        rows = {row["id"]: row for row in decision_rows(session)}
        assert untouched not in rows
        assert rows[rude]["label"] == "remove"
        assert rows[rude]["rule"] == "discourtesy"
        assert rows[rude]["text"] == "You are an idiot"
        assert rows[rude]["machine_scores"]["discourtesy"] == 0.9
        assert rows[fine]["label"] == "keep" and rows[fine]["action"] == "approve"
        assert rows[edited]["text"] == "Call me at 555 0100 about it"
        assert rows[edited]["action"] == "edit_approve"
        assert rows[overturned]["label"] == "keep"
        assert rows[rude]["site"] == "news"
        assert list(decision_rows(session, site="other")) == []
        assert list(decision_rows(session, since=utcnow() + timedelta(minutes=1))) == []


def test_cli_writes_json_lines(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "Buy now", scores=verdict(spam=0.97))
    decide(client, comment_id, action="reject", rule="spam")
    monkeypatch.setenv("KIBITZ_DATABASE_URL", database_url)
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()
    out = tmp_path / "decisions.jsonl"
    try:
        result = CliRunner().invoke(
            app, ["moderation", "export-decisions", "--out", str(out), "--site", "news"]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    [line] = out.read_text().splitlines()
    row = json.loads(line)
    assert (row["id"], row["text"], row["label"], row["rule"]) == (
        comment_id,
        "Buy now",
        "remove",
        "spam",
    )
