"""Likes and pledges, each pledge set against one of its dream's needs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field

from ..types import Money
from .columns import TableModel, flag, long_text, moment, primary_key, reference, short_text


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
    need_id: int | None = reference("dream_needs.id", "SET NULL", nullable=True)
    # offered, accepted, confirmed, declined or withdrawn; the first for pledges made before there were answers
    state: str = Field(default="offered", sa_type=sa.String(16), nullable=False,
                       sa_column_kwargs={"server_default": "offered"})
    thanked: bool = flag()
