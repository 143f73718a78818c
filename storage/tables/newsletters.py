"""Newsletters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .columns import TableModel, document, long_text, moment, primary_key, reference, short_text


class NewsletterRow(TableModel, table=True):
    """A newsletter: sent at once or at `send_at`, as one broadcast to its recipients."""

    __tablename__ = "newsletters"
    __table_args__ = (sa.Index("ix_newsletters_status_send_at", "status", "send_at"),)
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    author_id: int = reference("members.id", "RESTRICT", index=False)
    text: str = long_text()
    recipients: str = short_text(64)  # Recipients.describe()
    image: dict[str, Any] = document()
    created_at: datetime = moment()
    send_at: datetime | None = moment(nullable=True)
    status: str = short_text(16)
    broadcast_id: int | None = reference("broadcasts.id", "SET NULL", nullable=True, index=False)
