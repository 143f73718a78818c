"""The audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, document, moment, primary_key, reference, short_text


class AuditRow(TableModel, table=True):
    __tablename__ = "audit"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", "RESTRICT")
    actor_id: int | None = reference("members.id", "SET NULL", nullable=True, index=False)
    action: str = short_text(64)
    subject: str = Field(sa_type=sa.String(64), nullable=False, index=True)
    at: datetime = moment()
    detail: dict[str, Any] = document()
