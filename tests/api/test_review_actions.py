"""Every moderator action: what it changes, its decision and audit entry, reports resolved, bulk,
and that nothing is ever lost."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kibitz.accounts import bans
from kibitz.accounts.models import Ban
from kibitz.comments.models import Comment
from kibitz.db import transaction, utcnow
from kibitz.reports.models import Report
from kibitz.sites import service as sites_service
from tests.api.helpers import THREAD, assert_error, get_page, post_comment
from tests.api.review_support import (
    MODERATOR,
    decide,
    factory_of,
    ids,
    make_comment,
    moderator_client,
    queue,
    report,
    verdict,
)


def _audit(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/review/audit", params=params)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["entries"]
    return entries


def _reports(client: TestClient, comment_id: int) -> list[tuple[str | None, bool]]:
    with transaction(factory_of(client)) as session:
        rows = session.scalars(select(Report).where(Report.comment_id == comment_id))
        return [(r.resolution, r.resolved_at is not None) for r in rows]


def test_approve_publishes_and_is_audited(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "held", scores=verdict(discourtesy=0.7))
    result = decide(client, comment_id, action="approve", note="fair criticism")
    assert result["status"] == "published"
    assert result["id"] == comment_id
    assert [c["id"] for c in get_page(client)["comments"]] == [comment_id]
    [entry] = _audit(client)
    assert entry["id"] == result["audit_id"]
    assert entry["actor"] == MODERATOR
    assert entry["action"] == "approve"
    assert entry["target_type"] == "comment"
    assert entry["target_id"] == comment_id
    assert entry["comment_id"] == comment_id
    assert entry["site"] == "news"
    assert entry["reason"] == "fair criticism"
    assert entry["before"]["status"] == "pending"
    assert entry["after"]["status"] == "published"


def test_reject_needs_a_rule_and_nothing_is_lost(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "Get out, idiot.", scores=verdict(discourtesy=0.9))
    response = client.post(
        f"/api/v1/review/comments/{comment_id}/decision", json={"action": "reject"}
    )
    assert_error(response, 422, "missing", "rule")
    bad = client.post(
        f"/api/v1/review/comments/{comment_id}/decision",
        json={"action": "reject", "rule": "rudeness"},
    )
    assert_error(bad, 422, "invalid_choice", "rule")
    result = decide(client, comment_id, action="reject", rule="discourtesy")
    assert result["status"] == "rejected"
    assert ids(queue(client, queue="rejected")) == [comment_id]
    assert queue(client, queue="pending")["items"] == []
    with transaction(factory_of(client)) as session:
        stored = session.get(Comment, comment_id)
        assert stored is not None
        assert stored.body == "Get out, idiot."
        assert stored.status == "rejected"
    [entry] = _audit(client)
    assert entry["reason"] == "rule: discourtesy"
    context = client.get(f"/api/v1/review/comments/{comment_id}").json()
    assert [(d["action"], d["rule"]) for d in context["decisions"]] == [("reject", "discourtesy")]


def test_edit_and_approve(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "Call 555-0100 for *details*", scores=verdict(doxing=0.9))
    missing = client.post(
        f"/api/v1/review/comments/{comment_id}/decision", json={"action": "edit_approve"}
    )
    assert_error(missing, 422, "missing", "body")
    empty = client.post(
        f"/api/v1/review/comments/{comment_id}/decision",
        json={"action": "edit_approve", "body": "   "},
    )
    assert_error(empty, 422, "body_empty", "body")
    result = decide(client, comment_id, action="edit_approve", body="Ask for *details*")
    assert result["status"] == "published"
    [shown] = get_page(client)["comments"]
    assert shown["html"] == "<p>Ask for <em>details</em></p>"
    assert shown["edited_at"] is not None
    [entry] = _audit(client)
    assert entry["before"]["body"] == "Call 555-0100 for *details*"
    assert entry["after"]["body"] == "Ask for *details*"


def test_feature_and_unfeature(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "A thoughtful comment", status="published")
    featured = decide(client, comment_id, action="feature")
    assert featured["featured"] is True
    assert ids(queue(client, queue="approved")) == [comment_id]
    assert queue(client, queue="approved")["items"][0]["featured"] is True
    plain = decide(client, comment_id, action="unfeature")
    assert plain["featured"] is False
    assert [e["action"] for e in _audit(client)] == ["unfeature", "feature"]


def test_close_and_open_thread(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "The last word", status="published")
    closed = decide(client, comment_id, action="close_thread", note="off the rails")
    assert closed["thread_closed"] is True
    assert closed["status"] == "published"
    assert_error(
        client.post("/api/v1/comments", json={"site": "news", "thread": THREAD, "body": "x"}),
        409,
        "thread_closed",
    )
    [entry] = _audit(client)
    assert entry["target_type"] == "thread"
    assert entry["before"]["thread_closed"] is False
    assert entry["after"]["thread_closed"] is True
    assert decide(client, comment_id, action="open_thread")["thread_closed"] is False
    post_comment(client, "open again")


@pytest.mark.parametrize("kind", ["suspend", "ban", "shadow_ban"])
def test_author_sanctions_store_a_ban(client: TestClient, kind: str) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "BUY PILLS", reader="spammer", scores=verdict(spam=0.99))
    payload: dict[str, Any] = {"action": kind, "rule": "spam", "note": "pill spam"}
    if kind == "suspend":
        assert_error(
            client.post(f"/api/v1/review/comments/{comment_id}/decision", json=payload),
            422,
            "missing",
            "days",
        )
        payload["days"] = 7
    result = decide(client, comment_id, **payload)
    assert result["status"] == "rejected"
    with transaction(factory_of(client)) as session:
        site = sites_service.get_or_raise(session, key="news")
        ban = bans.active_ban(session, site_id=site.id, reader_hash="spammer")
        assert ban is not None
        assert ban.kind == kind
        if kind == "suspend":
            assert ban.expires_at is not None
            days = (ban.expires_at - utcnow()).total_seconds() / 86400
            assert 6.99 < days <= 7
        else:
            assert ban.expires_at is None
        assert bans.active_ban(session, site_id=site.id, reader_hash="someone-else") is None
    [entry] = _audit(client)
    assert entry["target_type"] == "ban"
    assert entry["reason"] == "rule: spam; pill spam" + (
        "; for 7 days" if kind == "suspend" else ""
    )
    context = client.get(f"/api/v1/review/comments/{comment_id}").json()
    assert context["author_ban"]["kind"] == kind


def test_expired_and_lifted_bans_are_not_active(client: TestClient) -> None:
    moderator_client(client)
    with transaction(factory_of(client)) as session:
        site = sites_service.get_or_raise(session, key="news")
        bans.create(session, site_id=site.id, kind="suspend", reader_hash="r", expires_at=utcnow())
        lifted = bans.create(session, site_id=site.id, kind="ban", reader_hash="r")
        bans.lift(session, ban=lifted)
        assert bans.active_ban(session, site_id=site.id, reader_hash="r") is None
        assert len(session.scalars(select(Ban)).all()) == 2


def test_actions_resolve_open_reports(client: TestClient) -> None:
    moderator_client(client)
    kept = make_comment(client, "kept", status="published")
    removed = make_comment(client, "removed", status="published")
    for comment_id in (kept, removed):
        report(client, comment_id, "spam", "reader-1")
        report(client, comment_id, "other", "reader-2", note="odd")
    assert sorted(ids(queue(client, queue="reported"))) == [kept, removed]
    decide(client, kept, action="approve")
    decide(client, removed, action="reject", rule="spam")
    assert _reports(client, kept) == [("dismissed", True), ("dismissed", True)]
    assert _reports(client, removed) == [("upheld", True), ("upheld", True)]
    assert queue(client, queue="reported")["items"] == []
    context = client.get(f"/api/v1/review/comments/{removed}").json()
    assert [(r["reason"], r["note"], r["resolution"]) for r in context["reports"]] == [
        ("spam", None, "upheld"),
        ("other", "odd", "upheld"),
    ]


def test_bulk_decisions(client: TestClient) -> None:
    moderator_client(client)
    first = make_comment(client, "one")
    second = make_comment(client, "two")
    untouched = make_comment(client, "three")
    response = client.post(
        "/api/v1/review/decisions",
        json={"action": "reject", "rule": "spam", "ids": [first, second, first]},
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["id"], r["status"]) for r in results] == [(first, "rejected"), (second, "rejected")]
    assert ids(queue(client, queue="pending")) == [untouched]
    assert len(_audit(client, action="reject")) == 2
    refused = client.post(
        "/api/v1/review/decisions", json={"action": "edit_approve", "body": "x", "ids": [first]}
    )
    assert_error(refused, 422, "invalid", "action")
    missing = client.post(
        "/api/v1/review/decisions", json={"action": "approve", "ids": [untouched, 999999]}
    )
    assert_error(missing, 404, "comment_not_found")
    assert ids(queue(client, queue="pending")) == [untouched]  # all or nothing
    assert_error(
        client.post("/api/v1/review/decisions", json={"action": "approve", "ids": []}),
        422,
        "too_short",
        "ids",
    )
    assert_error(
        client.post("/api/v1/review/decisions", json={"action": "approve", "ids": [0]}),
        422,
        "out_of_range",
        "ids.0",
    )


def test_deleted_and_unknown_comments(client: TestClient) -> None:
    moderator_client(client)
    gone = make_comment(client, "deleted", status="deleted")
    assert_error(
        client.post(f"/api/v1/review/comments/{gone}/decision", json={"action": "approve"}),
        409,
        "comment_deleted",
    )
    decide(client, 424242, 404, action="approve")
    assert_error(client.get("/api/v1/review/comments/424242"), 404, "comment_not_found")
    assert_error(
        client.post(f"/api/v1/review/comments/{gone}/decision", json={"action": "explode"}),
        422,
        "invalid_choice",
        "action",
    )


def test_comment_in_context(client: TestClient) -> None:
    moderator_client(client)
    parent = make_comment(client, "Parent", status="published", reader="ann", author="Ann")
    earlier = make_comment(client, "Earlier rude one", reader="bob", author="Bob")
    decide(client, earlier, action="reject", rule="discourtesy")
    comment_id = make_comment(
        client,
        "word up",
        parent_id=parent,
        reader="bob",
        author="Bob",
        scores=verdict(profanity=0.8),
    )
    report(client, comment_id, "profanity", "reader-1", note="swearing")
    context = client.get(f"/api/v1/review/comments/{comment_id}").json()
    assert context["comment"]["id"] == comment_id
    assert context["comment"]["parent"]["author_name"] == "Ann"
    assert context["comment"]["thread"]["title"] == "Strikes in Iraq"
    assert context["comment"]["flags"] == ["profanity"]
    assert context["spans"] == [
        {"start": 0, "end": 4, "rule": "profanity", "text": "word", "source": "lexicon"}
    ]
    assert context["reasons"] == ["profanity scored 0.80"]
    assert context["decision"] == "hold"
    assert context["comment"]["author"]["rejected"] == 1
    assert context["comment"]["author"]["pending"] == 1
    assert [d["action"] for d in context["author_decisions"]] == ["reject"]
    assert [c["id"] for c in context["author_recent"]] == [earlier]
    assert context["decisions"] == []
    assert context["author_ban"] is None
    decide(client, comment_id, action="approve")
    again = client.get(f"/api/v1/review/comments/{comment_id}").json()
    assert [a["action"] for a in again["audit"]] == ["approve"]


def test_audit_filters_and_pages(client: TestClient) -> None:
    moderator_client(client)
    made = [make_comment(client, f"c{index}") for index in range(5)]
    for comment_id in made:
        decide(client, comment_id, action="approve")
    decide(client, made[0], action="reject", rule="spam")
    assert [e["comment_id"] for e in _audit(client, comment=made[0])] == [made[0], made[0]]
    assert len(_audit(client, actor=MODERATOR.upper())) == 6
    assert _audit(client, actor="someone@else.example") == []
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/review/audit", params=params).json()
        seen.extend(entry["id"] for entry in page["entries"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == 6


def test_illegal_content_notice(client: TestClient) -> None:
    moderator_client(client)
    comment_id = make_comment(client, "Here is his home address", status="published")
    report(client, comment_id, "illegal", "reader-1", note="publishes a private address")
    assert ids(queue(client, queue="reported", rule="illegal")) == [comment_id]
    assert queue(client, queue="reported", rule="doxing")["items"] == []
    result = decide(client, comment_id, action="reject", rule="illegal")
    assert result["status"] == "rejected"
    assert _reports(client, comment_id) == [("upheld", True)]
