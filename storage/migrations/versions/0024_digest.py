"""Members by branch and id: the digest walks a branch's members a page at a time in id order, and an index on
(branch_id, id) gives it exactly that branch's next page; it stands in for the index on branch_id alone, which
it covers.

Revision ID: 0024_digest
Revises: 0023_recusal
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024_digest"
down_revision: str | None = "0023_recusal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_members_branch_id_id"), "members", ["branch_id", "id"], unique=False)
    op.drop_index(op.f("ix_members_branch_id"), table_name="members")


def downgrade() -> None:
    op.create_index(op.f("ix_members_branch_id"), "members", ["branch_id"], unique=False)
    op.drop_index(op.f("ix_members_branch_id_id"), table_name="members")
