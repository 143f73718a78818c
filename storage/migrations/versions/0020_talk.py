"""Talking it over: comments on dreams and topics with replies, topics and their supporters, reports of
comments for the bank manager, and mutes of members whose comments were hidden.

Revision ID: 0020_talk
Revises: 0019_entrance
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_talk"
down_revision: str | None = "0019_entrance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _at(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _ref(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete=ondelete)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    op.create_table(
        "topics", _id(), _ref("branch_id"), _ref("author_id"),
        sa.Column("title", sa.String(200), nullable=False), sa.Column("text", sa.Text(), nullable=False),
        _at("at"), _ref("dream_id", True),
        _fk("topics", "branch_id", "branches"), _fk("topics", "author_id", "members", "RESTRICT"),
        _fk("topics", "dream_id", "dreams", "SET NULL"), _pk("topics"))
    _index("topics", "branch_id")
    _index("topics", "author_id")

    op.create_table(
        "topic_supporters", _id(), _ref("topic_id"), _ref("member_id"),
        _fk("topic_supporters", "topic_id", "topics"), _fk("topic_supporters", "member_id", "members"),
        _pk("topic_supporters"), _uq("topic_supporters", "topic_id", "member_id"))
    _index("topic_supporters", "member_id")

    op.create_table(
        "comments", _id(), _ref("branch_id"), _ref("author_id"), sa.Column("text", sa.Text(), nullable=False),
        _at("at"), _ref("dream_id", True), _ref("topic_id", True), _ref("reply_to", True),
        sa.Column("source", sa.String(32), nullable=False), _flag("hidden"),
        sa.Column("hidden_reason", sa.Text(), nullable=False), _ref("hidden_by", True),
        _fk("comments", "branch_id", "branches"), _fk("comments", "author_id", "members", "RESTRICT"),
        _fk("comments", "dream_id", "dreams"), _fk("comments", "topic_id", "topics"),
        _fk("comments", "reply_to", "comments"), _fk("comments", "hidden_by", "members", "SET NULL"),
        _pk("comments"))
    for column in ("branch_id", "author_id", "dream_id", "topic_id"):
        _index("comments", column)

    op.create_table(
        "comment_reports", _id(), _ref("branch_id"), _ref("comment_id"), _ref("member_id"), _at("at"),
        _flag("handled"),
        _fk("comment_reports", "branch_id", "branches"), _fk("comment_reports", "comment_id", "comments"),
        _fk("comment_reports", "member_id", "members"), _pk("comment_reports"),
        _uq("comment_reports", "comment_id", "member_id"))
    _index("comment_reports", "branch_id")
    _index("comment_reports", "member_id")

    op.create_table(
        "mutes", _id(), _ref("branch_id"), _ref("member_id"), _at("until"), _ref("by", True),
        sa.Column("reason", sa.Text(), nullable=False), _at("at"),
        _fk("mutes", "branch_id", "branches"), _fk("mutes", "member_id", "members"),
        _fk("mutes", "by", "members", "SET NULL"), _pk("mutes"))
    _index("mutes", "member_id")


def downgrade() -> None:
    for table in ("mutes", "comment_reports", "comments", "topic_supporters", "topics"):
        op.drop_table(table)
