"""One-time codes that join a platform's identity to a member, and the wrong ones typed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key, reference, short_text


class LinkCodeRow(TableModel, table=True):
    """A member's one-time code, kept as its hash."""

    __tablename__ = "link_codes"
    id: int | None = primary_key()
    member_id: int = reference("members.id")
    code_hash: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    created_at: datetime = moment()
    expires_at: datetime = moment()
    used_at: datetime | None = moment(nullable=True)


class WrongCodeRow(TableModel, table=True):
    """A code typed from an identity that joined nothing, counted to make guessing slow."""

    __tablename__ = "wrong_link_codes"
    __table_args__ = (sa.Index("ix_wrong_link_codes_identity_at", "identity", "at"),)
    id: int | None = primary_key()
    identity: str = short_text(250)
    at: datetime = moment()
