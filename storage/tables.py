"""The tables, as SQLModel classes: storage owns them, core never sees them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from .types import JSON_DOCUMENT, Money, UTCDateTime

#: constraint and index names follow from these, so migrations name them the same on every database
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TableModel(SQLModel, registry=registry(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION))):
    """The base of every table, with its own metadata (and so its own naming convention)."""


metadata = TableModel.metadata


def _key() -> Any:
    return Field(default=None, primary_key=True)


def _ref(target: str, ondelete: str = "CASCADE", *, nullable: bool = False, index: bool = True) -> Any:
    return Field(default=None if nullable else ..., foreign_key=target, ondelete=ondelete, nullable=nullable,
                 index=index)


def _at(*, nullable: bool = False) -> Any:
    return Field(default=None if nullable else ..., sa_type=UTCDateTime, nullable=nullable)


def _text(default: str | None = "", *, nullable: bool = False) -> Any:
    return Field(default=default, sa_type=sa.Text, nullable=nullable)


def _word(size: int = 32, *, nullable: bool = False, default: Any = ...) -> Any:
    return Field(default=default, sa_type=sa.String(size), nullable=nullable)


def _number(default: int) -> Any:
    """An integer with a server default, so rows written before the column existed get the same value."""
    return Field(default=default, nullable=False, sa_column_kwargs={"server_default": sa.text(str(default))})


def _flag(default: bool = False) -> Any:
    return Field(default=default, nullable=False,
                 sa_column_kwargs={"server_default": sa.true() if default else sa.false()})


def _json() -> Any:
    return Field(default_factory=dict, sa_type=JSON_DOCUMENT, nullable=False)


class BranchRow(TableModel, table=True):
    __tablename__ = "branches"
    id: int | None = _key()
    slug: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    name: str = _word(200)
    language: str = _word(16)
    timezone: str = _word(64)
    quorum: str = _word(32)
    stall_after_seconds: int = Field(nullable=False)
    competences: list[str] = Field(default_factory=list, sa_type=JSON_DOCUMENT, nullable=False,
                                   sa_column_kwargs={"server_default": "[]"})
    digest_weekday: int = _number(0)
    digest_hour: int = _number(9)


class MemberRow(TableModel, table=True):
    __tablename__ = "members"
    id: int | None = _key()
    display_name: str = _word(200)
    branch_id: int = _ref("branches.id", "RESTRICT")
    language: str | None = _word(16, nullable=True, default=None)
    joined_at: datetime | None = _at(nullable=True)


class IdentityRow(TableModel, table=True):
    __tablename__ = "identities"
    __table_args__ = (sa.UniqueConstraint("platform", "external_id"),
                      sa.Index("ix_identities_member_id_platform", "member_id", "platform"))
    id: int | None = _key()
    platform: str = _word(32)
    external_id: str = _word(200)
    member_id: int = _ref("members.id")
    reachable: bool = Field(default=True, nullable=False, sa_column_kwargs={"server_default": sa.true()})


class RoleGrantRow(TableModel, table=True):
    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("branch_id", "member_id", "role"),)
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    member_id: int = _ref("members.id")
    role: str = _word(32)


class DreamRow(TableModel, table=True):
    __tablename__ = "dreams"
    id: int | None = _key()
    branch_id: int = _ref("branches.id", "RESTRICT")
    owner_id: int = _ref("members.id", "RESTRICT")
    title: str = _word(200)
    story: str = _text()
    needs: str = _word(200)  # comma-separated Need values, sorted
    needs_detail: str = _text()
    state: str = Field(sa_type=sa.String(32), nullable=False, index=True)
    deposited_at: datetime = _at()
    decided_at: datetime | None = _at(nullable=True)
    decision_reason: str = _text()


class ReviewRow(TableModel, table=True):
    __tablename__ = "reviews"
    id: int | None = _key()
    dream_id: int = _ref("dreams.id")
    branch_id: int = _ref("branches.id", "RESTRICT")
    kind: str = _word(32)
    round: int = Field(nullable=False)
    opened_at: datetime = _at()
    motivation: str = _text()
    decided_at: datetime | None = _at(nullable=True)
    outcome: str | None = _word(32, nullable=True, default=None)
    settled_by: int | None = _ref("members.id", "SET NULL", nullable=True, index=False)


class VoteRow(TableModel, table=True):
    __tablename__ = "votes"
    __table_args__ = (sa.UniqueConstraint("review_id", "voter_id"),)
    id: int | None = _key()
    review_id: int = _ref("reviews.id", index=False)  # the unique constraint's index serves
    voter_id: int = _ref("members.id", "RESTRICT")
    choice: str = _word(32)
    comment: str = _text()
    cast_at: datetime = _at()


class LikeRow(TableModel, table=True):
    __tablename__ = "likes"
    __table_args__ = (sa.UniqueConstraint("dream_id", "member_id"),)
    id: int | None = _key()
    dream_id: int = _ref("dreams.id", index=False)
    member_id: int = _ref("members.id")
    at: datetime = _at()


class PledgeRow(TableModel, table=True):
    __tablename__ = "pledges"
    id: int | None = _key()
    dream_id: int = _ref("dreams.id")
    member_id: int = _ref("members.id")
    kind: str = _word(32)
    description: str = _text()
    amount: Decimal | None = Field(default=None, sa_type=Money, nullable=True)
    at: datetime = _at()


class ProjectRow(TableModel, table=True):
    __tablename__ = "projects"
    id: int | None = _key()
    dream_id: int = Field(foreign_key="dreams.id", ondelete="CASCADE", unique=True, nullable=False)
    branch_id: int = _ref("branches.id", "RESTRICT")
    title: str = _word(200)
    lead_id: int = _ref("members.id", "RESTRICT")
    started_at: datetime = _at()
    state: str = _word(32)
    closed_at: datetime | None = _at(nullable=True)
    evaluation: str = _text()
    report: str = _text()


class TeamMemberRow(TableModel, table=True):
    __tablename__ = "team_members"
    __table_args__ = (sa.UniqueConstraint("project_id", "member_id"),)
    id: int | None = _key()
    project_id: int = _ref("projects.id", index=False)
    member_id: int = _ref("members.id")
    role: str = _word(200)


class FollowerRow(TableModel, table=True):
    __tablename__ = "followers"
    __table_args__ = (sa.UniqueConstraint("dream_id", "member_id"),)
    id: int | None = _key()
    dream_id: int = _ref("dreams.id", index=False)
    member_id: int = _ref("members.id")


class ProjectUpdateRow(TableModel, table=True):
    __tablename__ = "project_updates"
    id: int | None = _key()
    project_id: int = _ref("projects.id")
    author_id: int = _ref("members.id", "RESTRICT")
    text: str = _text()
    at: datetime = _at()


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
    id: int | None = _key()
    member_id: int | None = _ref("members.id", nullable=True)
    branch_id: int = _ref("branches.id", index=False)
    kind: str = _word(32)
    params: dict[str, Any] = _json()
    created_at: datetime = _at()
    status: str = _word(16)
    channel: str | None = _word(32, nullable=True, default=None)
    sent_at: datetime | None = _at(nullable=True)
    attempts: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": sa.text("0")})
    last_error: str | None = _text(None, nullable=True)
    audience: str = Field(default="member", sa_type=sa.String(16), nullable=False,
                          sa_column_kwargs={"server_default": "member"})
    topic: str = Field(default="", sa_type=sa.String(64), nullable=False, sa_column_kwargs={"server_default": ""})
    message_id: str | None = _word(255, nullable=True, default=None)
    next_attempt_at: datetime | None = _at(nullable=True)
    claimed_at: datetime | None = _at(nullable=True)
    broadcast_id: int | None = _ref("broadcasts.id", nullable=True)
    #: set for a notice that goes only through one platform (email) to one address there
    via: str | None = _word(32, nullable=True, default=None)
    address: str | None = _word(320, nullable=True, default=None)
    #: the platform that delivers it, resolved when a broadcast fans out (NULL: found at each claim)
    platform: str | None = _word(32, nullable=True, default=None)
    #: and the chat there (the member's identity on that platform)
    chat_id: str | None = _word(200, nullable=True, default=None)


class BroadcastRow(TableModel, table=True):
    """One message to many: its notices are written in the database, in one statement, not in memory."""

    __tablename__ = "broadcasts"
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    kind: str = _word(32)
    params: dict[str, Any] = _json()
    audience: str = _word(64)
    created_at: datetime = _at()
    created_by: int | None = _ref("members.id", "SET NULL", nullable=True, index=False)
    total: int = Field(default=0, nullable=False)


class AuditRow(TableModel, table=True):
    __tablename__ = "audit"
    id: int | None = _key()
    branch_id: int = _ref("branches.id", "RESTRICT")
    actor_id: int | None = _ref("members.id", "SET NULL", nullable=True, index=False)
    action: str = _word(64)
    subject: str = Field(sa_type=sa.String(64), nullable=False, index=True)
    at: datetime = _at()
    detail: dict[str, Any] = _json()


class DialogRow(TableModel, table=True):
    __tablename__ = "dialogs"
    id: int | None = _key()
    member_id: int = Field(foreign_key="members.id", ondelete="CASCADE", unique=True, nullable=False)
    form: str = _word(64)
    step: int = Field(nullable=False)
    answers: dict[str, Any] = _json()
    context: dict[str, Any] = _json()
    previous: dict[str, Any] = _json()
    pending_refusal: str | None = _word(64, nullable=True, default=None)
    nonce: int = Field(default=0, nullable=False)
    updated_at: datetime = _at()
    #: the dialog's instance id, carried by its buttons ('' for dialogs stored before it existed)
    instance: str = Field(default="", sa_type=sa.String(16), nullable=False, sa_column_kwargs={"server_default": ""})


class ChatLinkRow(TableModel, table=True):
    """A branch's group chat or channel on one platform."""

    __tablename__ = "chat_links"
    __table_args__ = (sa.UniqueConstraint("branch_id", "purpose", "platform"),
                      sa.UniqueConstraint("platform", "chat_id"))
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    purpose: str = _word(16)
    platform: str = _word(32)
    chat_id: str = _word(64)
    title: str = _word(200, default="")
    invite_link: str = Field(default="", sa_type=sa.String(200), nullable=False,
                             sa_column_kwargs={"server_default": ""})


