"""A dream's picture, kept in the database and served by the portal itself: its pages load images only from the
bank, and a picture is backed up, restored and removed with its dream.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pictures",
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dream_id"], ["dreams.id"], name=op.f("fk_pictures_dream_id_dreams"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dream_id", name=op.f("pk_pictures")))


def downgrade() -> None:
    op.drop_table("pictures")
