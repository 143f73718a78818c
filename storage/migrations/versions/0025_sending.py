"""Sending: when a notice's send began, written before its request goes out, so that after a crash only the
notices whose send had begun are sent again as "possibly sent"; and a broadcast fanned out a chunk at a time,
the broadcast recording how far it got (the member id after which notices are still to be written, NULL when
every one is written) and the topic its email copies follow.

Revision ID: 0025_sending
Revises: 0024_digest
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_sending"
down_revision: str | None = "0024_digest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("fan_out_after", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("email_topic", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("email_topic")
        batch.drop_column("fan_out_after")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("started_at")
