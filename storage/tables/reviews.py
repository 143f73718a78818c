"""The board's reviews of dreams, the votes in them, and the interests that recuse board members from them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class ReviewRow(TableModel, table=True):
    __tablename__ = "reviews"
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id")
    branch_id: int = reference("branches.id", "RESTRICT")
    kind: str = short_text(32)
    round: int = Field(nullable=False)
    opened_at: datetime = moment()
    motivation: str = long_text()
    decided_at: datetime | None = moment(nullable=True)
    outcome: str | None = short_text(32, nullable=True, default=None)
    settled_by: int | None = reference("members.id", "SET NULL", nullable=True, index=False)


class VoteRow(TableModel, table=True):
    __tablename__ = "votes"
    __table_args__ = (sa.UniqueConstraint("review_id", "voter_id"),)
    id: int | None = primary_key()
    review_id: int = reference("reviews.id", index=False)  # the unique constraint's index serves
    voter_id: int = reference("members.id", "RESTRICT")
    choice: str = short_text(32)
    comment: str = long_text()
    cast_at: datetime = moment()


class InterestRow(TableModel, table=True):
    """A board member's declared interest in a dream, which recuses them from its reviews."""

    __tablename__ = "interests"
    __table_args__ = (sa.UniqueConstraint("dream_id", "member_id"),)
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id", index=False)  # the unique constraint's index serves
    member_id: int = reference("members.id", "RESTRICT")
    reason: str = short_text(200, default="")
    declared_at: datetime = moment()
