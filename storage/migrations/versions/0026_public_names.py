"""Public names: whether a member lets the public web pages (and the feeds and open data made from them) show
their name beside what they do in a project; without it a visitor reads "a member of the team".

Revision ID: 0026_public_names
Revises: 0025_sending
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_public_names"
down_revision: str | None = "0025_sending"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member_preferences") as batch:
        batch.add_column(sa.Column("name_public", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("member_preferences") as batch:
        batch.drop_column("name_public")
