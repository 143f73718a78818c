"""Calls for participation, the competences they ask for, and who signed up."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class CallRow(TableModel, table=True):
    """A call for participation in a concrete activity."""

    __tablename__ = "calls"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    title: str = short_text(200)
    description: str = long_text()
    when: str = short_text(200)
    needed: int = Field(nullable=False)
    created_by: int = reference("members.id", "RESTRICT", index=False)
    created_at: datetime = moment()
    status: str = short_text(16)


class CallCompetenceRow(TableModel, table=True):
    __tablename__ = "call_competences"
    __table_args__ = (sa.UniqueConstraint("call_id", "competence"),)
    id: int | None = primary_key()
    call_id: int = reference("calls.id", index=False)
    competence: str = short_text(120)


class SignupRow(TableModel, table=True):
    __tablename__ = "call_signups"
    __table_args__ = (sa.UniqueConstraint("call_id", "member_id"),)
    id: int | None = primary_key()
    call_id: int = reference("calls.id", index=False)
    member_id: int = reference("members.id")
    at: datetime = moment()
