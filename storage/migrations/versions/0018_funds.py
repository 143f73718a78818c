"""Funds and pools a branch's staff register, with their themes, amounts, last day to apply and link.

Revision ID: 0018_funds
Revises: 0017_privacy
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_funds"
down_revision: str | None = "0017_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "funds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("giver", sa.String(200), nullable=False),
        sa.Column("themes", sa.String(400), nullable=False),
        sa.Column("amount_min", sa.BigInteger(), nullable=True),
        sa.Column("amount_max", sa.BigInteger(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_funds_branch_id_branches"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["members.id"], name=op.f("fk_funds_created_by_members"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funds")))
    op.create_index(op.f("ix_funds_branch_id"), "funds", ["branch_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_funds_branch_id"), table_name="funds")
    op.drop_table("funds")
