"""Projects, their teams, followers and updates."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class ProjectRow(TableModel, table=True):
    __tablename__ = "projects"
    id: int | None = primary_key()
    dream_id: int = Field(foreign_key="dreams.id", ondelete="CASCADE", unique=True, nullable=False)
    branch_id: int = reference("branches.id", "RESTRICT")
    title: str = short_text(200)
    lead_id: int = reference("members.id", "RESTRICT")
    started_at: datetime = moment()
    state: str = short_text(32)
    closed_at: datetime | None = moment(nullable=True)
    evaluation: str = long_text()
    report: str = long_text()


class TeamMemberRow(TableModel, table=True):
    __tablename__ = "team_members"
    __table_args__ = (sa.UniqueConstraint("project_id", "member_id"),)
    id: int | None = primary_key()
    project_id: int = reference("projects.id", index=False)
    member_id: int = reference("members.id")
    role: str = short_text(200)


class FollowerRow(TableModel, table=True):
    __tablename__ = "followers"
    __table_args__ = (sa.UniqueConstraint("dream_id", "member_id"),)
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id", index=False)
    member_id: int = reference("members.id")


class ProjectUpdateRow(TableModel, table=True):
    __tablename__ = "project_updates"
    id: int | None = primary_key()
    project_id: int = reference("projects.id")
    author_id: int = reference("members.id", "RESTRICT")
    text: str = long_text()
    at: datetime = moment()
