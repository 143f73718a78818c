"""Platform updates handled once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key


class ProcessedUpdateRow(TableModel, table=True):
    """Platform updates already handled, so one delivered twice has no second effect."""

    __tablename__ = "processed_updates"
    id: int | None = primary_key()
    key: str = Field(sa_type=sa.String(128), unique=True, nullable=False)
    at: datetime = moment()
