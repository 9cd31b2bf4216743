"""Signing in and out: the session cookie, wrong passwords, CSRF, expiry, roles."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import update

from kibitz.accounts.models import AuthSession, User
from kibitz.db import transaction, utcnow
from tests.api.helpers import SITE, ClientFactory, assert_error
from tests.api.review_support import (
    MODERATOR,
    PASSWORD,
    factory_of,
    make_user,
    sign_in,
)


def _login(client: TestClient, email: str, password: str, **headers: str) -> Response:
    return client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers=headers
    )


def test_login_me_logout(client: TestClient) -> None:
    make_user(client, MODERATOR, "moderator")
    response = client.post(
        "/api/v1/auth/login", json={"email": "  MOD@News.Example.com ", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("kibitz_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in tests; https adds it
    body = response.json()
    assert body["user"]["email"] == MODERATOR
    assert body["user"]["role"] == "moderator"
    assert len(body["csrf_token"]) == 64

    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json() == body

    refused = client.post("/api/v1/auth/logout")  # no CSRF header
    assert_error(refused, 403, "csrf_failed")
    out = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert out.status_code == 204
    assert 'kibitz_session=""' in out.headers["set-cookie"]
    assert_error(client.get("/api/v1/auth/me"), 401, "not_signed_in")


def test_logout_forgets_the_token_server_side(client_factory: ClientFactory) -> None:
    first = client_factory()
    make_user(first, MODERATOR)
    csrf = sign_in(first)
    token = first.cookies["kibitz_session"]
    first.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    thief = client_factory()
    thief.cookies.set("kibitz_session", token)
    assert_error(thief.get("/api/v1/auth/me"), 401, "not_signed_in")


def test_wrong_password_unknown_user_and_disabled_user_look_alike(client: TestClient) -> None:
    make_user(client, MODERATOR)
    make_user(client, "gone@news.example.com")
    with transaction(factory_of(client)) as session:
        session.execute(
            update(User).where(User.email == "gone@news.example.com").values(disabled=True)
        )
    for email, password in (
        (MODERATOR, "not the password"),
        ("nobody@news.example.com", PASSWORD),
        ("gone@news.example.com", PASSWORD),
    ):
        response = _login(client, email, password)
        assert_error(response, 401, "invalid_credentials")
        assert response.json()["error"]["message"] == "wrong e-mail address or password"
        assert "set-cookie" not in response.headers


def test_unknown_user_costs_a_password_check(client: TestClient) -> None:
    """Timing-safe: an unknown address still runs argon2, so it is not much faster."""
    make_user(client, MODERATOR)

    def median_seconds(email: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            _login(client, email, "not the password")
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    known = median_seconds(MODERATOR)
    unknown = median_seconds("nobody@news.example.com")
    assert unknown > 0.5 * known, (unknown, known)


def test_login_from_another_origin_is_refused(client: TestClient) -> None:
    make_user(client, MODERATOR)
    response = _login(client, MODERATOR, PASSWORD, origin="https://evil.example")
    assert_error(response, 403, "origin_not_allowed")
    same = _login(client, MODERATOR, PASSWORD, origin="http://testserver")
    assert same.status_code == 200, same.text


def test_expired_session_is_signed_out(client: TestClient) -> None:
    make_user(client, MODERATOR)
    sign_in(client)
    with transaction(factory_of(client)) as session:
        session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert_error(client.get("/api/v1/auth/me"), 401, "not_signed_in")


def test_malformed_cookie_and_bad_input(client: TestClient) -> None:
    client.cookies.set("kibitz_session", "x" * 10)
    assert_error(client.get("/api/v1/auth/me"), 401, "not_signed_in")
    assert_error(client.post("/api/v1/auth/login", json={"email": "a"}), 422, "missing", "password")
    assert_error(
        client.post(
            "/api/v1/auth/login", content=b"{", headers={"content-type": "application/json"}
        ),
        400,
        "malformed_json",
    )


def test_site_roles_are_listed(client: TestClient) -> None:
    make_user(client, "local@news.example.com", "moderator", site=SITE)
    sign_in(client, "local@news.example.com")
    user = client.get("/api/v1/auth/me").json()["user"]
    assert user["role"] == "reader"
    assert user["sites"] == [{"site": SITE, "role": "moderator"}]


def test_session_cookie_is_secure_over_https(client: TestClient) -> None:
    make_user(client, MODERATOR)
    secure = TestClient(client.app, base_url="https://testserver")
    with secure:
        response = _login(secure, MODERATOR, PASSWORD)
        assert response.status_code == 200, response.text
        cookie = response.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
