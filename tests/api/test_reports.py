"""Reader reports from the ∨ menu: each reason, once per reader per comment."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kibitz.reports import service as reports_service
from kibitz.reports.models import REASONS
from tests.api.helpers import ClientFactory, assert_error, post_comment


def _report(client: TestClient, comment_id: int, **payload: Any) -> Any:
    return client.post(f"/api/v1/comments/{comment_id}/reports", json=payload)


def test_reasons_are_the_seven_rules_illegal_and_other() -> None:
    assert REASONS == (
        "violence",
        "racism",
        "profanity",
        "vulgarity",
        "doxing",
        "discourtesy",
        "spam",
        "illegal",
        "other",
    )


@pytest.mark.parametrize("reason", REASONS)
def test_report_each_reason(client_factory: ClientFactory, reason: str) -> None:
    author, reader = client_factory(), client_factory()
    comment_id = post_comment(author, "reported")["id"]
    response = _report(reader, comment_id, reason=reason, note="  see the second sentence ")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["reason"] == reason
    assert isinstance(body["id"], int)
    with reader.app.state.session_factory() as session:  # type: ignore[attr-defined]
        assert reports_service.count_by_reason(session, comment_id=comment_id) == {reason: 1}


def test_duplicate_report_is_409(client_factory: ClientFactory) -> None:
    author, reader, other = client_factory(), client_factory(), client_factory()
    comment_id = post_comment(author, "spammy")["id"]
    assert _report(reader, comment_id, reason="spam").status_code == 201
    assert_error(_report(reader, comment_id, reason="other"), 409, "already_reported")
    assert _report(other, comment_id, reason="spam").status_code == 201


def test_bad_reports(client: TestClient) -> None:
    comment_id = post_comment(client, "fine")["id"]
    assert_error(_report(client, comment_id, reason="boring"), 422, "invalid_choice", "reason")
    assert_error(_report(client, comment_id), 422, "missing", "reason")
    assert_error(_report(client, comment_id, reason="spam", note="n" * 1001), 422, "too_long")
    assert_error(_report(client, comment_id, reason="spam", note="\x00"), 422, "invalid_characters")
    assert_error(_report(client, 31337, reason="spam"), 404, "comment_not_found")
    assert client.delete(f"/api/v1/comments/{comment_id}").status_code == 204
    assert_error(_report(client, comment_id, reason="spam"), 409, "comment_deleted")