class ProcessedUpdateRow(TableModel, table=True):
    """Platform updates already handled, so one delivered twice has no second effect."""

    __tablename__ = "processed_updates"
    id: int | None = _key()
    key: str = Field(sa_type=sa.String(128), unique=True, nullable=False)
    at: datetime = _at()


class InboundUpdateRow(TableModel, table=True):
    """An update received from a platform, kept before it is acknowledged and until it is handled."""

    __tablename__ = "inbound_updates"
    __table_args__ = (sa.UniqueConstraint("source", "update_id"),)
    id: int | None = _key()
    source: str = _word(64)
    update_id: int = Field(sa_type=sa.BigInteger, nullable=False)
    payload: dict[str, Any] = _json()
    received_at: datetime = _at()
    handled_at: datetime | None = _at(nullable=True)


class PostRow(TableModel, table=True):
    """The message that shows a topic in a chat, to be edited when the topic changes."""

    __tablename__ = "posts"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id", "topic"),)
    id: int | None = _key()
    platform: str = _word(32)
    chat_id: str = _word(64)
    topic: str = _word(64)
    message_id: str = _word(64)



class PadriverRow(TableModel, table=True):
    """A member's one application to a branch's circle; once approved, their pådriver profile."""

    __tablename__ = "padrivere"
    __table_args__ = (sa.UniqueConstraint("branch_id", "member_id"),)
    id: int | None = _key()
    branch_id: int = _ref("branches.id", index=False)  # the unique constraint's index serves
    member_id: int = _ref("members.id")
    other: str = _text()
    availability: str = _text()
    public: bool = Field(nullable=False)
    applied_at: datetime = _at()
    status: str = _word(16)
    decided_at: datetime | None = _at(nullable=True)
    decided_by: int | None = _ref("members.id", "SET NULL", nullable=True, index=False)
    reason: str = _text()


