"""Recusal: the interests board members declare in a dream, which recuse them from its reviews.

Revision ID: 0022_recusal
Revises: 0021_plan
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_recusal"
down_revision: str | None = "0021_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dream_id"], ["dreams.id"], name=op.f("fk_interests_dream_id_dreams"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_interests_member_id_members"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interests")),
        sa.UniqueConstraint("dream_id", "member_id", name=op.f("uq_interests_dream_id_member_id")))
    op.create_index(op.f("ix_interests_member_id"), "interests", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_interests_member_id"), table_name="interests")
    op.drop_table("interests")
