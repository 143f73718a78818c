"""Half-finished dialogs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, document, moment, primary_key, short_text


class DialogRow(TableModel, table=True):
    __tablename__ = "dialogs"
    id: int | None = primary_key()
    member_id: int = Field(foreign_key="members.id", ondelete="CASCADE", unique=True, nullable=False)
    form: str = short_text(64)
    step: int = Field(nullable=False)
    answers: dict[str, Any] = document()
    context: dict[str, Any] = document()
    previous: dict[str, Any] = document()
    pending_refusal: str | None = short_text(64, nullable=True, default=None)
    nonce: int = Field(default=0, nullable=False)
    updated_at: datetime = moment()
    #: the dialog's instance id, carried by its buttons ('' for dialogs stored before it existed)
    instance: str = Field(default="", sa_type=sa.String(16), nullable=False, sa_column_kwargs={"server_default": ""})
