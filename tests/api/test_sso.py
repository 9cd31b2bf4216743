"""Single sign-on: HS256 and RS256 tokens become sessions; every kind of bad token is refused."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from kibitz.accounts import sso
from kibitz.db import transaction
from kibitz.sites import service as sites_service
from tests.api.helpers import SITE, SITE_ORIGIN, assert_error, get_page, post_comment

SECRET = "s" * 40
PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = (
    PRIVATE.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def configure(client: TestClient, **keys: str | None) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with transaction(factory) as session:
        site = sites_service.get_or_raise(session, key=SITE)
        sso.configure(
            session, site=site, secret=keys.get("secret"), public_key=keys.get("public_key")
        )
        site.commenters = "sso"


def token(key: Any = SECRET, alg: str = "HS256", **claims: Any) -> str:
    now = int(time.time())
    body = {
        "id": "u-42",
        "name": "Nadia",
        "email": "nadia@news.example",
        "aud": SITE,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
    } | claims
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm=alg)


def exchange(client: TestClient, value: str) -> Any:
    return client.post(
        "/api/v1/auth/sso", json={"site": SITE, "token": value}, headers={"Origin": SITE_ORIGIN}
    )


def test_hs256_token_signs_in_and_comments(client: TestClient) -> None:
    configure(client, secret=SECRET)
    guest = client.post("/api/v1/comments", json={"site": SITE, "thread": "t", "body": "x"})
    assert_error(guest, 403, "sign_in_required")
    answer = exchange(client, token())
    assert answer.status_code == 200, answer.text
    reader = answer.json()["reader"]
    assert reader["display_name"] == "Nadia" and reader["sso"] is True and reader["verified"]
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    post_comment(client, "Signed in by the news site.")
    assert get_page(client)["comments"][0]["author_name"] == "Nadia"


def test_rs256_token_and_the_same_account_next_time(client: TestClient) -> None:
    configure(client, public_key=PUBLIC_PEM)
    first = exchange(client, token(PRIVATE, "RS256")).json()["reader"]
    again = exchange(client, token(PRIVATE, "RS256", name="Nadia K.")).json()["reader"]
    assert first["id"] == again["id"] and again["display_name"] == "Nadia K."


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: token(exp=int(time.time()) - 120), "sso_expired"),
        (lambda: token()[:-3] + "abc", "sso_invalid"),
        (lambda: token(key="another secret of forty characters......"), "sso_invalid"),
        (lambda: token(aud="other-site"), "sso_wrong_site"),
        (lambda: token(jti=None), "sso_invalid"),
        (lambda: token(id=None), "sso_invalid"),
        (lambda: token(exp=int(time.time()) + 3600), "sso_invalid"),
        (lambda: token(PRIVATE, "RS256"), "sso_invalid"),  # no public key set
        (
            lambda: jwt.encode(
                {"id": "x", "aud": SITE, "exp": int(time.time()) + 60, "jti": "j"},
                "",
                algorithm="none",
            ),
            "sso_invalid",
        ),
        (lambda: "not a token", "sso_invalid"),
    ],
)
def test_bad_tokens_are_refused(client: TestClient, make: Any, code: str) -> None:
    configure(client, secret=SECRET)
    assert_error(exchange(client, make()), 401, code, field="token")


def test_a_replayed_token_is_refused(client: TestClient) -> None:
    configure(client, secret=SECRET)
    value = token()
    assert exchange(client, value).status_code == 200
    assert_error(exchange(client, value), 401, "sso_replayed")


def test_a_site_without_keys_and_a_foreign_origin(client: TestClient) -> None:
    assert_error(exchange(client, token()), 409, "sso_not_configured")
    configure(client, secret=SECRET)
    response = client.post(
        "/api/v1/auth/sso",
        json={"site": SITE, "token": token()},
        headers={"Origin": "https://evil.example"},
    )
    assert_error(response, 403, "origin_not_allowed")
