"""Talking it over: comments and replies, topics and who supports them, reports of comments, and mutes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from .columns import TableModel, flag, long_text, moment, primary_key, reference, short_text


class CommentRow(TableModel, table=True):
    """A comment on a dream or a topic; a reply names the top-level comment it answers."""

    __tablename__ = "comments"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    author_id: int = reference("members.id", "RESTRICT")
    text: str = long_text()
    at: datetime = moment()
    dream_id: int | None = reference("dreams.id", nullable=True)
    topic_id: int | None = reference("topics.id", nullable=True)
    reply_to: int | None = reference("comments.id", nullable=True, index=False)
    source: str = short_text(32)
    hidden: bool = flag()
    hidden_reason: str = long_text()
    hidden_by: int | None = reference("members.id", "SET NULL", nullable=True, index=False)


class TopicRow(TableModel, table=True):
    """A question or current issue opened for discussion, and the dream it became."""

    __tablename__ = "topics"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    author_id: int = reference("members.id", "RESTRICT")
    title: str = short_text(200)
    text: str = long_text()
    at: datetime = moment()
    dream_id: int | None = reference("dreams.id", "SET NULL", nullable=True, index=False)


class TopicSupportRow(TableModel, table=True):
    __tablename__ = "topic_supporters"
    __table_args__ = (sa.UniqueConstraint("topic_id", "member_id"),)
    id: int | None = primary_key()
    topic_id: int = reference("topics.id", index=False)
    member_id: int = reference("members.id")


class CommentReportRow(TableModel, table=True):
    __tablename__ = "comment_reports"
    __table_args__ = (sa.UniqueConstraint("comment_id", "member_id"),)
    id: int | None = primary_key()
    branch_id: int = reference("branches.id")
    comment_id: int = reference("comments.id", index=False)
    member_id: int = reference("members.id")
    at: datetime = moment()
    handled: bool = flag()


class MuteRow(TableModel, table=True):
    """A member may not comment in the branch until `until`."""

    __tablename__ = "mutes"
    id: int | None = primary_key()
    branch_id: int = reference("branches.id", index=False)
    member_id: int = reference("members.id")
    until: datetime = moment()
    by: int | None = reference("members.id", "SET NULL", nullable=True, index=False)
    reason: str = long_text()
    at: datetime = moment()
