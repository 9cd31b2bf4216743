"""Tables of the accounts domain: users, per-site roles, sign-in sessions, bans."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kibitz.db import Base, BigId, UtcDateTime, utcnow

ROLES = ("reader", "moderator", "admin")
BAN_KINDS = ("suspend", "ban", "shadow_ban")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('reader', 'moderator', 'admin')", name="role"),
        UniqueConstraint("sso_site_id", "sso_subject"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Stored lower-cased, so sign-in does not depend on how the address was typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # The global role; `SiteRole` grants a role on one site only.
    role: Mapped[str] = mapped_column(String(16), default="reader", server_default="reader")
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Readers: set when they followed the link mailed to them (or their site vouched, for SSO).
    email_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Opt-in e-mail on replies; sent only while the address is verified.
    notify_replies: Mapped[bool] = mapped_column(default=False, server_default=false())
    avatar_url: Mapped[str | None] = mapped_column(String(2000))
    # Single sign-on: the news site's own id for this reader (its `id` claim).
    sso_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    sso_subject: Mapped[str | None] = mapped_column(String(200))

    site_roles: Mapped[list[SiteRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class SiteRole(Base):
    __tablename__ = "site_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "site_id"),
        CheckConstraint("role IN ('reader', 'moderator', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))

    user: Mapped[User] = relationship(back_populates="site_roles")


class AuthSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its keyed hash."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())

    user: Mapped[User] = relationship(lazy="joined")


class Ban(Base):
    """A reader or account barred from posting on a site: until `expires_at` (suspend), for
    good (ban), or silently (shadow_ban: their comments are shown to them only)."""

    __tablename__ = "bans"
    __table_args__ = (
        CheckConstraint("kind IN ('suspend', 'ban', 'shadow_ban')", name="kind"),
        CheckConstraint("reader_hash IS NOT NULL OR user_id IS NOT NULL", name="target"),
        Index("ix_bans_site_id_reader_hash", "site_id", "reader_hash"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    reader_hash: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class SsoTokenUse(Base):
    """A single sign-on token already exchanged: its `jti` is kept until the token expires, so
    a token seen once is refused the second time (replay)."""

    __tablename__ = "sso_token_uses"
    __table_args__ = (UniqueConstraint("site_id", "jti"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    jti: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
