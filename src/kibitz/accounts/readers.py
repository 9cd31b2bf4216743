"""Reader accounts: sign up, verify the address, reset the password, name and notifications.

A signed-in reader acts under a reader hash derived from their account (`account_reader_hash`),
so everything keyed by reader — authorship, votes, reports, trust, bans — follows the account
across browsers and devices. No web imports; the caller owns the transaction and sends the mail.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from kibitz.accounts import service, tokens
from kibitz.accounts.models import AuthSession, User
from kibitz.comments.service import hash_secret
from kibitz.comments.validation import check_text, clean_name
from kibitz.db import utcnow
from kibitz.errors import Conflict, InvalidInput

MAX_DISPLAY_NAME = 80


class NotVerified(Conflict):
    code = "email_not_verified"


def account_reader_hash(user_id: int, *, secret: str) -> str:
    return hash_secret(f"user:{user_id}", secret=secret)


def clean_display_name(name: str) -> str:
    """Cleaned as comment authors' names are (no control characters, nothing PostgreSQL cannot
    store, runs of spaces collapsed), then held to the account's length."""
    check_text(name, field="display_name")
    cleaned = clean_name(name, max_chars=len(name))
    if not cleaned:
        raise InvalidInput("a display name cannot be empty", field="display_name")
    if len(cleaned) > MAX_DISPLAY_NAME:
        raise InvalidInput(
            f"a display name has at most {MAX_DISPLAY_NAME} characters",
            field="display_name",
            code="too_long",
        )
    return cleaned


def sign_up(session: Session, *, email: str, password: str, display_name: str) -> User:
    """A new reader account, unverified until the mailed link is followed."""
    return service.create_user(
        session,
        email=email,
        password=password,
        role="reader",
        display_name=clean_display_name(display_name),
    )


def verification_token(user: User, *, secret: str) -> str:
    extra = {"email": tokens.fingerprint(user.email)}
    return tokens.issue(tokens.VERIFY, user_id=user.id, secret=secret, extra=extra)


def verify_email(session: Session, *, token: str, secret: str) -> User:
    claims = tokens.read(tokens.VERIFY, token, secret=secret)
    user = session.get(User, int(claims["sub"]))
    # The link verifies the address it was sent to, not one the account changed to since.
    if user is None or claims.get("email") != tokens.fingerprint(user.email):
        raise tokens.TokenInvalid("this link is not valid", field="token")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        session.flush()
    return user


def reset_token(session: Session, *, email: str, secret: str) -> tuple[User, str] | None:
    """A reset link for an existing password account; None otherwise (the caller answers the
    same either way, so the endpoint does not tell who has an account)."""
    user = service.get_by_email(session, email=email)
    if user is None or user.disabled or user.sso_site_id is not None:
        return None
    extra = {"pw": tokens.fingerprint(user.password_hash)}
    return user, tokens.issue(tokens.RESET, user_id=user.id, secret=secret, extra=extra)


def reset_password(session: Session, *, token: str, password: str, secret: str) -> User:
    """Set a new password from a reset link; the link works once and every session ends."""
    claims = tokens.read(tokens.RESET, token, secret=secret)
    user = session.get(User, int(claims["sub"]))
    if user is None or claims.get("pw") != tokens.fingerprint(user.password_hash):
        raise tokens.TokenInvalid("this link was already used or is not valid", field="token")
    user.password_hash = service.hash_password(service.check_password(password))
    # Following the mailed link proves the address too.
    user.email_verified_at = user.email_verified_at or utcnow()
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    session.flush()
    return user


def update_profile(
    session: Session, *, user: User, display_name: str | None, notify_replies: bool | None
) -> User:
    if display_name is not None:
        user.display_name = clean_display_name(display_name)
    if notify_replies is not None:
        if notify_replies and user.email_verified_at is None:
            raise NotVerified(
                "verify your e-mail address before asking for reply e-mails",
                field="notify_replies",
            )
        user.notify_replies = notify_replies
    session.flush()
    return user


def unsubscribe(session: Session, *, token: str, secret: str) -> User:
    claims = tokens.read(tokens.UNSUBSCRIBE, token, secret=secret)
    user = session.get(User, int(claims["sub"]))
    if user is None:
        raise tokens.TokenInvalid("this link is not valid", field="token")
    user.notify_replies = False
    session.flush()
    return user


def unsubscribe_token(user: User, *, secret: str) -> str:
    return tokens.issue(tokens.UNSUBSCRIBE, user_id=user.id, secret=secret)
