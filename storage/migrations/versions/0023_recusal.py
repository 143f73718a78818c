"""Recusal and a branch's fund reminders: the interests board members declare in a dream, which recuse them from
its reviews; and the days before a fund's deadline when a branch's owners are reminded (14 and 3 until its admin
chooses others).

Revision ID: 0023_recusal
Revises: 0022_needs
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0023_recusal"
down_revision: str | None = "0022_needs"
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
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("fund_reminder_days",
                                   sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                                   server_default="[14, 3]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("fund_reminder_days")
    op.drop_index(op.f("ix_interests_member_id"), table_name="interests")
    op.drop_table("interests")
