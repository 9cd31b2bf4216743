"""Who may post on a site: the site's choice of commenters, and the bans in force.

A site lets comment any mix of `guests` (name and e-mail, no account), `accounts` (Kibitz reader
accounts) and `sso` (readers signed in through the news site's own login). The posting path calls
`check_may_post` before anything is stored; bans are read from the database on every post, so a
ban takes effect at once in every process.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kibitz.accounts import bans
from kibitz.accounts.models import User
from kibitz.errors import Forbidden, InvalidInput
from kibitz.sites.models import Site

COMMENTER_KINDS = ("guests", "accounts", "sso")
KIND_NAMES = {"guests": "guests", "accounts": "Kibitz accounts", "sso": "the site's own login"}


class SignInRequired(Forbidden):
    code = "sign_in_required"


class Banned(Forbidden):
    code = "banned"


class Suspended(Forbidden):
    code = "suspended"


@dataclass(frozen=True, slots=True)
class Poster:
    """Who posts: a guest's reader hash, or an account (and the reader hash derived from it)."""

    reader_hash: str
    user: User | None = None


def parse_commenters(text: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in COMMENTER_KINDS]
    if unknown or not kinds:
        raise InvalidInput(
            f"commenters are a mix of {', '.join(COMMENTER_KINDS)}", field="commenters"
        )
    return kinds


def commenters(site: Site) -> tuple[str, ...]:
    try:
        return parse_commenters(site.commenters or "guests")
    except InvalidInput:
        return ("accounts",)  # a damaged setting fails towards the stricter choice


def set_commenters(session: Session, *, site: Site, kinds: str) -> Site:
    site.commenters = ",".join(parse_commenters(kinds))
    session.flush()
    return site


def kind_of(site: Site, user: User | None) -> str:
    if user is None:
        return "guests"
    if user.sso_site_id is not None:
        return "sso" if user.sso_site_id == site.id else "other_sso"
    return "accounts"


def check_may_post(session: Session, *, site: Site, poster: Poster) -> str | None:
    """Refuse a poster the site does not let comment or who is banned; returns "shadow_ban" when
    the comment should be stored but shown to its author only, else None."""
    allowed = commenters(site)
    moderating = poster.user is not None and poster.user.role in ("moderator", "admin")
    if kind_of(site, poster.user) not in allowed and not moderating:
        names = " or ".join(KIND_NAMES[k] for k in allowed)
        raise SignInRequired(f"on this site only {names} may comment: sign in first")
    ban = bans.active_ban(
        session,
        site_id=site.id,
        reader_hash=poster.reader_hash,
        user_id=poster.user.id if poster.user else None,
    )
    if ban is None:
        return None
    if ban.kind == "ban":
        raise Banned("you may no longer comment on this site")
    if ban.kind == "suspend":
        until = f" until {ban.expires_at:%Y-%m-%d %H:%M} UTC" if ban.expires_at else ""
        raise Suspended(f"you may not comment on this site{until}")
    return "shadow_ban"
