"""Indexes for a country's size: the digest's page of a branch's members, read from indexes at a million members
rather than by a scan of every member's preferences (the chat's and the bank's hot queries had theirs already).

Revision ID: 0024_scale_indexes
Revises: 0023_recusal
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024_scale_indexes"
down_revision: str | None = "0023_recusal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index, table, columns): each mirrored in its table's class in storage/tables
INDEXES = [
    # the digest's keyset page of a branch's members, by id: read in order, a page at a time
    ("ix_members_branch_id_id", "members", ["branch_id", "id"]),
    # and those of them who chose a frequency, read by it rather than by a scan of every member's preferences
    ("ix_member_preferences_digest_member_id", "member_preferences", ["digest", "member_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
