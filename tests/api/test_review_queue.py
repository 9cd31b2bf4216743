"""The review queues: what each holds, the filters, severity order, cursors and counts."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import THREAD, assert_error, make_site
from tests.api.review_support import (
    decide,
    factory_of,
    ids,
    make_comment,
    moderator_client,
    queue,
    report,
    verdict,
)


def test_each_queue_holds_its_comments(client: TestClient) -> None:
    moderator_client(client)
    pending = make_comment(client, "held", scores=verdict(discourtesy=0.8))
    rejected = make_comment(client, "rejected by the machine", status="rejected")
    quiet = make_comment(client, "published, nobody minds", status="published")
    reported = make_comment(client, "published, reported", status="published")
    report(client, reported, "spam", "reader-1", note="an ad")
    approved = make_comment(client, "approved after review")
    decide(client, approved, action="approve")
    deleted = make_comment(client, "deleted", status="deleted")

    assert ids(queue(client, queue="pending")) == [pending]
    assert ids(queue(client, queue="reported")) == [reported]
    assert ids(queue(client, queue="rejected")) == [rejected]
    assert ids(queue(client, queue="approved")) == [approved]
    everything = queue(client, queue="all", sort="oldest")
    assert ids(everything) == [pending, rejected, quiet, reported, approved]
    assert deleted not in ids(everything)
    assert everything["counts"] == {
        "pending": 1,
        "reported": 1,
        "rejected": 1,
        "approved": 1,
        "all": 5,
    }


def test_item_shape(client: TestClient) -> None:
    moderator_client(client)
    parent = make_comment(client, "The parent, *kindly*.", status="published", author="Ann")
    child = make_comment(
        client, "You fool", parent_id=parent, scores=verdict(discourtesy=0.93), author="Bob"
    )
    report(client, child, "discourtesy", "reader-1", note="rude")
    report(client, child, "discourtesy", "reader-2")
    report(client, child, "spam", "reader-3")
    item = queue(client)["items"][0]
    assert item["id"] == child
    assert item["status"] == "pending"
    assert item["site"] == "news"
    assert item["thread"]["key"] == THREAD
    assert item["thread"]["url"] == "https://news.example.com/strikes"
    assert item["thread"]["title"] == "Strikes in Iraq"
    assert item["author_name"] == "Bob"
    assert item["html"] == "<p>You fool</p>"
    assert item["severity"] == 0.93
    assert item["flags"] == ["discourtesy"]
    assert item["scores"]["discourtesy"] == 0.93
    assert item["report_count"] == 3
    assert item["report_reasons"] == {"discourtesy": 2, "spam": 1}
    assert item["parent"]["id"] == parent
    assert item["parent"]["author_name"] == "Ann"
    assert item["parent"]["html"] == "<p>The parent, <em>kindly</em>.</p>"
    # The same reader hash wrote both comments (make_comment's default reader).
    assert item["author"]["published"] == 1
    assert item["author"]["pending"] == 1
    assert item["author"]["first_seen"] is not None


def test_severity_order_then_reports_then_age(client: TestClient) -> None:
    moderator_client(client)
    low = make_comment(client, "low", scores=verdict(discourtesy=0.55))
    unscored = make_comment(client, "unscored")
    high = make_comment(client, "high", scores=verdict(violence=0.97))
    low_reported = make_comment(client, "low but reported", scores=verdict(discourtesy=0.55))
    report(client, low_reported, "discourtesy", "reader-1")
    assert ids(queue(client)) == [high, low_reported, low, unscored]
    assert ids(queue(client, sort="oldest")) == [low, unscored, high, low_reported]
    assert ids(queue(client, sort="newest")) == [low_reported, high, unscored, low]


def test_cursor_pages_through_every_item_once(client: TestClient) -> None:
    moderator_client(client)
    made = []
    for index in range(7):
        score = 0.5 + 0.1 * (index % 3)  # ties on severity, broken by age
        made.append(make_comment(client, f"c{index}", scores=verdict(spam=round(score, 2))))
    for sort in ("severity", "oldest", "newest"):
        seen: list[int] = []
        cursor = None
        for _ in range(10):
            params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
            page = queue(client, **params)
            seen.extend(ids(page))
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(made), sort
        assert len(seen) == len(set(seen)), sort
        assert seen == ids(queue(client, sort=sort, limit=100)), sort


def test_bad_cursor_and_other_sort_cursor(client: TestClient) -> None:
    moderator_client(client)
    for index in range(3):
        make_comment(client, f"c{index}")
    cursor = queue(client, limit=1)["next_cursor"]
    assert cursor
    response = client.get("/api/v1/review/queue", params={"cursor": cursor, "sort": "oldest"})
    assert_error(response, 400, "bad_cursor", "cursor")
    response = client.get("/api/v1/review/queue", params={"cursor": "bm9wZQ"})
    assert_error(response, 400, "bad_cursor", "cursor")
    response = client.get("/api/v1/review/queue", params={"queue": "secret"})
    assert_error(response, 422, "invalid_choice", "queue")


def test_filters(client: TestClient) -> None:
    moderator_client(client)
    make_site(factory_of(client), "other")
    violent = make_comment(client, "v", scores=verdict(violence=0.9), author="Vera Lynn")
    rude = make_comment(client, "d", scores=verdict(discourtesy=0.8), author="Dan")
    elsewhere = make_comment(client, "o", site="other", thread="t2", author="Vera")
    spammy = make_comment(client, "s", author="Sam_100%")
    report(client, spammy, "spam", "reader-1")
    other_thread = make_comment(client, "x", thread="another/article", author="Xi")

    assert ids(queue(client, site="other")) == [elsewhere]
    assert ids(queue(client, thread="another/article")) == [other_thread]
    assert ids(queue(client, rule="violence")) == [violent]
    assert ids(queue(client, rule="discourtesy")) == [rude]
    assert ids(queue(client, rule="spam")) == [spammy]  # by its open report
    assert ids(queue(client, author="vera", sort="oldest")) == [violent, elsewhere]
    assert ids(queue(client, author="_100%")) == [spammy]  # LIKE wildcards are literal
    assert ids(queue(client, author="%")) == [spammy]
    filtered = queue(client, site="news", rule="violence")
    assert filtered["counts"]["pending"] == 1
    assert filtered["counts"]["all"] == 1
    assert queue(client, site="nowhere")["items"] == []


def test_counts_endpoint(client: TestClient) -> None:
    moderator_client(client)
    make_comment(client, "a")
    make_comment(client, "b", status="rejected")
    response = client.get("/api/v1/review/counts")
    assert response.status_code == 200
    assert response.json() == {"pending": 1, "reported": 0, "rejected": 1, "approved": 0, "all": 2}
