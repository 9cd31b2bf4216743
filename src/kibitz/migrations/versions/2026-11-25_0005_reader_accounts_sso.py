"""Reader accounts, single sign-on and defences: verified addresses, reply notifications, SSO
identities and keys, who may comment per site, comments linked to accounts, used SSO token ids.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("notify_replies", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("avatar_url", sa.String(length=2000)))
        batch_op.add_column(sa.Column("sso_site_id", sa.Integer()))
        batch_op.add_column(sa.Column("sso_subject", sa.String(length=200)))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_sso_site_id_sites"),
            "sites",
            ["sso_site_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_sso_site_id_sso_subject"), ["sso_site_id", "sso_subject"]
        )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "commenters",
                sa.String(length=40),
                server_default="guests,accounts",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("sso_secret", sa.Text()))
        batch_op.add_column(sa.Column("sso_public_key", sa.Text()))
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", BIG_ID))
        batch_op.create_foreign_key(
            batch_op.f("fk_comments_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_comments_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_created_at"), ["created_at"], unique=False)
    op.create_table(
        "sso_token_uses",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("jti", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_sso_token_uses_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_token_uses")),
        sa.UniqueConstraint("site_id", "jti", name=op.f("uq_sso_token_uses_site_id_jti")),
    )


def downgrade() -> None:
    op.drop_table("sso_token_uses")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_created_at"))
        batch_op.drop_index(batch_op.f("ix_comments_user_id"))
        batch_op.drop_constraint(batch_op.f("fk_comments_user_id_users"), type_="foreignkey")
        batch_op.drop_column("user_id")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("sso_public_key")
        batch_op.drop_column("sso_secret")
        batch_op.drop_column("commenters")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_sso_site_id_sso_subject"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_users_sso_site_id_sites"), type_="foreignkey")
        for column in (
            "sso_subject",
            "sso_site_id",
            "avatar_url",
            "notify_replies",
            "email_verified_at",
        ):
            batch_op.drop_column(column)
