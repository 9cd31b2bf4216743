"""Single sign-on: the news site signs a short-lived JWT for its signed-in reader and the widget
trades it for a Kibitz session.

The token is HS256 with the site's shared secret or RS256 with the site's key pair (Kibitz holds
the public key). Claims: `id` (the site's own user id, required), `name`, `email`, `avatar`,
`aud` = the site's key, `exp` (at most `MAX_LIFETIME` ahead) and `jti` (kept until `exp`, so a
token is accepted once). Every refusal names its cause.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kibitz.accounts import service
from kibitz.accounts.models import SsoTokenUse, User
from kibitz.db import utcnow
from kibitz.errors import Conflict, InvalidInput, Unauthorized
from kibitz.sites.models import Site

MAX_LIFETIME = timedelta(minutes=10)
LEEWAY_SECONDS = 30
UNUSABLE_PASSWORD = "!sso"  # not an argon2 hash: password sign-in can never match it


class SsoNotConfigured(Conflict):
    code = "sso_not_configured"


class SsoRefused(Unauthorized):
    code = "sso_invalid"


class SsoExpired(SsoRefused):
    code = "sso_expired"


class SsoWrongSite(SsoRefused):
    code = "sso_wrong_site"


class SsoReplayed(SsoRefused):
    code = "sso_replayed"


def configure(session: Session, *, site: Site, secret: str | None, public_key: str | None) -> Site:
    """Set (or with "" clear) the site's HS256 secret and RS256 public key (PEM)."""
    if secret is not None:
        if secret and len(secret) < 32:
            raise InvalidInput("an SSO secret needs at least 32 characters", field="secret")
        site.sso_secret = secret or None
    if public_key is not None:
        if public_key:
            try:
                key = serialization.load_pem_public_key(public_key.encode())
            except (ValueError, TypeError):
                key = None
            if not isinstance(key, rsa.RSAPublicKey):
                raise InvalidInput("not an RSA public key in PEM", field="public_key")
        site.sso_public_key = public_key or None
    session.flush()
    return site


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _key_for(site: Site, token: str) -> tuple[str, str]:
    if not (site.sso_secret or site.sso_public_key):
        raise SsoNotConfigured(f"site {site.key!r} has no single sign-on key", field="site")
    try:
        alg = jwt.get_unverified_header(token).get("alg")
    except jwt.InvalidTokenError:
        raise SsoRefused("the sign-on token is malformed", field="token") from None
    # The key decides the algorithm, never the token: no HS256-with-the-public-key confusion.
    if alg == "HS256" and site.sso_secret:
        return site.sso_secret, alg
    if alg == "RS256" and site.sso_public_key:
        return site.sso_public_key, alg
    raise SsoRefused(f"this site does not accept {alg!r} sign-on tokens", field="token")


def verify(site: Site, token: str, *, now: datetime | None = None) -> dict[str, Any]:
    """The claims of a valid token for `site`, or the reason it is refused."""
    key, alg = _key_for(site, token)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=site.key,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "jti", "id", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise SsoExpired("the sign-on token has expired", field="token") from None
    except jwt.InvalidAudienceError:
        raise SsoWrongSite(
            f"the sign-on token is not for site {site.key!r}", field="token"
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise SsoRefused(
            f"the sign-on token lacks the {exc.claim!r} claim", field="token"
        ) from None
    except jwt.InvalidSignatureError:
        raise SsoRefused("the sign-on token's signature is wrong", field="token") from None
    except jwt.InvalidTokenError as exc:
        raise SsoRefused(f"the sign-on token is not valid: {exc}", field="token") from None
    expires = datetime.fromtimestamp(int(claims["exp"]), tz=(now or utcnow()).tzinfo)
    if expires - (now or utcnow()) > MAX_LIFETIME + timedelta(seconds=LEEWAY_SECONDS):
        raise SsoRefused("a sign-on token may live at most 10 minutes", field="token")
    if not str(claims["id"]).strip() or len(str(claims["id"])) > 200:
        raise SsoRefused("the sign-on token's id claim is empty or too long", field="token")
    return claims


def _remember_jti(session: Session, site: Site, claims: dict[str, Any]) -> None:
    jti = str(claims["jti"])[:200]
    now = utcnow()
    session.execute(delete(SsoTokenUse).where(SsoTokenUse.expires_at < now))
    used = select(SsoTokenUse.id).where(SsoTokenUse.site_id == site.id, SsoTokenUse.jti == jti)
    if session.scalar(used) is not None:
        raise SsoReplayed("this sign-on token was already used", field="token")
    expires = datetime.fromtimestamp(int(claims["exp"]) + LEEWAY_SECONDS, tz=now.tzinfo)
    session.add(SsoTokenUse(site_id=site.id, jti=jti, expires_at=expires))
    session.flush()


def _text(claims: dict[str, Any], name: str, limit: int) -> str | None:
    value = claims.get(name)
    return str(value).strip()[:limit] or None if value is not None else None


def sign_in(session: Session, *, site: Site, token: str) -> User:
    """The account behind a valid token: created on first sign-in, updated from the claims."""
    claims = verify(site, token)
    _remember_jti(session, site, claims)
    subject = str(claims["id"]).strip()
    query = select(User).where(User.sso_site_id == site.id, User.sso_subject == subject)
    user = session.scalars(query).one_or_none()
    email = service.normalize_email(_text(claims, "email", 254) or "")
    if user is None:
        user = User(
            email=f"sso-{site.id}-{secrets.token_hex(8)}@sso.invalid",
            password_hash=UNUSABLE_PASSWORD,
            sso_site_id=site.id,
            sso_subject=subject,
        )
        session.add(user)
    user.display_name = _text(claims, "name", 80) or user.display_name or "Reader"
    avatar = _text(claims, "avatar", 2000)
    user.avatar_url = avatar if avatar and avatar.startswith("https://") else None
    if email and email != user.email and service.get_by_email(session, email=email) is None:
        user.email = email
        user.email_verified_at = utcnow()  # the news site vouches for its readers' addresses
    session.flush()
    return user
