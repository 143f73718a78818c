"""One entrance to the municipality: inquiries, their threads, the consultants' topics, and how a branch
assigns a new inquiry (in turn, or by topic).

Revision ID: 0019_entrance
Revises: 0018_funds
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019_entrance"
down_revision: str | None = "0018_funds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete="CASCADE")


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("inquiry_assignment", sa.String(16), server_default="round_robin",
                                   nullable=False))
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(60), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _at("asked_at"), _at("answered_at", True), _at("owner_reminded_at", True), _at("admin_reminded_at", True),
        _fk("inquiries", "branch_id", "branches"), _fk("inquiries", "asker_id", "members"),
        _fk("inquiries", "owner_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiries")))
    for column in ("branch_id", "asker_id", "owner_id"):
        _index("inquiries", column)
    op.create_table(
        "inquiry_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _at("at"),
        sa.Column("kind", sa.String(16), nullable=False),
        _fk("inquiry_entries", "inquiry_id", "inquiries"), _fk("inquiry_entries", "author_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_entries")))
    for column in ("inquiry_id", "author_id"):
        _index("inquiry_entries", column)
    op.create_table(
        "consultant_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("topics", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        _fk("consultant_topics", "branch_id", "branches"), _fk("consultant_topics", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultant_topics")),
        sa.UniqueConstraint("branch_id", "member_id", name=op.f("uq_consultant_topics_branch_id_member_id")))
    _index("consultant_topics", "member_id")


def downgrade() -> None:
    op.drop_table("consultant_topics")
    op.drop_table("inquiry_entries")
    op.drop_table("inquiries")
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("inquiry_assignment")
