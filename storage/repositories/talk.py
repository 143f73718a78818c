"""Comments and replies, topics and their supporters, reports of comments, and mutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.model.talk import Comment, Mute, Report, Topic

from ..tables import CommentReportRow, CommentRow, MuteRow, TopicRow, TopicSupportRow
from .base import Repository, Values


class SqlTalk(Repository):
    async def add_comment(self, comment: Comment) -> Comment:
        row = await self._insert(CommentRow(**comment_values(comment)))
        return replace(comment, id=row.id)

    async def get_comment(self, comment_id: int) -> Comment | None:
        row = await self._first(sa.select(CommentRow).where(CommentRow.id == comment_id))
        return to_comment(row) if row else None

    async def save_comment(self, comment: Comment) -> None:
        await self._update(CommentRow, comment.id, comment_values(comment))

    async def comments_on(self, *, dream_id: int | None = None, topic_id: int | None = None) -> Sequence[Comment]:
        rows = await self._all(sa.select(CommentRow).where(_on(dream_id, topic_id))
                               .order_by(CommentRow.at, CommentRow.id))
        return [to_comment(r) for r in rows]

    async def comments_by(self, author_id: int) -> Sequence[Comment]:
        rows = await self._all(sa.select(CommentRow).where(CommentRow.author_id == author_id,
                                                           CommentRow.dream_id.is_not(None))
                               .order_by(CommentRow.at, CommentRow.id))
        return [to_comment(r) for r in rows]

    async def visible_count(self, *, dream_id: int | None = None, topic_id: int | None = None) -> int:
        found = await self.session.scalar(sa.select(sa.func.count()).select_from(CommentRow)
                                          .where(_on(dream_id, topic_id), CommentRow.hidden.is_(False)))
        return int(found or 0)

    async def hidden_since(self, branch_id: int, author_id: int, since: datetime) -> int:
        found = await self.session.scalar(
            sa.select(sa.func.count()).select_from(CommentRow)
            .where(CommentRow.branch_id == branch_id, CommentRow.author_id == author_id,
                   CommentRow.hidden.is_(True), CommentRow.at > since))
        return int(found or 0)

    async def add_report(self, report: Report) -> Report:
        row = await self._insert_unique(CommentReportRow(**report_values(report)),
                                        f"member {report.member_id} reported comment {report.comment_id} already")
        return replace(report, id=row.id)

    async def open_reports(self, branch_id: int) -> Sequence[Report]:
        rows = await self._all(sa.select(CommentReportRow).where(CommentReportRow.branch_id == branch_id,
                                                                 CommentReportRow.handled.is_(False))
                               .order_by(CommentReportRow.at, CommentReportRow.id))
        return [to_report(r) for r in rows]

    async def handle_reports(self, comment_id: int) -> int:
        result = await self.session.execute(
            sa.update(CommentReportRow).where(CommentReportRow.comment_id == comment_id,
                                              CommentReportRow.handled.is_(False))
            .values(handled=True).execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def add_topic(self, topic: Topic) -> Topic:
        row = await self._insert(TopicRow(**topic_values(topic)))
        return replace(topic, id=row.id)

    async def get_topic(self, topic_id: int) -> Topic | None:
        row = await self._first(sa.select(TopicRow).where(TopicRow.id == topic_id))
        return to_topic(row) if row else None

    async def save_topic(self, topic: Topic) -> None:
        await self._update(TopicRow, topic.id, topic_values(topic))

    async def topics_in(self, branch_id: int) -> Sequence[Topic]:
        rows = await self._all(sa.select(TopicRow).where(TopicRow.branch_id == branch_id)
                               .order_by(TopicRow.at.desc(), TopicRow.id.desc()))  # type: ignore[union-attr]
        return [to_topic(r) for r in rows]

    async def support(self, topic_id: int, member_id: int) -> None:
        await self._insert_unique(TopicSupportRow(topic_id=topic_id, member_id=member_id),
                                  f"member {member_id} supports topic {topic_id} already")

    async def supporters(self, topic_id: int) -> Sequence[int]:
        ids = await self.session.scalars(sa.select(TopicSupportRow.member_id)
                                         .where(TopicSupportRow.topic_id == topic_id).order_by(TopicSupportRow.id))
        return list(ids)

    async def add_mute(self, mute: Mute) -> None:
        await self._insert(MuteRow(branch_id=mute.branch_id, member_id=mute.member_id, until=mute.until, by=mute.by,
                                   reason=mute.reason, at=mute.at))

    async def muted_until(self, branch_id: int, member_id: int) -> datetime | None:
        found: datetime | None = await self.session.scalar(
            sa.select(sa.func.max(MuteRow.until)).where(MuteRow.branch_id == branch_id, MuteRow.member_id == member_id))
        return found


def _on(dream_id: int | None, topic_id: int | None) -> sa.ColumnElement[bool]:
    if (dream_id is None) == (topic_id is None):
        raise ValueError("comments are on a dream or on a topic: name one")
    if dream_id is not None:
        return CommentRow.dream_id == dream_id  # type: ignore[return-value]
    return CommentRow.topic_id == topic_id  # type: ignore[return-value]


def comment_values(c: Comment) -> Values:
    return dict(branch_id=c.branch_id, author_id=c.author_id, text=c.text, at=c.at, dream_id=c.dream_id,
                topic_id=c.topic_id, reply_to=c.reply_to, source=c.source, hidden=c.hidden,
                hidden_reason=c.hidden_reason, hidden_by=c.hidden_by)


def to_comment(r: CommentRow) -> Comment:
    return Comment(r.branch_id, r.author_id, r.text, r.at, r.dream_id, r.topic_id, r.reply_to, r.source, r.hidden,
                   r.hidden_reason, r.hidden_by, r.id)


def report_values(r: Report) -> Values:
    return dict(branch_id=r.branch_id, comment_id=r.comment_id, member_id=r.member_id, at=r.at, handled=r.handled)


def to_report(r: CommentReportRow) -> Report:
    return Report(r.branch_id, r.comment_id, r.member_id, r.at, r.handled, r.id)


def topic_values(t: Topic) -> Values:
    return dict(branch_id=t.branch_id, author_id=t.author_id, title=t.title, text=t.text, at=t.at,
                dream_id=t.dream_id)


def to_topic(r: TopicRow) -> Topic:
    return Topic(r.branch_id, r.author_id, r.title, r.text, r.at, r.dream_id, r.id)
