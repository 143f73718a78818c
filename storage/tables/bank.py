"""Likes and pledges."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field

from ..types import Money
from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class LikeRow(TableModel, table=True):
    __tablename__ = "likes"
    __table_args__ = (sa.UniqueConstraint("dream_id", "member_id"),)
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id", index=False)
    member_id: int = reference("members.id")
    at: datetime = moment()


class PledgeRow(TableModel, table=True):
    __tablename__ = "pledges"
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id")
    member_id: int = reference("members.id")
    kind: str = short_text(32)
    description: str = long_text()
    amount: Decimal | None = Field(default=None, sa_type=Money, nullable=True)
    at: datetime = moment()
