"""Signing in to the web portal: one-time links and the sessions they open, each kept as a hash."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key, reference, short_text


class SignInLinkRow(TableModel, table=True):
    """A member's one-time sign-in link, kept as its token's hash; `address` when it was mailed there."""

    __tablename__ = "sign_in_links"
    __table_args__ = (sa.Index("ix_sign_in_links_address_created_at", "address", "created_at"),)
    id: int | None = primary_key()
    member_id: int = reference("members.id")
    token_hash: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    created_at: datetime = moment()
    expires_at: datetime = moment()
    used_at: datetime | None = moment(nullable=True)
    address: str | None = short_text(320, nullable=True, default=None)


class WebSessionRow(TableModel, table=True):
    """A member signed in on the portal, kept as the hash of the session id their cookie carries."""

    __tablename__ = "web_sessions"
    id: int | None = primary_key()
    member_id: int = reference("members.id")
    session_hash: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    created_at: datetime = moment()
    expires_at: datetime = moment()
    ended_at: datetime | None = moment(nullable=True)
