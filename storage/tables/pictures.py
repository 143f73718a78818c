"""Dreams' pictures: one a dream at most, its bytes kept here so the portal serves them itself."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, short_text


class PictureRow(TableModel, table=True):
    """A dream's picture; `digest` (SHA-256 of `data`) is its ETag, and read without the bytes by a page that only
    links it."""

    __tablename__ = "pictures"
    dream_id: int = Field(primary_key=True, foreign_key="dreams.id", ondelete="CASCADE")
    mime: str = short_text(32)
    data: bytes = Field(sa_type=sa.LargeBinary, nullable=False)
    digest: str = short_text(64)
    uploaded_at: datetime = moment()
    width: int | None = Field(default=None, nullable=True)
    height: int | None = Field(default=None, nullable=True)
