"""One person on several platforms: one-time codes that join a platform's identity to a member, kept hashed,
and the wrong codes typed, counted so that guessing is slow.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_link_codes_member_id_members"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_codes_code_hash")))
    op.create_index(op.f("ix_link_codes_member_id"), "link_codes", ["member_id"], unique=False)
    op.create_table(
        "wrong_link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(250), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wrong_link_codes")))
    op.create_index("ix_wrong_link_codes_identity_at", "wrong_link_codes", ["identity", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_wrong_link_codes_identity_at", table_name="wrong_link_codes")
    op.drop_table("wrong_link_codes")
    op.drop_index(op.f("ix_link_codes_member_id"), table_name="link_codes")
    op.drop_table("link_codes")
