"""Scheduled work: digest times, members' preferences, email notices, jobs done once, APScheduler's job store.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _number(name: str, default: int) -> sa.Column:
    return sa.Column(name, sa.Integer(), server_default=sa.text(str(default)), nullable=False)


def _flag(name: str, default: bool) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default=sa.true() if default else sa.false(), nullable=False)


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(_number("digest_weekday", 0))
        batch.add_column(_number("digest_hour", 9))
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("via", sa.String(32), nullable=True))
        batch.add_column(sa.Column("address", sa.String(320), nullable=True))
        # a mail's Message-ID is longer than a chat message's number
        batch.alter_column("message_id", existing_type=sa.String(64), type_=sa.String(255), existing_nullable=True)
        batch.create_index("ix_notices_status_via", ["status", "via"], unique=False)

    op.create_table(
        "member_preferences",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(16), nullable=False),
        _flag("digest_in_chat", True),
        _flag("digest_by_email", False),
        _flag("newsletters_by_email", False),
        _flag("reminders_by_email", False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("pending_email", sa.String(320), nullable=True),
        sa.Column("code_hash", sa.String(128), nullable=True),
        _at("code_sent_at", nullable=True),
        _number("code_tries", 0),
        _at("digested_until", nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_preferences_member_id_members"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_preferences")))

    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        _at("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("key", name=op.f("uq_job_runs_key")))

    # as APScheduler 3's SQLAlchemyJobStore defines it, so the store finds its table and never creates one
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), nullable=False),
        sa.Column("next_run_time", sa.Float(25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")))
    op.create_index(op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
    op.drop_table("job_runs")
    op.drop_table("member_preferences")
    with op.batch_alter_table("notices") as batch:
        batch.drop_index("ix_notices_status_via")
        batch.drop_column("address")
        batch.drop_column("via")
        batch.alter_column("message_id", existing_type=sa.String(255), type_=sa.String(64), existing_nullable=True)
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("digest_hour")
        batch.drop_column("digest_weekday")
