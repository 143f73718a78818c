"""Members, their identities on each platform, and the roles they hold."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .columns import TableModel, moment, primary_key, reference, short_text


class MemberRow(TableModel, table=True):
    __tablename__ = "members"
    # the digest's keyset pages of a branch's members, read in order of id
    __table_args__ = (sa.Index("ix_members_branch_id_id", "branch_id", "id"),)
    id: int | None = primary_key()
    display_name: str = short_text(200)
    branch_id: int = reference("branches.id", "RESTRICT")
    language: str | None = short_text(16, nullable=True, default=None)
    joined_at: datetime | None = moment(nullable=True)
    notify_on: str | None = short_text(32, nullable=True, default=None)
    #: when the member was erased: the row stays, nameless, so their public contributions keep their counts
    erased_at: datetime | None = moment(nullable=True)


class IdentityRow(TableModel, table=True):
    __tablename__ = "identities"
    __table_args__ = (sa.UniqueConstraint("platform", "external_id"),
                      sa.Index("ix_identities_member_id_platform", "member_id", "platform"))
    id: int | None = primary_key()
    platform: str = short_text(32)
    external_id: str = short_text(200)
    member_id: int = reference("members.id")
    reachable: bool = Field(default=True, nullable=False, sa_column_kwargs={"server_default": sa.true()})


class RoleGrantRow(TableModel, table=True):
    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("branch_id", "member_id", "role"),)
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    member_id: int = reference("members.id")
    role: str = short_text(32)
