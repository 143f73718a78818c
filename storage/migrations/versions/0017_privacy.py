"""A member may be erased: their row stays, without name or identity, so what they gave in public keeps its
counts; a branch says whether an erased owner's open dream is retracted or handed to its bank manager.

Revision ID: 0017_privacy
Revises: 0016_branches
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_privacy"
down_revision: str | None = "0016_branches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("erasure_hands_dreams", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("erased_at")
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("erasure_hands_dreams")
