"""The lines of a project's plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field

from ..types import Money
from .columns import TableModel, long_text, primary_key, reference, short_text


class PlanPartRow(TableModel, table=True):
    __tablename__ = "plan_parts"
    id: int | None = primary_key()
    project_id: int = reference("projects.id")
    kind: str = short_text(32)
    text: str = long_text()
    member_id: int | None = reference("members.id", "RESTRICT", nullable=True, index=False)
    pledge_id: int | None = reference("pledges.id", "SET NULL", nullable=True, index=False)
    amount: Decimal | None = Field(default=None, sa_type=Money, nullable=True)
    due: date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    status: str = short_text(16)


class ProjectEventRow(TableModel, table=True):
    __tablename__ = "project_events"
    __table_args__ = (sa.UniqueConstraint("project_id", "event_id"),)
    id: int | None = primary_key()
    project_id: int = reference("projects.id", index=False)
    event_id: int = reference("events.id")
    link: str = short_text(16)
