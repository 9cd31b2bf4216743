"""Reader accounts end to end, with a real SMTP server: sign up, verify, sign in and out, reset,
rename, reply notifications with one-click unsubscribe, and a dead SMTP server."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.api.accounts_support import (
    PASSWORD,
    Inbox,
    body_of,
    free_port,
    link_token,
    sign_in,
    sign_up,
    smtp,
)
from tests.api.helpers import SITE_ORIGIN, ClientFactory, assert_error, get_page, post_comment

__all__ = ["smtp"]


def test_sign_up_verify_sign_out_and_in(
    client_factory: ClientFactory, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    client = client_factory(smtp_url=url)
    session = sign_up(client, name="  Layla  ")
    assert session["reader"]["display_name"] == "Layla"
    assert session["reader"]["verified"] is False
    [mail] = inbox.wait_for(1)
    assert mail["To"] == "reader@example.org"
    token = link_token(mail)
    assert client.post("/api/v1/auth/verify", json={"token": token}).json()["verified"] is True
    assert client.get("/api/v1/auth/reader").json()["reader"]["verified"] is True
    assert client.post("/api/v1/auth/signout").status_code == 204
    assert_error(client.get("/api/v1/auth/reader"), 401, "not_signed_in")
    assert_error(
        sign_in(client, "reader@example.org", "wrong password!"), 401, "invalid_credentials"
    )
    assert sign_in(client, "READER@example.org").status_code == 200


def test_verification_token_tampered_or_for_another_purpose(
    client_factory: ClientFactory, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    client = client_factory(smtp_url=url)
    sign_up(client)
    token = link_token(inbox.wait_for(1)[0])
    assert_error(
        client.post("/api/v1/auth/verify", json={"token": token[:-2] + "xx"}), 422, "token_invalid"
    )
    confirm = {"token": token, "password": "a brand new password"}
    assert_error(
        client.post("/api/v1/auth/password-reset/confirm", json=confirm), 422, "token_invalid"
    )


def test_password_reset_works_once_and_ends_sessions(
    client_factory: ClientFactory, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    client = client_factory(smtp_url=url)
    sign_up(client)
    other = client_factory(smtp_url=url)
    for address in ("reader@example.org", "nobody@example.org"):
        response = other.post("/api/v1/auth/password-reset", json={"email": address})
        assert response.status_code == 202 and response.json() == {"accepted": True}
    mails = inbox.wait_for(2)
    time.sleep(0.2)
    assert len(mails) == 2  # the verification and one reset: no mail to a stranger
    token = link_token(mails[1])
    confirm = {"token": token, "password": "a brand new password"}
    assert other.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204
    assert_error(
        other.post("/api/v1/auth/password-reset/confirm", json=confirm), 422, "token_invalid"
    )
    assert_error(client.get("/api/v1/auth/reader"), 401, "not_signed_in")
    assert sign_in(other, "reader@example.org", "a brand new password").status_code == 200


def test_display_name_and_comments_linked_to_the_account(client_factory: ClientFactory) -> None:
    laptop = client_factory()
    sign_up(laptop)
    renamed = laptop.patch("/api/v1/auth/reader", json={"display_name": "Layla H."})
    assert renamed.json()["display_name"] == "Layla H."
    created = post_comment(laptop, "Signed in and writing.")
    phone = client_factory()
    assert sign_in(phone, "reader@example.org").status_code == 200
    phone.headers["X-CSRF-Token"] = phone.get("/api/v1/auth/reader").json()["csrf_token"]
    [mine] = get_page(phone)["comments"]
    assert mine["id"] == created["id"] and mine["mine"] is True
    edited = phone.patch(f"/api/v1/comments/{created['id']}", json={"body": "Edited on the phone."})
    assert edited.status_code == 200, edited.text


def test_signed_in_writes_need_the_csrf_token(client_factory: ClientFactory) -> None:
    client = client_factory()
    sign_up(client)
    del client.headers["X-CSRF-Token"]
    assert_error(
        client.post("/api/v1/comments", json={"site": "news", "thread": "t", "body": "hi"}),
        403,
        "csrf_failed",
    )


def test_sign_in_only_from_the_sites_origins(client: TestClient) -> None:
    sign_up(client)
    response = client.post(
        "/api/v1/auth/signin",
        json={"site": "news", "email": "reader@example.org", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert_error(response, 403, "origin_not_allowed")


def test_reply_notifications_opt_in_and_one_click_unsubscribe(
    client_factory: ClientFactory, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    author = client_factory(smtp_url=url)
    sign_up(author)
    assert_error(
        author.patch("/api/v1/auth/reader", json={"notify_replies": True}),
        409,
        "email_not_verified",
    )
    author.post("/api/v1/auth/verify", json={"token": link_token(inbox.wait_for(1)[0])})
    assert author.patch("/api/v1/auth/reader", json={"notify_replies": True}).status_code == 200
    parent = post_comment(author, "Who agrees?")
    replier = client_factory(smtp_url=url)
    post_comment(replier, "I do.", parent_id=parent["id"], author_name="Omar")
    mail = inbox.wait_for(2)[1]
    assert "Omar replied" in mail["Subject"] and "I do." in body_of(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail["List-Unsubscribe"].strip("<>")
    assert replier.post(link.split("testserver", 1)[-1]).status_code == 204
    post_comment(replier, "Another reply.", parent_id=parent["id"])
    time.sleep(0.5)
    assert len(inbox.messages) == 2  # unsubscribed: nothing more


def test_a_dead_smtp_server_never_fails_or_slows_a_post(client_factory: ClientFactory) -> None:
    closed = f"smtp://127.0.0.1:{free_port()}"
    client = client_factory(smtp_url=closed)
    started = time.monotonic()
    sign_up(client)
    post_comment(client, "Still posted.")
    assert time.monotonic() - started < 5
    assert get_page(client)["total"] == 1


def test_no_email_address_in_reader_answers(client_factory: ClientFactory) -> None:
    client = client_factory()
    texts = [
        client.post(
            "/api/v1/auth/signup",
            json={
                "site": "news",
                "email": "secret.person@example.org",
                "password": PASSWORD,
                "display_name": "S",
            },
            headers={"Origin": SITE_ORIGIN},
        ).text
    ]
    client.headers["X-CSRF-Token"] = client.get("/api/v1/auth/reader").json()["csrf_token"]
    created = post_comment(client, "Private person here.", author_email="guest@example.org")
    texts += [str(created), client.get("/api/v1/auth/reader").text, str(get_page(client))]
    guest = client_factory()
    texts.append(str(post_comment(guest, "A guest.", author_email="guest@example.org")))
    texts.append(str(get_page(guest)))
    for text in texts:
        assert "@example.org" not in text and "testclient" not in text, text


def test_display_name_is_cleaned_like_author_names_and_needs_csrf(
    client_factory: ClientFactory,
) -> None:
    client = client_factory()
    sign_up(client)
    renamed = client.patch("/api/v1/auth/reader", json={"display_name": " Layla\x07  H.\t"})
    assert renamed.status_code == 200 and renamed.json()["display_name"] == "Layla H."
    for bad, code in (("\x00", "invalid_characters"), ("  ", "invalid"), ("x" * 81, "too_long")):
        response = client.patch("/api/v1/auth/reader", json={"display_name": bad})
        assert_error(response, 422, code, "display_name")
    token = client.headers.pop("X-CSRF-Token")
    forged = client.patch("/api/v1/auth/reader", json={"display_name": "Mallory"})
    assert_error(forged, 403, "csrf_failed")
    client.headers["X-CSRF-Token"] = token
    assert client.get("/api/v1/auth/reader").json()["reader"]["display_name"] == "Layla H."
