"""A project's plan: roles, resources, the situation and the goal, costs and funding, and tasks, one line each;
and the events linked to a project: its opening meeting and courses building competence.

Revision ID: 0021_plan
Revises: 0020_talk
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_plan"
down_revision: str | None = "0020_talk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_plan_parts_{column}_{target}"),
                                   ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "plan_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        _fk("project_id", "projects", "CASCADE"), _fk("member_id", "members", "RESTRICT"),
        _fk("pledge_id", "pledges", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_parts")))
    op.create_index(op.f("ix_plan_parts_project_id"), "plan_parts", ["project_id"], unique=False)
    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("link", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_project_events_project_id_projects"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_project_events_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_events")),
        sa.UniqueConstraint("project_id", "event_id", name=op.f("uq_project_events_project_id_event_id")))
    op.create_index(op.f("ix_project_events_event_id"), "project_events", ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_project_events_event_id"), table_name="project_events")
    op.drop_table("project_events")
    op.drop_index(op.f("ix_plan_parts_project_id"), table_name="plan_parts")
    op.drop_table("plan_parts")
