"""Reply notifications: the e-mail a reader asked for when someone answers them.

Only to an address its owner verified and only while they opted in, so Kibitz can never be used
to mail strangers. Each mail carries a one-click unsubscribe (RFC 8058: `List-Unsubscribe` and
`List-Unsubscribe-Post`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kibitz.accounts import readers
from kibitz.accounts.mail import Mail
from kibitz.accounts.models import User
from kibitz.comments.models import Comment

EXCERPT_CHARS = 300


def reply_mail(session: Session, *, reply: Comment, base_url: str, secret: str) -> Mail | None:
    """The notification a published reply earns its parent's author, or None."""
    if reply.parent_id is None or reply.status != "published":
        return None
    parent = session.get(Comment, reply.parent_id)
    if parent is None or parent.user_id is None or parent.user_id == reply.user_id:
        return None
    user = session.get(User, parent.user_id)
    if user is None or not user.notify_replies or user.email_verified_at is None or user.disabled:
        return None
    token = readers.unsubscribe_token(user, secret=secret)
    unsubscribe = f"{base_url}/api/v1/auth/unsubscribe?token={token}"
    name = reply.author_name or "Someone"
    excerpt = reply.body[:EXCERPT_CHARS] + ("…" if len(reply.body) > EXCERPT_CHARS else "")
    where = reply.thread.url or reply.thread.title or reply.thread.key
    text = (
        f"{name} replied to your comment on {where}:\n\n{excerpt}\n\n"
        f"Stop these e-mails: {unsubscribe}\n"
    )
    return Mail(
        to=user.email,
        subject=f"{name} replied to your comment",
        text=text,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def verification_mail(user: User, *, base_url: str, secret: str) -> Mail:
    token = readers.verification_token(user, secret=secret)
    link = f"{base_url}/auth/verify?token={token}"
    return Mail(
        to=user.email,
        subject="Confirm your e-mail address",
        text=f"Confirm the address of your comments account: {link}\n\n"
        "If you did not sign up, ignore this e-mail.\n",
    )


def reset_mail(user: User, token: str, *, base_url: str) -> Mail:
    link = f"{base_url}/auth/reset?token={token}"
    return Mail(
        to=user.email,
        subject="Reset your password",
        text=f"Choose a new password within the hour: {link}\n\n"
        "If you did not ask for this, ignore this e-mail: your password stays as it was.\n",
    )
