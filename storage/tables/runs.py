"""Scheduled work done once, and how far each scheduled job's runs are settled."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key, short_text


class JobRunRow(TableModel, table=True):
    """Scheduled work already done ("reminder:12:1440"), so a job run twice or by two processes acts once."""

    __tablename__ = "job_runs"
    id: int | None = primary_key()
    key: str = Field(sa_type=sa.String(200), unique=True, nullable=False)
    at: datetime = moment()


class ScheduleMarkRow(TableModel, table=True):
    """How far each scheduled job's runs are settled, under which timing: what a restart must still run."""

    __tablename__ = "schedule_marks"
    job_id: str = Field(sa_type=sa.String(200), primary_key=True)
    spec: str = short_text(200)
    settled_at: datetime = moment()
