"""The initial schema: branches, members, dreams, reviews, the bank, the factory, outbox, audit, dialogs.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                     nullable=False)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
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
        "branches", _id(),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("quorum", sa.String(32), nullable=False),
        sa.Column("stall_after_seconds", sa.Integer(), nullable=False),
        _pk("branches"), _uq("branches", "slug"))
    op.create_table(
        "members", _id(),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        _at("joined_at", nullable=True),
        _fk("members", "branch_id", "branches", "RESTRICT"), _pk("members"))
    _index("members", "branch_id")
    op.create_table(
        "identities", _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _fk("identities", "member_id", "members", "CASCADE"), _pk("identities"),
        _uq("identities", "platform", "external_id"))
    _index("identities", "member_id")
    op.create_table(
        "role_grants", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        _fk("role_grants", "branch_id", "branches", "CASCADE"), _fk("role_grants", "member_id", "members", "CASCADE"),
        _pk("role_grants"), _uq("role_grants", "branch_id", "member_id", "role"))
    _index("role_grants", "branch_id")
    _index("role_grants", "member_id")
    op.create_table(
        "dreams", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("needs", sa.String(200), nullable=False),
        sa.Column("needs_detail", sa.Text(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        _at("deposited_at"),
        _at("decided_at", nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        _fk("dreams", "branch_id", "branches", "RESTRICT"), _fk("dreams", "owner_id", "members", "RESTRICT"),
        _pk("dreams"))
    _index("dreams", "branch_id")
    _index("dreams", "owner_id")
    _index("dreams", "state")
    op.create_table(
        "reviews", _id(),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        _at("opened_at"),
        sa.Column("motivation", sa.Text(), nullable=False),
        _at("decided_at", nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("settled_by", sa.Integer(), nullable=True),
        _fk("reviews", "dream_id", "dreams", "CASCADE"), _fk("reviews", "branch_id", "branches", "RESTRICT"),
        _fk("reviews", "settled_by", "members", "SET NULL"), _pk("reviews"))
    _index("reviews", "dream_id")
    _index("reviews", "branch_id")
    op.create_table(
        "votes", _id(),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        _at("cast_at"),
        _fk("votes", "review_id", "reviews", "CASCADE"), _fk("votes", "voter_id", "members", "RESTRICT"),
        _pk("votes"), _uq("votes", "review_id", "voter_id"))
    _index("votes", "voter_id")
    op.create_table(
        "likes", _id(),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _at("at"),
        _fk("likes", "dream_id", "dreams", "CASCADE"), _fk("likes", "member_id", "members", "CASCADE"),
        _pk("likes"), _uq("likes", "dream_id", "member_id"))
    _index("likes", "member_id")
    op.create_table(
        "pledges", _id(),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        _at("at"),
        _fk("pledges", "dream_id", "dreams", "CASCADE"), _fk("pledges", "member_id", "members", "CASCADE"),
        _pk("pledges"))
    _index("pledges", "dream_id")
    _index("pledges", "member_id")
    op.create_table(
        "projects", _id(),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        _at("started_at"),
        sa.Column("state", sa.String(32), nullable=False),
        _at("closed_at", nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        _fk("projects", "dream_id", "dreams", "CASCADE"), _fk("projects", "branch_id", "branches", "RESTRICT"),
        _fk("projects", "lead_id", "members", "RESTRICT"), _pk("projects"), _uq("projects", "dream_id"))
    _index("projects", "branch_id")
    _index("projects", "lead_id")
    op.create_table(
        "team_members", _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        _fk("team_members", "project_id", "projects", "CASCADE"),
        _fk("team_members", "member_id", "members", "CASCADE"),
        _pk("team_members"), _uq("team_members", "project_id", "member_id"))
    _index("team_members", "member_id")
    op.create_table(
        "followers", _id(),
        sa.Column("dream_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _fk("followers", "dream_id", "dreams", "CASCADE"), _fk("followers", "member_id", "members", "CASCADE"),
        _pk("followers"), _uq("followers", "dream_id", "member_id"))
    _index("followers", "member_id")
    op.create_table(
        "project_updates", _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _at("at"),
        _fk("project_updates", "project_id", "projects", "CASCADE"),
        _fk("project_updates", "author_id", "members", "RESTRICT"), _pk("project_updates"))
    _index("project_updates", "project_id")
    _index("project_updates", "author_id")
    op.create_table(
        "notices", _id(),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        _json("params"),
        _at("created_at"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(32), nullable=True),
        _at("sent_at", nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _fk("notices", "member_id", "members", "CASCADE"), _fk("notices", "branch_id", "branches", "CASCADE"),
        _pk("notices"))
    _index("notices", "member_id")
    _index("notices", "status", "member_id")
    op.create_table(
        "audit", _id(),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        _at("at"),
        _json("detail"),
        _fk("audit", "branch_id", "branches", "RESTRICT"), _fk("audit", "actor_id", "members", "SET NULL"),
        _pk("audit"))
    _index("audit", "branch_id")
    _index("audit", "subject")
    op.create_table(
        "dialogs", _id(),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        _json("answers"),
        _json("context"),
        _json("previous"),
        sa.Column("pending_refusal", sa.String(64), nullable=True),
        sa.Column("nonce", sa.Integer(), nullable=False),
        _at("updated_at"),
        _fk("dialogs", "member_id", "members", "CASCADE"), _pk("dialogs"), _uq("dialogs", "member_id"))


def downgrade() -> None:
    for table in ("dialogs", "audit", "notices", "project_updates", "followers", "team_members", "projects",
                  "pledges", "likes", "votes", "reviews", "dreams", "role_grants", "identities", "members",
                  "branches"):
        op.drop_table(table)