class PadriverCompetenceRow(TableModel, table=True):
    """A competence a pådriver chose; branch and member are repeated so a call's audience is one join away."""

    __tablename__ = "padriver_competences"
    __table_args__ = (sa.UniqueConstraint("padriver_id", "competence"),
                      sa.Index("ix_padriver_competences_branch_id_competence", "branch_id", "competence"))
    id: int | None = _key()
    padriver_id: int = _ref("padrivere.id", index=False)
    branch_id: int = _ref("branches.id", index=False)
    member_id: int = _ref("members.id")
    competence: str = _word(120)


class EventRow(TableModel, table=True):
    __tablename__ = "events"
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    kind: str = _word(32)
    title: str = _word(200)
    description: str = _text()
    starts_at: datetime = _at()
    ends_at: datetime = _at()
    place: str = _word(200)
    audience: str = _word(16)
    capacity: int | None = Field(default=None, nullable=True)
    deadline: datetime = _at()
    created_by: int = _ref("members.id", "RESTRICT", index=False)
    created_at: datetime = _at()
    cancelled_at: datetime | None = _at(nullable=True)
    sequence: int = Field(default=0, nullable=False)


class RsvpRow(TableModel, table=True):
    """A member's one answer to an event; `seq` orders answers as they were settled, for a fair waitlist."""

    __tablename__ = "rsvps"
    __table_args__ = (sa.UniqueConstraint("event_id", "member_id"),
                      sa.Index("ix_rsvps_event_id_seq", "event_id", "seq"))
    id: int | None = _key()
    event_id: int = _ref("events.id", index=False)
    member_id: int = _ref("members.id")
    answer: str = _word(16)
    waiting: bool = Field(default=False, nullable=False)
    at: datetime = _at()
    seq: int = Field(nullable=False)


