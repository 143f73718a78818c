"""A partial index for each need, so the bank narrowed by a need reads only that need's dreams, its count too: the
need is matched by LIKE in the comma-separated list, which no other index serves, and with 100,000 dreams the
whole branch was read for each page (about 100 ms on PostgreSQL).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEEDS = ("time", "skills", "materials", "money", "venue", "other")


def _listed(need: str) -> str:
    """Word for word the bank's filter (storage.tables.dreams.needs_listed), so the planner matches the two."""
    return f"(',' || needs || ',') LIKE '%,{need},%'"


def upgrade() -> None:
    for need in NEEDS:
        where = sa.text(_listed(need))
        op.create_index(f"ix_dreams_bank_need_{need}", "dreams", ["branch_id", "state", "decided_at", "id"],
                        unique=False, postgresql_where=where, sqlite_where=where)


def downgrade() -> None:
    for need in NEEDS:
        op.drop_index(f"ix_dreams_bank_need_{need}", table_name="dreams")
