"""A branch's own settings that its admin changes in chat: the working days within which an inquiry is answered,
and its own wording of the three deposit criteria (none stored: the catalog's).

Revision ID: 0016_branches
Revises: 0015
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016_branches"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("response_days", sa.Integer(), server_default=sa.text("2"), nullable=False))
        batch.add_column(sa.Column("criteria", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                                                      "postgresql"),
                                   server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("criteria")
        batch.drop_column("response_days")
