"""Inquiries to the municipality, their threads, and the topics consultants answer."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from ..types import JSON_DOCUMENT
from .columns import TableModel, long_text, moment, primary_key, reference, short_text


class InquiryRow(TableModel, table=True):
    __tablename__ = "inquiries"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    asker_id: int = reference("members.id")
    owner_id: int = reference("members.id")
    question: str = long_text()
    topic: str = short_text(60, default="")
    state: str = short_text(16)
    asked_at: datetime = moment()
    answered_at: datetime | None = moment(nullable=True)
    owner_reminded_at: datetime | None = moment(nullable=True)
    admin_reminded_at: datetime | None = moment(nullable=True)


class InquiryEntryRow(TableModel, table=True):
    """One entry of an inquiry's thread: a question, an answer, a hand-over or a note."""

    __tablename__ = "inquiry_entries"
    id: int | None = primary_key()
    inquiry_id: int = reference("inquiries.id")
    author_id: int = reference("members.id")
    text: str = long_text()
    at: datetime = moment()
    kind: str = short_text(16)


class ConsultantTopicsRow(TableModel, table=True):
    """The keywords of the inquiries a consultant answers, where the branch assigns them by topic."""

    __tablename__ = "consultant_topics"
    __table_args__ = (sa.UniqueConstraint("branch_id", "member_id"),)
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", index=False)
    member_id: int = reference("members.id")
    topics: list[str] = Field(default_factory=list, sa_type=JSON_DOCUMENT, nullable=False)
