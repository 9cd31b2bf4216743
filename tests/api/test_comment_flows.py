"""Posting-time verdicts (comments/flows.py): publish, nudge, post anyway, hold, reject, appeal,
fail closed, edits judged again, and nothing posted ever lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kibitz.comments.judge import CONFIRMED, UNAVAILABLE
from kibitz.config import Settings
from kibitz.sites import service as sites_service
from kibitz.web.app import create_app
from tests.api.helpers import SITE, ClientFactory, assert_error, get_page, make_site
from tests.api.moderation_helpers import (
    CLEAN,
    HOSTILE,
    RUDE,
    SPAM,
    BrokenModerator,
    post,
    stored,
)


def _ids(page: dict[str, object]) -> list[int]:
    comments = page["comments"]
    assert isinstance(comments, list)
    return [c["id"] for c in comments]


def test_a_clean_comment_is_published_with_its_scores(client: TestClient) -> None:
    response = post(client, CLEAN)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "published"
    assert created["verdict"]["decision"] == "publish"
    assert set(created["verdict"]["scores"]) == {
        "violence", "racism", "profanity", "vulgarity", "doxing", "discourtesy", "spam",
    }  # fmt: skip
    assert created["comment"]["verdict"] is None  # nothing to explain on a published comment
    row = stored(client)[created["id"]]
    assert row.moderation_scores is not None
    assert row.moderation_scores["decision"] == "publish"
    assert row.moderation_scores["trust_level"] == 0
    assert row.moderation_scores["model"] == "sparse"  # the tests' small model has no second stage


def test_a_rude_comment_is_nudged_with_spans_and_nothing_is_stored(client: TestClient) -> None:
    response = post(client, RUDE)
    assert_error(response, 422, "nudge", "body")
    nudge = response.json()["nudge"]
    assert nudge["rules"] == ["discourtesy"]
    assert nudge["spans"] == [{"start": 4, "end": 9, "rule": "discourtesy", "text": "idiot"}]
    assert any("discourtesy" in reason for reason in nudge["reasons"])
    assert stored(client) == {}


def test_posting_anyway_after_a_nudge_sends_it_to_review(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    response = post(author, RUDE, confirm=True)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "pending"
    assert created["verdict"]["status_reason"] == CONFIRMED
    assert created["verdict"]["spans"][0]["text"] == "idiot"
    mine = get_page(author)["comments"]
    assert [(c["id"], c["status"]) for c in mine] == [(created["id"], "pending")]
    assert mine[0]["verdict"]["flags"] == ["discourtesy"]
    assert _ids(get_page(other)) == []


def test_a_hostile_comment_is_held_for_its_author_only(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    response = post(author, HOSTILE)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "pending"
    assert created["verdict"]["decision"] == "hold"
    assert created["verdict"]["appealable"] is False
    assert _ids(get_page(author)) == [created["id"]]
    assert _ids(get_page(other)) == []
    assert other.get(f"/api/v1/comments/{created['id']}/appeal").status_code == 405


def test_spam_is_rejected_and_its_author_sees_the_rule(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    created = post(author, SPAM).json()
    assert created["status"] == "rejected"
    verdict = get_page(author)["comments"][0]["verdict"]
    assert verdict["flags"] == ["spam"]
    assert verdict["appealable"] is True
    assert "spam" in verdict["status_reason"]
    assert _ids(get_page(other)) == []


def test_a_rejected_comment_is_appealed_once(client_factory: ClientFactory) -> None:
    author, other = client_factory(), client_factory()
    comment_id = post(author, SPAM).json()["id"]
    url = f"/api/v1/comments/{comment_id}/appeal"
    assert_error(other.post(url, json={"note": "not mine"}), 404, "comment_not_found")
    first = author.post(url, json={"note": "It is my own casino review."})
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "pending"
    assert first.json()["verdict"]["appealed"] is True
    row = stored(author)[comment_id]
    assert row.moderation_scores is not None
    assert row.moderation_scores["appeal"]["note"] == "It is my own casino review."
    assert_error(author.post(url, json={}), 409, "already_appealed")


def test_only_a_rejected_comment_can_be_appealed(client: TestClient) -> None:
    comment_id = post(client, CLEAN).json()["id"]
    response = client.post(f"/api/v1/comments/{comment_id}/appeal", json={})
    assert_error(response, 409, "not_appealable")


@pytest.fixture()
def broken_client(settings: Settings) -> Iterator[tuple[TestClient, BrokenModerator]]:
    moderator = BrokenModerator()
    app = create_app(settings, moderator=moderator)
    make_site(app.state.session_factory, SITE)
    with TestClient(app) as client:
        yield client, moderator


def test_a_failing_moderator_holds_every_comment(
    broken_client: tuple[TestClient, BrokenModerator],
) -> None:
    client, moderator = broken_client
    for body in (CLEAN, RUDE):
        response = post(client, body)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "pending"
        assert response.json()["verdict"]["status_reason"] == UNAVAILABLE
    assert moderator.calls == 2
    rows = stored(client)
    assert [row.status for row in rows.values()] == ["pending", "pending"]
    record = next(iter(rows.values())).moderation_scores
    assert record is not None and "heads.npz is truncated" in record["failure"]


def test_an_unloadable_model_fails_closed(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings.model_copy(update={"moderation_artifacts": tmp_path}))
    make_site(app.state.session_factory, SITE)
    with TestClient(app) as client:
        response = post(client, CLEAN)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "pending"
    assert response.json()["verdict"]["status_reason"] == UNAVAILABLE


def test_an_edit_is_judged_again(client: TestClient) -> None:
    comment_id = post(client, CLEAN).json()["id"]
    url = f"/api/v1/comments/{comment_id}"
    assert_error(client.patch(url, json={"body": RUDE}), 422, "nudge", "body")
    assert stored(client)[comment_id].body == CLEAN  # the nudged edit changed nothing
    confirmed = client.patch(url, json={"body": RUDE, "confirm": True})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "pending"
    fixed = client.patch(url, json={"body": "On reflection, a fair point."})
    assert fixed.json()["status"] == "published"
    held = client.patch(url, json={"body": HOSTILE})
    assert held.json()["status"] == "pending"


def test_a_rejected_comment_cannot_be_edited_back_in(client: TestClient) -> None:
    comment_id = post(client, SPAM).json()["id"]
    response = client.patch(f"/api/v1/comments/{comment_id}", json={"body": CLEAN})
    assert_error(response, 409, "comment_rejected")


def test_nothing_posted_is_lost_whatever_the_verdict(client: TestClient) -> None:
    outcomes = {
        CLEAN: "published",
        HOSTILE: "pending",
        SPAM: "rejected",
    }
    for body, status in outcomes.items():
        assert post(client, body).json()["status"] == status
    assert post(client, RUDE).status_code == 422  # not posted: the writer still holds the text
    assert post(client, RUDE, confirm=True).json()["status"] == "pending"
    rows = stored(client)
    assert sorted(row.status for row in rows.values()) == sorted(
        ["published", "pending", "rejected", "pending"]
    )
    assert {row.body for row in rows.values()} == {CLEAN, HOSTILE, SPAM, RUDE}


def test_openapi_documents_the_nudge(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    answer = spec["paths"]["/api/v1/comments"]["post"]["responses"]
    assert answer["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/NudgeResponse")
    assert "429" in answer
    assert "nudge" in spec["components"]["schemas"]["NudgeResponse"]["properties"]


def test_sites_keep_their_moderation_settings_apart(client_factory: ClientFactory) -> None:
    client = client_factory()
    from tests.api.moderation_helpers import configure_site

    configure_site(client, premoderate=["all"])
    assert post(client, CLEAN).json()["status"] == "pending"
    other = client.post(
        "/api/v1/comments",
        json={"site": sites_service.DEMO_SITE_KEY, "thread": "t", "body": CLEAN},
    )
    assert other.json()["status"] == "published"