class CallRow(TableModel, table=True):
    """A call for participation in a concrete activity."""

    __tablename__ = "calls"
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    title: str = _word(200)
    description: str = _text()
    when: str = _word(200)
    needed: int = Field(nullable=False)
    created_by: int = _ref("members.id", "RESTRICT", index=False)
    created_at: datetime = _at()
    status: str = _word(16)


class CallCompetenceRow(TableModel, table=True):
    __tablename__ = "call_competences"
    __table_args__ = (sa.UniqueConstraint("call_id", "competence"),)
    id: int | None = _key()
    call_id: int = _ref("calls.id", index=False)
    competence: str = _word(120)


class SignupRow(TableModel, table=True):
    __tablename__ = "call_signups"
    __table_args__ = (sa.UniqueConstraint("call_id", "member_id"),)
    id: int | None = _key()
    call_id: int = _ref("calls.id", index=False)
    member_id: int = _ref("members.id")
    at: datetime = _at()


class NewsletterRow(TableModel, table=True):
    """A newsletter: sent at once or at `send_at`, as one broadcast to its recipients."""

    __tablename__ = "newsletters"
    __table_args__ = (sa.Index("ix_newsletters_status_send_at", "status", "send_at"),)
    id: int | None = _key()
    branch_id: int = _ref("branches.id")
    author_id: int = _ref("members.id", "RESTRICT", index=False)
    text: str = _text()
    recipients: str = _word(64)  # Recipients.describe()
    image: dict[str, Any] = _json()
    created_at: datetime = _at()
    send_at: datetime | None = _at(nullable=True)
    status: str = _word(16)
    broadcast_id: int | None = _ref("broadcasts.id", "SET NULL", nullable=True, index=False)


class MemberPreferencesRow(TableModel, table=True):
    """A member's choices; members without a row have the defaults (a weekly digest in chat)."""

    __tablename__ = "member_preferences"
    member_id: int = Field(foreign_key="members.id", ondelete="CASCADE", primary_key=True)
    digest: str = _word(16)
    digest_in_chat: bool = _flag(True)
    digest_by_email: bool = _flag()
    newsletters_by_email: bool = _flag()
    reminders_by_email: bool = _flag()
    email: str | None = _word(320, nullable=True, default=None)
    pending_email: str | None = _word(320, nullable=True, default=None)
    code_hash: str | None = _word(128, nullable=True, default=None)
    code_sent_at: datetime | None = _at(nullable=True)
    code_tries: int = _number(0)
    digested_until: datetime | None = _at(nullable=True)


class JobRunRow(TableModel, table=True):
    """Scheduled work already done ("reminder:12:1440"), so a job run twice or by two processes acts once."""

    __tablename__ = "job_runs"
    id: int | None = _key()
    key: str = Field(sa_type=sa.String(200), unique=True, nullable=False)
    at: datetime = _at()


class ScheduleMarkRow(TableModel, table=True):
    """How far each scheduled job's runs are settled, under which timing: what a restart must still run."""

    __tablename__ = "schedule_marks"
    job_id: str = Field(sa_type=sa.String(200), primary_key=True)
    spec: str = _word(200)
    settled_at: datetime = _at()


ALL_TABLES = tuple(sorted(metadata.tables))
