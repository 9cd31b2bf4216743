"""Per-site moderation settings at posting time: pre-moderation modes, thresholds, banned and
suspect words (through normalisation), new readers' link and rate limits, silencing."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from kibitz.comments.models import Comment
from kibitz.db import transaction, utcnow
from kibitz.reports.models import Report
from kibitz.sites import service as sites_service
from tests.api.helpers import SITE, THREAD, ClientFactory, assert_error
from tests.api.moderation_helpers import CLEAN, HOSTILE, RUDE, configure_site, factory, post

TWO_LINKS = "Sources: https://example.org/a and https://example.org/b"


def _status(client: TestClient, body: str, **fields: object) -> str:
    response = post(client, body, **fields)
    assert response.status_code == 201, response.text
    status: str = response.json()["status"]
    return status


def _reason(client: TestClient, body: str) -> str:
    response = post(client, body)
    assert response.status_code == 201, response.text
    reason: str = response.json()["verdict"]["status_reason"]
    return reason


def test_only_flagged_comments_wait_by_default(client: TestClient) -> None:
    assert _status(client, CLEAN) == "published"
    assert _status(client, HOSTILE) == "pending"


def test_premoderate_everything(client: TestClient) -> None:
    configure_site(client, premoderate=["all"])
    assert "every comment" in _reason(client, CLEAN)


def test_premoderate_a_readers_first_comments(client_factory: ClientFactory) -> None:
    client = client_factory()
    configure_site(client, premoderate=["first:2"])
    assert [_status(client, f"{CLEAN} ({n})") for n in range(3)] == [
        "pending",
        "pending",
        "published",
    ]
    assert _status(client_factory(), CLEAN) == "pending"  # another reader starts again


def test_premoderate_links(client: TestClient) -> None:
    configure_site(client, premoderate=["links"], link_limit=None)
    assert _status(client, CLEAN) == "published"
    assert _status(client, "See https://example.org/report") == "pending"


def test_premoderate_new_readers(client: TestClient) -> None:
    configure_site(client, premoderate=["new:2"])
    assert "first 2 days" in _reason(client, CLEAN)


def test_a_nudge_comes_before_premoderation(client: TestClient) -> None:
    configure_site(client, premoderate=["all"])
    assert_error(post(client, RUDE), 422, "nudge")
    assert _status(client, RUDE, confirm=True) == "pending"


def test_site_thresholds_override_the_defaults(client: TestClient) -> None:
    configure_site(client, thresholds={"discourtesy": {"nudge": None, "hold": None}})
    assert _status(client, HOSTILE) == "published"
    configure_site(client, thresholds={"discourtesy": {"reject": 0.99}})
    assert _status(client, f"{HOSTILE} Really.") == "rejected"


def test_banned_words_reject_through_disguises(client_factory: ClientFactory) -> None:
    client = client_factory()
    configure_site(client, banned_words=["crook", "cheap pills=spam"])
    for body, typed in (
        ("The minister is a crook.", "crook"),
        ("The minister is a cr00k.", "cr00k"),
        ("The minister is a c r o o k.", "c r o o k"),
        ("The minister is a CROOOOOK.", "CROOOOOK"),
        ("The minister is a сrook.", "сrook"),  # Cyrillic с
    ):
        created = post(client, body).json()
        assert created["status"] == "rejected", body
        spans = created["verdict"]["spans"]
        assert [(s["text"], s["rule"]) for s in spans] == [(typed, "profanity")], body
        assert body[spans[0]["start"] : spans[0]["end"]] == typed
    phrase = post(client, "Buy CHEAP  p1lls here").json()
    assert phrase["status"] == "rejected" and phrase["verdict"]["flags"] == ["spam"]
    assert _status(client, "A crooked path to the crossroads.") == "published"


def test_suspect_words_hold(client: TestClient) -> None:
    configure_site(client, suspect_words=["bribe=spam"])
    created = post(client, "They say he took a BR1BE.").json()
    assert created["status"] == "pending"
    assert created["verdict"]["flags"] == ["spam"]
    assert "a word this site reviews" in created["verdict"]["status_reason"]


def test_a_new_reader_may_post_one_link(client: TestClient) -> None:
    assert _status(client, "See https://example.org/report") == "published"
    assert "at most 1 link" in _reason(client, TWO_LINKS)


def _seed_history(client: TestClient, reader_hash: str, *, approved: int, days: int) -> None:
    """Published comments on `days` different days, the first `days` days ago."""
    with transaction(factory(client)) as session:
        site = sites_service.get_or_raise(session, key=SITE)
        from kibitz.comments.service import get_or_create_thread

        thread = get_or_create_thread(session, site=site, key="old", title=None, url=None)
        for n in range(approved):
            session.add(
                Comment(
                    thread=thread,
                    body=f"An older thought, number {n}.",
                    html="",
                    reader_hash=reader_hash,
                    status="published",
                    created_at=utcnow() - timedelta(days=days - n % days, hours=1),
                )
            )


def _reader_hash(client: TestClient) -> str:
    created = post(client, CLEAN).json()
    with factory(client)() as session:
        row = session.get(Comment, created["id"])
        assert row is not None and row.reader_hash is not None
        return row.reader_hash


def test_trusted_readers_are_past_the_link_limit(client: TestClient) -> None:
    _seed_history(client, _reader_hash(client), approved=3, days=2)
    created = post(client, TWO_LINKS).json()
    assert created["status"] == "published"
    assert created["comment"]["id"] == created["id"]


def test_new_readers_are_rate_limited(client_factory: ClientFactory) -> None:
    client = client_factory()
    configure_site(client, rate_limit="3/600")
    for n in range(3):
        assert _status(client, f"{CLEAN} ({n})") == "published"
    refused = post(client, f"{CLEAN} (3)")
    assert_error(refused, 429, "rate_limited")
    assert 590 <= int(refused.headers["Retry-After"]) <= 600
    assert _status(client_factory(), CLEAN) == "published"  # another reader is not slowed


def test_trusted_readers_are_not_rate_limited(client: TestClient) -> None:
    configure_site(client, rate_limit="1/600")
    _seed_history(client, _reader_hash(client), approved=3, days=2)
    assert _status(client, f"{CLEAN} again") == "published"


def test_a_new_reader_reported_for_spam_by_three_readers_is_silenced(
    client_factory: ClientFactory,
) -> None:
    author = client_factory()
    first = post(author, CLEAN).json()["id"]
    with transaction(factory(author)) as session:
        for n in range(3):
            session.add(Report(comment_id=first, reader_hash=f"r{n}", reason="spam"))
    reason = _reason(author, "Another thought entirely.")
    assert "silenced after spam reports from 3 readers" in reason
    with transaction(factory(author)) as session:
        session.query(Report).update({"resolution": "dismissed"})
    assert _status(author, "A third thought, after the dismissal.") == "published"


def test_stored_settings_that_no_longer_validate_fall_back_to_defaults(
    client: TestClient,
) -> None:
    with transaction(factory(client)) as session:
        site = sites_service.get_or_raise(session, key=SITE)
        site.moderation = {"premoderate": ["sometimes"]}
    assert _status(client, CLEAN) == "published"
    assert THREAD
