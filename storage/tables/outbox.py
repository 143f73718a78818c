"""The outbox: notices, and the broadcasts fanned out into them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, document, long_text, moment, primary_key, reference, short_text


class NoticeRow(TableModel, table=True):
    """The outbox: a notice is written with the change causing it, and sent later."""

    __tablename__ = "notices"
    __table_args__ = (sa.Index("ix_notices_status_member_id", "status", "member_id"),
                      sa.Index("ix_notices_status_audience", "status", "audience"),
                      sa.Index("ix_notices_status_next_attempt_at", "status", "next_attempt_at"),
                      sa.Index("ix_notices_status_via", "status", "via"),
                      sa.Index("ix_notices_pending_platform_id", "platform", "id",
                               postgresql_where=sa.text("status = 'pending'"),
                               sqlite_where=sa.text("status = 'pending'")),
                      sa.Index("ix_notices_pending_unresolved", "id",
                               postgresql_where=sa.text("status = 'pending' AND platform IS NULL AND via IS NULL"),
                               sqlite_where=sa.text("status = 'pending' AND platform IS NULL AND via IS NULL")))
    id: int | None = primary_key()
    member_id: int | None = reference("members.id", nullable=True)
    branch_id: int = reference("branches.id", index=False)
    kind: str = short_text(32)
    params: dict[str, Any] = document()
    created_at: datetime = moment()
    status: str = short_text(16)
    channel: str | None = short_text(32, nullable=True, default=None)
    sent_at: datetime | None = moment(nullable=True)
    attempts: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": sa.text("0")})
    last_error: str | None = long_text(None, nullable=True)
    audience: str = Field(default="member", sa_type=sa.String(16), nullable=False,
                          sa_column_kwargs={"server_default": "member"})
    topic: str = Field(default="", sa_type=sa.String(64), nullable=False, sa_column_kwargs={"server_default": ""})
    message_id: str | None = short_text(255, nullable=True, default=None)
    next_attempt_at: datetime | None = moment(nullable=True)
    claimed_at: datetime | None = moment(nullable=True)
    broadcast_id: int | None = reference("broadcasts.id", nullable=True)
    #: set for a notice that goes only through one platform (email) to one address there
    via: str | None = short_text(32, nullable=True, default=None)
    address: str | None = short_text(320, nullable=True, default=None)
    #: the platform that delivers it, resolved when a broadcast fans out (NULL: found at each claim)
    platform: str | None = short_text(32, nullable=True, default=None)
    #: and the chat there (the member's identity on that platform)
    chat_id: str | None = short_text(200, nullable=True, default=None)
    #: when its latest send began, written before the request goes out (NULL: claimed, not begun): after a crash
    #: a notice begun is "possibly sent", one only claimed was certainly not
    started_at: datetime | None = moment(nullable=True)


class BroadcastRow(TableModel, table=True):
    """One message to many: its notices are written in the database, a chunk of recipients (by member id) per
    transaction, never in memory."""

    __tablename__ = "broadcasts"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    kind: str = short_text(32)
    params: dict[str, Any] = document()
    audience: str = short_text(64)
    created_at: datetime = moment()
    created_by: int | None = reference("members.id", "SET NULL", nullable=True, index=False)
    total: int = Field(default=0, nullable=False)
    #: the member id after which the audience's notices are still to be written; NULL when all are written
    fan_out_after: int | None = Field(default=None, nullable=True)
    #: the topic whose email copies the broadcast also writes (NULL: none)
    email_topic: str | None = short_text(32, nullable=True, default=None)
