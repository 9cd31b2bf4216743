"""Statements of reasons (EU DSA art. 17): issued when a moderator removes a comment or decides on
an `illegal` notice, shown to the author on their own comment, readable by them and moderators."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kibitz.db import transaction
from kibitz.review.models import Statement
from tests.api.helpers import ClientFactory, assert_error, get_page, post_comment
from tests.api.review_support import decide, factory_of, make_comment, moderator_client, verdict


def _statement(client: TestClient, comment_id: int, expect: int = 200) -> dict[str, Any]:
    response = client.get(f"/api/v1/comments/{comment_id}/statement")
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


def _count(client: TestClient) -> int:
    with transaction(factory_of(client)) as session:
        return int(session.scalar(select(func.count()).select_from(Statement)) or 0)


def _report(client: TestClient, comment_id: int, reason: str, note: str | None = None) -> None:
    payload = {"reason": reason, **({"note": note} if note else {})}
    response = client.post(f"/api/v1/comments/{comment_id}/reports", json=payload)
    assert response.status_code == 201, response.text


def test_rejection_owes_the_author_a_statement(client_factory: ClientFactory) -> None:
    author = client_factory()
    moderator = moderator_client(client_factory())
    comment_id = post_comment(author, "You are all idiots here.")["id"]
    decide(moderator, comment_id, action="reject", rule="discourtesy", note="name-calling")

    [mine] = get_page(author)["comments"]
    assert mine["status"] == "rejected"
    assert mine["statement"] is True
    statement = _statement(author, comment_id)
    assert statement["comment_id"] == comment_id
    assert statement["action"] == "reject"
    assert statement["restriction"] == "removal"
    assert "removed" in statement["decision"]
    assert statement["ground"] == {
        "kind": "house_rule",
        "rule": "discourtesy",
        "explanation": statement["ground"]["explanation"],
    }
    assert "insults" in statement["ground"]["explanation"]
    assert "name-calling" in statement["facts"]
    assert statement["automated"]["decision"] is False
    assert [option["kind"] for option in statement["redress"]] == [
        "appeal",
        "out_of_court",
        "court",
    ]
    # The moderator reads the same statement; another reader is told there is none.
    assert _statement(moderator, comment_id)["id"] == statement["id"]
    stranger = client_factory()
    assert_error(
        stranger.get(f"/api/v1/comments/{comment_id}/statement"), 404, "statement_not_found"
    )


def test_automated_detection_comes_from_the_stored_verdict(client: TestClient) -> None:
    moderator_client(client)
    flagged = make_comment(client, "held one", scores=verdict(violence=0.93))
    plain = make_comment(client, "plain one", scores=None, status="published")
    decide(client, flagged, action="reject", rule="violence")
    decide(client, plain, action="reject", rule="spam")
    first = _statement(client, flagged)
    assert first["automated"]["detection"] is True
    assert "violence" in first["facts"]
    assert "awaiting review" in first["facts"]
    assert _statement(client, plain)["automated"]["detection"] is False


def test_an_illegal_notice_gets_a_statement_even_when_the_comment_stays(
    client_factory: ClientFactory,
) -> None:
    author = client_factory()
    reporter = client_factory()
    moderator = moderator_client(client_factory())
    comment_id = post_comment(author, "The minister took bribes, everyone knows.")["id"]
    _report(reporter, comment_id, "illegal", note="Defamation of a named person.")
    decide(moderator, comment_id, action="approve", note="fair comment on a public figure")

    statement = _statement(author, comment_id)
    assert statement["restriction"] == "none"
    assert "kept" in statement["decision"]
    assert statement["ground"]["kind"] == "illegal_content"
    assert "1 notice(s)" in statement["facts"]
    # The notifier's words are not the author's to read.
    assert "Defamation" not in str(statement)
    assert [option["kind"] for option in statement["redress"]] == ["out_of_court", "court"]
    assert get_page(author)["comments"][0]["statement"] is True
    assert get_page(reporter)["comments"][0]["statement"] is False


def test_keeping_a_comment_without_a_notice_issues_nothing(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "held", scores=verdict(discourtesy=0.7))
    decide(client, comment_id, action="approve")
    decide(client, comment_id, action="close_thread")
    assert _count(client) == 0
    assert_error(client.get(f"/api/v1/comments/{comment_id}/statement"), 404, "statement_not_found")


def test_the_latest_statement_wins_and_an_appealed_one_offers_no_second_appeal(
    client_factory: ClientFactory,
) -> None:
    author = client_factory()
    moderator = moderator_client(client_factory())
    comment_id = post_comment(author, "Buy cheap watches at my shop!")["id"]
    decide(moderator, comment_id, action="reject", rule="spam")
    appeal = author.post(f"/api/v1/comments/{comment_id}/appeal", json={"note": "not an ad"})
    assert appeal.status_code == 200, appeal.text
    decide(moderator, comment_id, action="suspend", rule="spam", days=7)

    statement = _statement(author, comment_id)
    assert statement["action"] == "suspend"
    assert "7 days" in statement["decision"]
    assert statement["ground"]["rule"] == "spam"
    assert "appeal" not in [option["kind"] for option in statement["redress"]]
    assert _count(moderator) == 2


def test_a_rejection_naming_illegality_states_that_ground(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "held", scores=None)
    decide(client, comment_id, action="reject", rule="illegal", note="court order 12/2026")
    statement = _statement(client, comment_id)
    assert statement["ground"] == {
        "kind": "illegal_content",
        "rule": "illegal",
        "explanation": "The comment was found to be illegal content.",
    }


def test_bulk_rejection_issues_one_statement_per_comment(client: TestClient) -> None:
    moderator_client(client)
    first = make_comment(client, "one")
    second = make_comment(client, "two")
    response = client.post(
        "/api/v1/review/decisions",
        json={"ids": [first, second], "action": "reject", "rule": "spam"},
    )
    assert response.status_code == 200, response.text
    assert _count(client) == 2
