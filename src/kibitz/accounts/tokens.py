"""Signed, expiring links for e-mails: verify an address, reset a password, unsubscribe.

A token is a JWT signed with the server's secret whose audience names its purpose, so a reset
link cannot verify an address and vice versa. A password-reset token also carries a fingerprint
of the current password hash: once the password changes, every older reset link is dead.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import jwt

from kibitz.db import utcnow
from kibitz.errors import InvalidInput

VERIFY = "kibitz:verify"
RESET = "kibitz:reset"
UNSUBSCRIBE = "kibitz:unsubscribe"
LIFETIMES = {
    VERIFY: timedelta(days=2),
    RESET: timedelta(hours=1),
    UNSUBSCRIBE: timedelta(days=365),
}


class TokenInvalid(InvalidInput):
    code = "token_invalid"


class TokenExpired(InvalidInput):
    code = "token_expired"


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _key(secret: str) -> str:
    # A key of its own, derived from the server secret (and long enough for HS256 whatever the
    # secret's length).
    return hashlib.sha256(f"kibitz-links:{secret}".encode()).hexdigest()


def issue(purpose: str, *, user_id: int, secret: str, extra: dict[str, Any] | None = None) -> str:
    now = utcnow()
    claims = {"sub": str(user_id), "aud": purpose, "iat": now, "exp": now + LIFETIMES[purpose]}
    return jwt.encode(claims | (extra or {}), _key(secret), algorithm="HS256")


def read(purpose: str, token: str, *, secret: str) -> dict[str, Any]:
    """The claims of a valid token for `purpose`, or `TokenExpired` / `TokenInvalid`."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _key(secret),
            algorithms=["HS256"],
            audience=purpose,
            options={"require": ["sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenExpired("this link has expired: ask for a new one", field="token") from None
    except jwt.InvalidTokenError:
        raise TokenInvalid("this link is not valid", field="token") from None
    return claims
