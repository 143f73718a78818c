"""Each stored dialog names its instance, so a button of an ended dialog cannot drive a later one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dialogs") as batch:
        batch.add_column(sa.Column("instance", sa.String(16), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("dialogs") as batch:
        batch.drop_column("instance")
