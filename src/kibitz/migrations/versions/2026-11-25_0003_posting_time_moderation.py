"""Posting-time moderation: per-site moderation settings, report weights and DSA notices,
comments hidden after reader reports, mutes, and the indexes an author's history needs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moderation", sa.JSON(), nullable=True))

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hidden_by_reports", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_comments_reader_hash_id", ["reader_hash", "id"], unique=False)

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weight", sa.Float(), server_default="1.0", nullable=False))
        batch_op.add_column(
            sa.Column(
                "statement_of_reasons_due", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.create_index("ix_reports_reader_hash_id", ["reader_hash", "id"], unique=False)

    op.create_table(
        "mutes",
        sa.Column("id", _ID, nullable=False),
        sa.Column("reader_hash", sa.String(length=64), nullable=False),
        sa.Column("muted_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mutes")),
        sa.UniqueConstraint(
            "reader_hash", "muted_hash", name=op.f("uq_mutes_reader_hash_muted_hash")
        ),
    )


def downgrade() -> None:
    op.drop_table("mutes")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_reader_hash_id")
        batch_op.drop_column("statement_of_reasons_due")
        batch_op.drop_column("weight")

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index("ix_comments_reader_hash_id")
        batch_op.drop_column("hidden_by_reports")

    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("moderation")
