"""The community: pådriver applications and competences, events and answers, calls and sign-ups, newsletters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                     nullable=False, **kwargs)


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
    with op.batch_alter_table("branches") as batch:
        batch.add_column(_json("competences", server_default="[]"))
    with op.batch_alter_table("chat_links") as batch:
        batch.add_column(sa.Column("invite_link", sa.String(200), server_default="", nullable=False))

    op.create_table(
        "padrivere", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("other", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        _at("applied_at"),
        sa.Column("status", sa.String(16), nullable=False),
        _at("decided_at", nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        _fk("padrivere", "branch_id", "branches"),
        _fk("padrivere", "member_id", "members"),
        _fk("padrivere", "decided_by", "members", "SET NULL"),
        _pk("padrivere"),
        _uq("padrivere", "branch_id", "member_id"))
    _index("padrivere", "member_id")

    op.create_table(
        "padriver_competences", _id(),
        sa.Column("padriver_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("competence", sa.String(120), nullable=False),
        _fk("padriver_competences", "padriver_id", "padrivere"),
        _fk("padriver_competences", "branch_id", "branches"),
        _fk("padriver_competences", "member_id", "members"),
        _pk("padriver_competences"),
        _uq("padriver_competences", "padriver_id", "competence"))
    _index("padriver_competences", "member_id")
    _index("padriver_competences", "branch_id", "competence")

    op.create_table(
        "events", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        _at("starts_at"),
        _at("ends_at"),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        _at("deadline"),
        sa.Column("created_by", sa.Integer(), nullable=False),
        _at("created_at"),
        _at("cancelled_at", nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        _fk("events", "branch_id", "branches"),
        _fk("events", "created_by", "members", "RESTRICT"),
        _pk("events"))
    _index("events", "branch_id")

    op.create_table(
        "rsvps", _id(),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        _at("at"),
        sa.Column("seq", sa.Integer(), nullable=False),
        _fk("rsvps", "event_id", "events"),
        _fk("rsvps", "member_id", "members"),
        _pk("rsvps"),
        _uq("rsvps", "event_id", "member_id"))
    _index("rsvps", "member_id")
    _index("rsvps", "event_id", "seq")

    op.create_table(
        "calls", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("when", sa.String(200), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        _at("created_at"),
        sa.Column("status", sa.String(16), nullable=False),
        _fk("calls", "branch_id", "branches"),
        _fk("calls", "created_by", "members", "RESTRICT"),
        _pk("calls"))
    _index("calls", "branch_id")

    op.create_table(
        "call_competences", _id(),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("competence", sa.String(120), nullable=False),
        _fk("call_competences", "call_id", "calls"),
        _pk("call_competences"),
        _uq("call_competences", "call_id", "competence"))

    op.create_table(
        "call_signups", _id(),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _at("at"),
        _fk("call_signups", "call_id", "calls"),
        _fk("call_signups", "member_id", "members"),
        _pk("call_signups"),
        _uq("call_signups", "call_id", "member_id"))
    _index("call_signups", "member_id")

    op.create_table(
        "newsletters", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recipients", sa.String(64), nullable=False),
        _json("image"),
        _at("created_at"),
        _at("send_at", nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        _fk("newsletters", "branch_id", "branches"),
        _fk("newsletters", "author_id", "members", "RESTRICT"),
        _fk("newsletters", "broadcast_id", "broadcasts", "SET NULL"),
        _pk("newsletters"))
    _index("newsletters", "branch_id")
    _index("newsletters", "status", "send_at")


def downgrade() -> None:
    for table, indexes in (("newsletters", (("status", "send_at"), ("branch_id",))),
                           ("call_signups", (("member_id",),)),
                           ("call_competences", ()),
                           ("calls", (("branch_id",),)),
                           ("rsvps", (("event_id", "seq"), ("member_id",))),
                           ("events", (("branch_id",),)),
                           ("padriver_competences", (("branch_id", "competence"), ("member_id",))),
                           ("padrivere", (("member_id",),))):
        for columns in indexes:
            op.drop_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("chat_links") as batch:
        batch.drop_column("invite_link")
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("competences")
