"""Tables of the sites domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kibitz.db import Base, UtcDateTime, utcnow


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Moderation settings (`kibitz.sites.moderation.ModerationSettings.to_dict`); None: defaults.
    moderation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Who may comment: a comma list of `guests`, `accounts`, `sso` (kibitz.accounts.policy).
    commenters: Mapped[str] = mapped_column(
        String(40), default="guests,accounts", server_default="guests,accounts"
    )
    # Single sign-on: the HS256 shared secret and/or the RS256 public key (PEM) of the site.
    sso_secret: Mapped[str | None] = mapped_column(Text)
    sso_public_key: Mapped[str | None] = mapped_column(Text)

    origins: Mapped[list[SiteOrigin]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteOrigin.id"
    )


class SiteOrigin(Base):
    __tablename__ = "site_origins"
    __table_args__ = (UniqueConstraint("site_id", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    # Normalised `scheme://host[:port]`, as browsers send it in the Origin header.
    origin: Mapped[str] = mapped_column(String(255), index=True)

    site: Mapped[Site] = relationship(back_populates="origins")
