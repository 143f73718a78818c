"""Pådriver applications and the competences chosen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class PadriverRow(TableModel, table=True):
    """A member's one application to a branch's circle; once approved, their pådriver profile."""

    __tablename__ = "padrivere"
    __table_args__ = (sa.UniqueConstraint("branch_id", "member_id"),)
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", index=False)  # the unique constraint's index serves
    member_id: int = reference("members.id")
    other: str = long_text()
    availability: str = long_text()
    public: bool = Field(nullable=False)
    applied_at: datetime = moment()
    status: str = short_text(16)
    decided_at: datetime | None = moment(nullable=True)
    decided_by: int | None = reference("members.id", "SET NULL", nullable=True, index=False)
    reason: str = long_text()


class PadriverCompetenceRow(TableModel, table=True):
    """A competence a pådriver chose; branch and member are repeated so a call's audience is one join away."""

    __tablename__ = "padriver_competences"
    __table_args__ = (sa.UniqueConstraint("padriver_id", "competence"),
                      sa.Index("ix_padriver_competences_branch_id_competence", "branch_id", "competence"))
    id: int | None = primary_key()
    padriver_id: int = reference("padrivere.id", index=False)
    branch_id: int = reference("branches.id", index=False)
    member_id: int = reference("members.id")
    competence: str = short_text(120)
