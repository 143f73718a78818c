"""Members' choices of digest and email."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from .columns import TableModel, flag, integer, moment, short_text


class MemberPreferencesRow(TableModel, table=True):
    """A member's choices; members without a row have the defaults (a weekly digest in chat)."""

    __tablename__ = "member_preferences"
    member_id: int = Field(foreign_key="members.id", ondelete="CASCADE", primary_key=True)
    digest: str = short_text(16)
    digest_in_chat: bool = flag(True)
    digest_by_email: bool = flag()
    newsletters_by_email: bool = flag()
    reminders_by_email: bool = flag()
    email: str | None = short_text(320, nullable=True, default=None)
    pending_email: str | None = short_text(320, nullable=True, default=None)
    code_hash: str | None = short_text(128, nullable=True, default=None)
    code_sent_at: datetime | None = moment(nullable=True)
    code_tries: int = integer(0)
    digested_until: datetime | None = moment(nullable=True)
    name_public: bool = flag()
