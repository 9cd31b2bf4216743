"""Users, passwords, sign-in sessions and who may moderate which site.

No web imports: the web layer turns a cookie into a token and calls `user_for_token`. Functions
flush but never commit; the caller owns the transaction.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kibitz.accounts.models import ROLES, AuthSession, SiteRole, User
from kibitz.comments.service import hash_secret
from kibitz.db import utcnow
from kibitz.errors import Conflict, InvalidInput, Unauthorized
from kibitz.sites.models import Site

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 hashes anything, but a megabyte "password" is a DoS
MODERATING_ROLES = ("moderator", "admin")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{1,63}$")


class UserExists(Conflict):
    code = "user_exists"


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"


@dataclass(frozen=True, slots=True)
class ModeratorScope:
    """The sites a user may moderate: every site, or those their site roles name."""

    all_sites: bool
    site_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return self.all_sites or bool(self.site_ids)

    def covers(self, site_id: int) -> bool:
        return self.all_sites or site_id in self.site_ids


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("kibitz: a password nobody has")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"a password needs at least {MIN_PASSWORD_CHARS} characters", field="password"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput("that password is too long", field="password", code="too_long")
    return password


def get_by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalize_email(email))).one_or_none()


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str = "reader",
    display_name: str = "",
    site: Site | None = None,
) -> User:
    """A new account; with `site`, `role` applies to that site only (the global role: reader)."""
    address = normalize_email(email)
    if not _EMAIL.match(address):
        raise InvalidInput("that is not an e-mail address", field="email", code="invalid_email")
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", field="role")
    if get_by_email(session, email=address) is not None:
        raise UserExists(f"a user {address!r} already exists", field="email")
    user = User(
        email=address,
        display_name=display_name.strip()[:80] or address.split("@")[0],
        password_hash=hash_password(check_password(password)),
        role="reader" if site is not None else role,
    )
    if site is not None:
        user.site_roles = [SiteRole(site_id=site.id, role=role)]
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.email)).all()


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The user these credentials name, or `InvalidCredentials`, in about the same time either way.

    An unknown address still costs one argon2 verification (of a dummy hash), so response times
    do not tell an attacker which addresses have accounts.
    """
    user = get_by_email(session, email=email)
    if user is None:
        verify_password(_dummy_hash(), password)
        raise InvalidCredentials("wrong e-mail address or password")
    if not verify_password(user.password_hash, password) or user.disabled:
        raise InvalidCredentials("wrong e-mail address or password")
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def start_session(session: Session, *, user: User, secret: str) -> str:
    """A new sign-in session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AuthSession(
            user_id=user.id,
            token_hash=hash_secret(token, secret=secret),
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    # Sweep this user's expired sessions while we are here, so the table does not grow forever.
    session.execute(
        delete(AuthSession).where(AuthSession.user_id == user.id, AuthSession.expires_at < now)
    )
    session.flush()
    return token


def user_for_token(session: Session, *, token: str, secret: str) -> User | None:
    """The signed-in user behind a session token, if the session is live and the user enabled."""
    query = select(AuthSession).where(AuthSession.token_hash == hash_secret(token, secret=secret))
    found = session.scalars(query).one_or_none()
    if found is None or found.expires_at <= utcnow() or found.user.disabled:
        return None
    return found.user


def end_session(session: Session, *, token: str, secret: str) -> None:
    token_hash = hash_secret(token, secret=secret)
    session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))
    session.flush()


def csrf_token(token: str, *, secret: str) -> str:
    """The CSRF token of one session: derived from it, so nothing more needs storing."""
    return hash_secret(f"csrf:{token}", secret=secret)


def csrf_valid(token: str, presented: str | None, *, secret: str) -> bool:
    return presented is not None and hmac.compare_digest(
        csrf_token(token, secret=secret), presented
    )


def moderator_scope(user: User) -> ModeratorScope:
    return ModeratorScope(
        all_sites=user.role in MODERATING_ROLES,
        site_ids=frozenset(r.site_id for r in user.site_roles if r.role in MODERATING_ROLES),
    )
