"""Events and the answers to them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class EventRow(TableModel, table=True):
    __tablename__ = "events"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    kind: str = short_text(32)
    title: str = short_text(200)
    description: str = long_text()
    starts_at: datetime = moment()
    ends_at: datetime = moment()
    place: str = short_text(200)
    audience: str = short_text(16)
    capacity: int | None = Field(default=None, nullable=True)
    deadline: datetime = moment()
    created_by: int = reference("members.id", "RESTRICT", index=False)
    created_at: datetime = moment()
    cancelled_at: datetime | None = moment(nullable=True)
    sequence: int = Field(default=0, nullable=False)


class RsvpRow(TableModel, table=True):
    """A member's one answer to an event; `seq` orders answers as they were settled, for a fair waitlist."""

    __tablename__ = "rsvps"
    __table_args__ = (sa.UniqueConstraint("event_id", "member_id"),
                      sa.Index("ix_rsvps_event_id_seq", "event_id", "seq"))
    id: int | None = primary_key()
    event_id: int = reference("events.id", index=False)
    member_id: int = reference("members.id")
    answer: str = short_text(16)
    waiting: bool = Field(default=False, nullable=False)
    at: datetime = moment()
    seq: int = Field(nullable=False)
