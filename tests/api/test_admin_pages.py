"""The /admin pages over HTTP: the login form and its CSRF, redirects, the queue and audit pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.api.review_support import (
    MODERATOR,
    PASSWORD,
    decide,
    make_comment,
    make_user,
    report,
    sign_in,
    verdict,
)


def _form_login(client: TestClient, email: str = MODERATOR, password: str = PASSWORD) -> Response:
    form = client.get("/admin/login")
    assert form.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/admin/login",
        data={"csrf": token.group(1), "email": email, "password": password},
        follow_redirects=False,
    )


def test_signed_out_goes_to_login(client: TestClient) -> None:
    for path in ("/admin", "/admin/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/admin/login"


def test_login_form_signs_in(client: TestClient) -> None:
    make_user(client, MODERATOR)
    page = client.get("/admin/login")
    assert "Sign in to moderate" in page.text
    assert '<label for="email">' in page.text and '<label for="password">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    response = _form_login(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"
    queue = client.get("/admin")
    assert queue.status_code == 200
    assert "Pending" in queue.text
    again = client.get("/admin/login", follow_redirects=False)
    assert again.status_code == 303


def test_login_form_refusals(client: TestClient) -> None:
    make_user(client, MODERATOR)
    wrong = _form_login(client, password="wrong password!")
    assert wrong.status_code == 401
    assert "Wrong e-mail address or password." in wrong.text
    client.cookies.clear()
    forged = client.post(
        "/admin/login",
        data={"csrf": "forged", "email": MODERATOR, "password": PASSWORD},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "kibitz_session" not in forged.headers.get("set-cookie", "")


def test_reader_account_cannot_open_the_dashboard(client: TestClient) -> None:
    make_user(client, "reader@example.com", "reader")
    sign_in(client, "reader@example.com")
    page = client.get("/admin")
    assert page.status_code == 403
    assert "cannot moderate" in page.text


def test_queue_page_shows_items_in_context(client: TestClient) -> None:
    make_user(client, MODERATOR)
    parent = make_comment(client, "The parent comment", status="published", author="Ann")
    comment_id = make_comment(
        client,
        "word <script>alert(1)</script>",
        parent_id=parent,
        author="Bob <b>",
        scores=verdict(profanity=0.91),
    )
    report(client, comment_id, "profanity", "reader-1")
    sign_in(client)
    page = client.get("/admin", params={"queue": "pending"})
    assert page.status_code == 200
    html = page.text
    assert f'id="c-{comment_id}"' in html
    assert 'data-rule="profanity"' in html
    assert "In reply to <strong>Ann</strong>" in html
    assert "Bob &lt;b&gt;" in html and "Bob <b>" not in html
    assert "<script>alert(1)</script>" not in html
    assert '<li class="flagged">' in html
    assert "fill w-90" in html
    assert '<mark class="rule-profanity" title="profanity">word</mark>' in html
    assert 'data-count="pending">1<' in html
    assert "Strikes in Iraq" in html
    filtered = client.get("/admin", params={"rule": "violence"})
    assert f'id="c-{comment_id}"' not in filtered.text
    stale = client.get("/admin", params={"cursor": "garbage"})
    assert stale.status_code == 200 and f'id="c-{comment_id}"' in stale.text


def test_audit_page_and_logout(client: TestClient) -> None:
    make_user(client, MODERATOR)
    comment_id = make_comment(client, "to reject")
    csrf = sign_in(client)
    decide(client, comment_id, action="reject", rule="spam", note="an ad")
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert "rule: spam; an ad" in page.text
    assert "status: pending → rejected" in page.text
    assert MODERATOR in page.text
    out = client.post("/admin/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/api/v1/auth/me").status_code == 401
