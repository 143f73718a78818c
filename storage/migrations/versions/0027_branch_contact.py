"""A branch's contact: how residents reach it (an address, a phone number, a place), shown on its public pages;
empty for none.

Revision ID: 0027_branch_contact
Revises: 0026_public_names
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_branch_contact"
down_revision: str | None = "0026_public_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("contact", sa.String(300), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("contact")
