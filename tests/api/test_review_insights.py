"""The insights numbers on both databases: per day, per rule, per reason, queues, waiting time."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from kibitz.accounts.service import ModeratorScope
from kibitz.comments.models import Comment
from kibitz.db import transaction, utcnow
from kibitz.review import insights
from tests.api.review_support import (
    decide,
    factory_of,
    make_comment,
    moderator_client,
    report,
    sign_in,
    verdict,
)

EVERYWHERE = ModeratorScope(all_sites=True, site_ids=frozenset())


def test_compute(client: TestClient) -> None:
    moderator_client(client)
    held = make_comment(client, "held", scores=verdict(discourtesy=0.9))
    rejected = make_comment(client, "rejected", scores=verdict(discourtesy=0.95, spam=0.6))
    published = make_comment(client, "fine", status="published", scores=verdict(spam=0.55))
    report(client, published, "spam", "r1")
    report(client, published, "other", "r2")
    report(client, held, "spam", "r3")
    decide(client, rejected, action="reject", rule="discourtesy")
    with transaction(factory_of(client)) as session:
        # The rejected comment had waited an hour for its decision.
        session.execute(
            update(Comment)
            .where(Comment.id == rejected)
            .values(created_at=utcnow() - timedelta(hours=1))
        )
    with transaction(factory_of(client)) as session:
        found = insights.compute(session, scope=EVERYWHERE, days=7)
        nobody = insights.compute(
            session, scope=ModeratorScope(all_sites=False, site_ids=frozenset()), days=7
        )
    assert len(found.per_day) == 8
    assert found.total == 3
    assert found.per_day[-1][1] + found.per_day[-2][1] == 3  # today (or just before midnight)
    shares = {share.rule: share for share in found.rules}
    assert shares["discourtesy"] == insights.RuleShare("discourtesy", 2, 1, 1)
    assert shares["spam"] == insights.RuleShare("spam", 2, 0, 1)
    assert shares["violence"].flagged == 0
    assert found.reasons == [("spam", 2), ("other", 1)]
    assert found.queues.pending == 1
    assert found.decisions == 1
    assert found.median_wait is not None
    assert timedelta(minutes=59) < found.median_wait < timedelta(minutes=61)
    assert nobody.total == 0 and nobody.reasons == [] and nobody.decisions == 0


def test_median() -> None:
    minutes = [timedelta(minutes=n) for n in (5, 1, 3)]
    assert insights.median(minutes) == timedelta(minutes=3)
    assert insights.median(minutes[:2]) == timedelta(minutes=3)
    assert insights.median([]) is None


def test_insights_page(client: TestClient) -> None:
    moderator_client(client)
    make_comment(client, "held", scores=verdict(racism=0.9))
    sign_in(client)
    page = client.get("/admin/insights", params={"days": "7"})
    assert page.status_code == 200
    assert '<svg class="chart"' in page.text
    assert "Comments per day, last 7 days" in page.text
    assert '<th scope="row">racism</th><td>1</td><td>1</td><td>0</td>' in page.text
    assert "waiting in the pending queue" in page.text
