"""Dreams."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class DreamRow(TableModel, table=True):
    __tablename__ = "dreams"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", "RESTRICT")
    owner_id: int = reference("members.id", "RESTRICT")
    title: str = short_text(200)
    story: str = long_text()
    needs: str = short_text(200)  # comma-separated Need values, sorted
    needs_detail: str = long_text()
    state: str = Field(sa_type=sa.String(32), nullable=False, index=True)
    deposited_at: datetime = moment()
    decided_at: datetime | None = moment(nullable=True)
    decision_reason: str = long_text()
