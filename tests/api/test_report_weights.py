"""Reader reports at work (reports/flows.py): weights from the reporter's record, hiding past the
site's threshold with a placeholder in place, DSA `illegal` notices, spam reports as a signal;
and mutes (comments/mutes.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from kibitz.comments.models import Comment
from kibitz.comments.service import get_or_create_thread
from kibitz.db import transaction, utcnow
from kibitz.reports.models import Report
from kibitz.sites import service as sites_service
from tests.api.helpers import SITE, ClientFactory, assert_error, get_page
from tests.api.moderation_helpers import CLEAN, configure_site, factory, post, stored


def _report(client: TestClient, comment_id: int, reason: str = "spam", **fields: object) -> None:
    url = f"/api/v1/comments/{comment_id}/reports"
    response = client.post(url, json={"reason": reason, **fields})
    assert response.status_code == 201, response.text


def _reports(client: TestClient) -> list[Report]:
    with factory(client)() as session:
        rows = list(session.scalars(select(Report).order_by(Report.id)))
        session.expunge_all()
        return rows


def _give_record(client: TestClient, reporter: TestClient, *, upheld: int, dismissed: int) -> None:
    """Past reports by `reporter` on comments of their own thread, resolved by moderators."""
    reader_hash = _hash_of(reporter)
    with transaction(factory(client)) as session:
        site = sites_service.get_or_raise(session, key=SITE)
        thread = get_or_create_thread(session, site=site, key="past", title=None, url=None)
        for n in range(upheld + dismissed):
            comment = Comment(thread=thread, body=f"Reported long ago ({n}).", html="")
            session.add(comment)
            session.flush()
            resolution = "upheld" if n < upheld else "dismissed"
            session.add(
                Report(
                    comment_id=comment.id,
                    reader_hash=reader_hash,
                    reason="spam",
                    resolution=resolution,
                    resolved_at=utcnow(),
                )
            )


def _hash_of(client: TestClient) -> str:
    created = post(client, f"{CLEAN} (whose hash)").json()
    with factory(client)() as session:
        row = session.get(Comment, created["id"])
        assert row is not None and row.reader_hash is not None
        return row.reader_hash


def test_three_readers_hide_a_comment_in_place(client_factory: ClientFactory) -> None:
    author, *readers = (client_factory() for _ in range(5))
    onlooker = readers.pop()
    comment_id = post(author, "Great deals today, have a look around.").json()["id"]
    for reader in readers[:2]:
        _report(reader, comment_id)
    assert stored(author)[comment_id].status == "published"
    _report(readers[2], comment_id)
    row = stored(author)[comment_id]
    assert (row.status, row.hidden_by_reports) == ("pending", True)
    assert row.moderation_scores is not None
    assert "hidden after reader reports" in row.moderation_scores["status_reason"]
    seen = get_page(onlooker)["comments"]
    assert [(c["id"], c["hidden"], c["html"], c["author_name"]) for c in seen] == [
        (comment_id, True, "", "")
    ]
    own = get_page(author)["comments"]
    assert own[0]["hidden"] is True and own[0]["html"] != ""
    assert "hidden after reader reports" in own[0]["verdict"]["status_reason"]
    assert [r.weight for r in _reports(author)] == [1.0, 1.0, 1.0]


def test_one_trusted_reporter_is_enough(client_factory: ClientFactory) -> None:
    author, trusted = client_factory(), client_factory()
    _give_record(author, trusted, upheld=5, dismissed=0)
    comment_id = post(author, "Great deals today, have a look around.").json()["id"]
    _report(trusted, comment_id, reason="discourtesy")
    assert stored(author)[comment_id].hidden_by_reports is True
    assert _reports(author)[-1].weight == 3.0


def test_reporters_whose_reports_are_dismissed_count_for_less(
    client_factory: ClientFactory,
) -> None:
    author, noisy, plain = client_factory(), client_factory(), client_factory()
    _give_record(author, noisy, upheld=0, dismissed=4)
    comment_id = post(author, "An opinion some readers dislike.").json()["id"]
    _report(noisy, comment_id, reason="other")
    _report(plain, comment_id, reason="other")
    assert _reports(author)[-2].weight == 0.25
    assert stored(author)[comment_id].status == "published"


def test_a_site_sets_its_own_threshold(client_factory: ClientFactory) -> None:
    author, reader = client_factory(), client_factory()
    configure_site(author, report_threshold=1.0)
    comment_id = post(author, "An opinion some readers dislike.").json()["id"]
    _report(reader, comment_id, reason="racism")
    assert stored(author)[comment_id].hidden_by_reports is True


def test_an_illegal_notice_needs_its_explanation(client_factory: ClientFactory) -> None:
    author, reader = client_factory(), client_factory()
    comment_id = post(author, "An opinion some readers dislike.").json()["id"]
    url = f"/api/v1/comments/{comment_id}/reports"
    assert_error(reader.post(url, json={"reason": "illegal"}), 422, "missing", "note")
    assert_error(reader.post(url, json={"reason": "illegal", "note": "  "}), 422, "missing")
    _report(reader, comment_id, reason="illegal", note="It names a minor in a court case.")
    notice = _reports(author)[-1]
    assert (notice.reason, notice.statement_of_reasons_due) == ("illegal", True)
    assert notice.note == "It names a minor in a court case."


def test_spam_reports_feed_the_spam_signal(client_factory: ClientFactory) -> None:
    author, first, second = client_factory(), client_factory(), client_factory()
    comment_id = post(author, "Great deals today, have a look around.").json()["id"]
    _report(first, comment_id)
    one = stored(author)[comment_id].moderation_scores
    _report(second, comment_id)
    two = stored(author)[comment_id].moderation_scores
    assert one is not None and two is not None
    assert one["after_reports"]["spam_reports"] == 1
    assert two["after_reports"]["spam_reports"] == 2
    assert two["after_reports"]["spam"] > one["after_reports"]["spam"]


def test_a_reader_mutes_and_unmutes_another(client_factory: ClientFactory) -> None:
    author, muter, onlooker = client_factory(), client_factory(), client_factory()
    comment_id = post(author, CLEAN).json()["id"]
    response = muter.post("/api/v1/readers/mute", json={"comment_id": comment_id})
    assert response.status_code == 200, response.text
    assert response.json() == {"muted": True}
    assert [c["muted"] for c in get_page(muter)["comments"]] == [True]
    assert [c["muted"] for c in get_page(onlooker)["comments"]] == [False]
    assert [c["muted"] for c in get_page(author)["comments"]] == [False]
    again = muter.post("/api/v1/readers/mute", json={"comment_id": comment_id})
    assert again.status_code == 200  # muting twice is harmless
    undo = muter.request("DELETE", "/api/v1/readers/mute", json={"comment_id": comment_id})
    assert undo.json() == {"muted": False}
    assert [c["muted"] for c in get_page(muter)["comments"]] == [False]


def test_a_reader_cannot_mute_themselves_or_a_missing_comment(client: TestClient) -> None:
    comment_id = post(client, CLEAN).json()["id"]
    own = client.post("/api/v1/readers/mute", json={"comment_id": comment_id})
    assert_error(own, 422, "invalid", "comment_id")
    missing = client.post("/api/v1/readers/mute", json={"comment_id": 999_999})
    assert_error(missing, 404, "comment_not_found")
