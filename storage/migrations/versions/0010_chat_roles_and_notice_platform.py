"""A chat opened by a platform's role (Discord's circle category), and the platform a member chose for notices.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_links") as batch:
        batch.add_column(sa.Column("role_id", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("notify_on", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("notify_on")
    with op.batch_alter_table("chat_links") as batch:
        batch.drop_column("role_id")
