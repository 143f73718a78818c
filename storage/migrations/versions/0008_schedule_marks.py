"""The schedule's marks replace APScheduler's job store: jobs are rebuilt from the data at every start.

APScheduler's SQLAlchemyJobStore wrote through a blocking driver on the event loop; on SQLite those writes
collided with the application's own transactions ("database is locked"). What a restart needs to know is
only how far each job's runs are settled, which `schedule_marks` keeps through the async unit of work.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schedule_marks",
        sa.Column("job_id", sa.String(200), nullable=False),
        sa.Column("spec", sa.String(200), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_schedule_marks")))
    # its rows are pickled APScheduler jobs, not read here: the jobs follow from the data
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")


def downgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), nullable=False),
        sa.Column("next_run_time", sa.Float(25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")))
    op.create_index(op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"], unique=False)
    op.drop_table("schedule_marks")
