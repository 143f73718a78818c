"""Funds and pools a branch's staff registered."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key, reference, short_text


class FundRow(TableModel, table=True):
    """A fund: who gives it, its themes (comma-separated), its amounts, its last day to apply and its link."""

    __tablename__ = "funds"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    name: str = short_text(200)
    giver: str = short_text(200)
    themes: str = short_text(400)
    amount_min: int | None = Field(default=None, sa_type=sa.BigInteger, nullable=True)
    amount_max: int | None = Field(default=None, sa_type=sa.BigInteger, nullable=True)
    deadline: date = Field(sa_type=sa.Date, nullable=False)
    link: str = short_text(500)
    created_by: int = reference("members.id", "RESTRICT", index=False)
    created_at: datetime = moment()
