"""Branches and the chats linked to them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field

from ..types import JSON_DOCUMENT
from .columns import TableModel, flag, integer, primary_key, reference, short_text


class BranchRow(TableModel, table=True):
    __tablename__ = "branches"
    id: int | None = primary_key()
    slug: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    name: str = short_text(200)
    language: str = short_text(16)
    timezone: str = short_text(64)
    quorum: str = short_text(32)
    stall_after_seconds: int = Field(nullable=False)
    competences: list[str] = Field(default_factory=list, sa_type=JSON_DOCUMENT, nullable=False,
                                   sa_column_kwargs={"server_default": "[]"})
    digest_weekday: int = integer(0)
    digest_hour: int = integer(9)
    response_days: int = integer(2)
    criteria: list[str] = Field(default_factory=list, sa_type=JSON_DOCUMENT, nullable=False,
                                sa_column_kwargs={"server_default": "[]"})
    #: an erased owner's open dream goes to the bank manager (True) or is retracted (False)
    erasure_hands_dreams: bool = flag()
    #: how a new inquiry gets its consultant: round_robin or topic
    inquiry_assignment: str = Field(default="round_robin", sa_type=sa.String(16), nullable=False,
                                    sa_column_kwargs={"server_default": "round_robin"})
    #: the days before a fund's deadline when owners of matching dreams and projects are reminded
    fund_reminder_days: list[int] = Field(default_factory=lambda: [14, 3], sa_type=JSON_DOCUMENT, nullable=False,
                                          sa_column_kwargs={"server_default": "[14, 3]"})
    #: how residents reach the branch, shown on its public pages; "" for none
    contact: str = Field(default="", sa_type=sa.String(300), nullable=False, sa_column_kwargs={"server_default": ""})


class ChatLinkRow(TableModel, table=True):
    """A branch's group chat or channel on one platform."""

    __tablename__ = "chat_links"
    __table_args__ = (sa.UniqueConstraint("branch_id", "purpose", "platform"),
                      sa.UniqueConstraint("platform", "chat_id"))
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    purpose: str = short_text(16)
    platform: str = short_text(32)
    chat_id: str = short_text(64)
    title: str = short_text(200, default="")
    invite_link: str = Field(default="", sa_type=sa.String(200), nullable=False,
                             sa_column_kwargs={"server_default": ""})
    role_id: str = Field(default="", sa_type=sa.String(64), nullable=False, sa_column_kwargs={"server_default": ""})
