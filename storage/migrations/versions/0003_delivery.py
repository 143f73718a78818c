"""Delivery: retry times and claims on notices, and broadcasts that fan out in the database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("params", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("audience", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_broadcasts_branch_id_branches"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["members.id"], name=op.f("fk_broadcasts_created_by_members"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")))
    op.create_index(op.f("ix_broadcasts_branch_id"), "broadcasts", ["branch_id"], unique=False)
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("broadcast_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_notices_broadcast_id_broadcasts"), "broadcasts", ["broadcast_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index(op.f("ix_notices_broadcast_id"), ["broadcast_id"], unique=False)
        batch.create_index("ix_notices_status_next_attempt_at", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_index("ix_notices_status_next_attempt_at")
        batch.drop_index(op.f("ix_notices_broadcast_id"))
        batch.drop_constraint(op.f("fk_notices_broadcast_id_broadcasts"), type_="foreignkey")
        batch.drop_column("broadcast_id")
        batch.drop_column("claimed_at")
        batch.drop_column("next_attempt_at")
    op.drop_index(op.f("ix_broadcasts_branch_id"), table_name="broadcasts")
    op.drop_table("broadcasts")
