"""Each dream's list of needs."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Field

from ..types import Money
from .columns import TableModel, long_text, primary_key, reference, short_text


class DreamNeedRow(TableModel, table=True):
    __tablename__ = "dream_needs"
    id: int | None = primary_key()
    dream_id: int = reference("dreams.id")
    kind: str = short_text(32)
    description: str = long_text()
    amount: Decimal | None = Field(default=None, sa_type=Money, nullable=True)
