"""Chats: branches' linked chats, posts to edit, handled updates, reachability, notices to chats.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_chat_links_branch_id_branches"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_links")),
        sa.UniqueConstraint("branch_id", "purpose", "platform", name=op.f("uq_chat_links_branch_id_purpose_platform")),
        sa.UniqueConstraint("platform", "chat_id", name=op.f("uq_chat_links_platform_chat_id")))
    op.create_index(op.f("ix_chat_links_branch_id"), "chat_links", ["branch_id"], unique=False)
    op.create_table(
        "processed_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processed_updates")),
        sa.UniqueConstraint("key", name=op.f("uq_processed_updates_key")))
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("platform", "chat_id", "topic", name=op.f("uq_posts_platform_chat_id_topic")))
    with op.batch_alter_table("identities") as batch:
        batch.add_column(sa.Column("reachable", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("notices") as batch:
        batch.alter_column("member_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("audience", sa.String(16), server_default="member", nullable=False))
        batch.add_column(sa.Column("topic", sa.String(64), server_default="", nullable=False))
        batch.add_column(sa.Column("message_id", sa.String(64), nullable=True))
        batch.create_index("ix_notices_status_audience", ["status", "audience"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_index("ix_notices_status_audience")
        batch.drop_column("message_id")
        batch.drop_column("topic")
        batch.drop_column("audience")
        batch.alter_column("member_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("identities") as batch:
        batch.drop_column("reachable")
    op.drop_table("posts")
    op.drop_table("processed_updates")
    op.drop_index(op.f("ix_chat_links_branch_id"), table_name="chat_links")
    op.drop_table("chat_links")
