"""A reader's own data (`accounts/guests_api.py`, `accounts/privacy.py`): a guest downloads and
deletes what their reader cookie proves is theirs; an account does the same through /auth."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.api.accounts_support import sign_up
from tests.api.helpers import SITE_ORIGIN, ClientFactory, assert_error, get_page, post_comment

DATA = "/api/v1/readers/me/data"
ME = "/api/v1/readers/me"


def _busy_guest(client_factory: ClientFactory) -> tuple[TestClient, TestClient, int, int]:
    """A guest who commented, voted, reported and muted; the other reader they did it to."""
    guest, other = client_factory(), client_factory()
    theirs = post_comment(other, "The strikes were reported at dawn.", author_email="o@x.org")
    mine = post_comment(guest, "I was there.", author_name="Samir", author_email="samir@x.org")
    assert (
        guest.post(f"/api/v1/comments/{theirs['id']}/votes", json={"value": 1}).status_code == 200
    )
    report = {"reason": "spam", "note": "looks like an ad"}
    assert guest.post(f"/api/v1/comments/{theirs['id']}/reports", json=report).status_code == 201
    assert guest.post("/api/v1/readers/mute", json={"comment_id": theirs["id"]}).status_code == 200
    return guest, other, int(mine["id"]), int(theirs["id"])


def test_a_guest_downloads_their_data_and_nothing_of_others(
    client_factory: ClientFactory,
) -> None:
    guest, _, mine, theirs = _busy_guest(client_factory)
    response = guest.get(DATA)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="kibitz-my-data.json"'
    data = response.json()
    assert data["account"] is None
    [comment] = data["comments"]
    assert (comment["id"], comment["author_name"], comment["body"]) == (
        mine,
        "Samir",
        "I was there.",
    )
    assert [(v["comment_id"], v["value"]) for v in data["votes"]] == [(theirs, 1)]
    assert [(r["comment_id"], r["reason"], r["note"]) for r in data["reports"]] == [
        (theirs, "spam", "looks like an ad")
    ]
    assert [m["comment_id"] for m in data["mutes"]] == [theirs]
    text = json.dumps(data)
    for private in ("o@x.org", "samir@x.org", "ip", "hash", "testclient"):
        assert private not in text


def test_without_a_cookie_there_is_nothing_to_download_or_delete(client: TestClient) -> None:
    assert client.get(DATA).json() == {
        "account": None,
        "comments": [],
        "votes": [],
        "reports": [],
        "mutes": [],
    }
    assert client.delete(ME, params={"comments": "remove"}).status_code == 204


def test_a_guest_deletes_and_removes_their_comments(client_factory: ClientFactory) -> None:
    guest, other, mine, theirs = _busy_guest(client_factory)
    token = guest.cookies["kibitz_reader"]
    response = guest.delete(ME, params={"comments": "remove"})
    assert response.status_code == 204
    assert "kibitz_reader" not in guest.cookies
    by_id = {c["id"]: c for c in get_page(other)["comments"]}
    assert mine not in by_id  # a removed comment with no replies leaves no placeholder
    assert by_id[theirs]["upvotes"] == 1  # the vote still counts, but leads to nobody
    guest.cookies.set("kibitz_reader", token)  # the old token proves nothing any more
    assert guest.get(DATA).json()["comments"] == []
    assert guest.get(DATA).json()["votes"] == [] and guest.get(DATA).json()["mutes"] == []


def test_a_guest_deletes_and_keeps_their_comments_anonymously(
    client_factory: ClientFactory,
) -> None:
    guest, other, mine, _ = _busy_guest(client_factory)
    assert guest.delete(ME, params={"comments": "anonymise"}).status_code == 204
    shown = {c["id"]: c for c in get_page(guest)["comments"]}[mine]
    assert shown["status"] == "published" and "I was there." in shown["html"]
    assert shown["author_name"] != "Samir" and shown["mine"] is False
    assert {c["id"]: c for c in get_page(other)["comments"]}[mine]["author_name"] != "Samir"


def test_guest_delete_refuses_a_bad_choice_and_a_foreign_origin(client: TestClient) -> None:
    post_comment(client, "Mine.")
    burn = client.delete(ME, params={"comments": "burn"})
    assert_error(burn, 422, "invalid_choice", "comments")
    assert client.delete(ME).json()["error"]["field"] == "comments"
    evil = client.delete(ME, params={"comments": "remove"}, headers={"Origin": "https://evil.test"})
    assert_error(evil, 403, "origin_not_allowed")
    assert get_page(client)["comments"][0]["mine"] is True
    allowed = client.delete(ME, params={"comments": "remove"}, headers={"Origin": SITE_ORIGIN})
    assert allowed.status_code == 204


def test_an_account_downloads_and_deletes_its_data(client_factory: ClientFactory) -> None:
    reader, other = client_factory(), client_factory()
    sign_up(reader, name="Layla")
    theirs = post_comment(other, "Another view.")
    mine = post_comment(reader, "Signed in and writing.")
    assert reader.post("/api/v1/readers/mute", json={"comment_id": theirs["id"]}).status_code == 200
    data = reader.get("/api/v1/auth/reader/export").json()
    assert data["account"]["email"] == "reader@example.org"
    assert [c["id"] for c in data["comments"]] == [mine["id"]]
    assert [m["comment_id"] for m in data["mutes"]] == [theirs["id"]]
    gone = reader.request("DELETE", "/api/v1/auth/reader", json={"comments": "anonymise"})
    assert gone.status_code == 204
    assert_error(reader.get("/api/v1/auth/reader"), 401, "not_signed_in")
    shown = {c["id"]: c for c in get_page(other)["comments"]}[mine["id"]]
    assert shown["author_name"] != "Layla" and "Signed in and writing." in shown["html"]
