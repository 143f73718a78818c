"""Platform updates kept until they are handled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, document, moment, primary_key, short_text


class InboundUpdateRow(TableModel, table=True):
    """An update received from a platform, kept before it is acknowledged and until it is handled."""

    __tablename__ = "inbound_updates"
    __table_args__ = (sa.UniqueConstraint("source", "update_id"),)
    id: int | None = primary_key()
    source: str = short_text(64)
    update_id: int = Field(sa_type=sa.BigInteger, nullable=False)
    payload: dict[str, Any] = document()
    received_at: datetime = moment()
    handled_at: datetime | None = moment(nullable=True)
