"""What is kept beside the domain: the outbox of notices, the audit trail, half-finished dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.dialogs.state import DialogState
from core.errors import Conflict
from core.model.audit import AuditEntry
from core.model.notices import Audience, Delivery, Notice, NoticeStatus

from ..mapping import audit_values, dialog_values, notice_values, to_audit, to_dialog, to_notice
from ..tables import AuditRow, ChatLinkRow, DialogRow, IdentityRow, NoticeRow, PostRow, ProcessedUpdateRow
from .base import Repository


class SqlOutbox(Repository):
    async def put(self, notice: Notice) -> None:
        """Stage the notice with the change causing it; its id is set on the notice."""
        row = await self._insert(NoticeRow(**notice_values(notice)))
        notice.id = row.id

    async def pending_for(self, member_id: int, limit: int = 50) -> Sequence[Notice]:
        rows = await self._all(
            sa.select(NoticeRow)
            .where(NoticeRow.status == NoticeStatus.PENDING.value, NoticeRow.member_id == member_id)
            .order_by(NoticeRow.created_at, NoticeRow.id).limit(limit))
        return [to_notice(r) for r in rows]

    async def pending_on(self, platform: str, limit: int = 100) -> Sequence[Delivery]:
        """Members' notices go to their reachable identity there; branch posts to the linked chat."""
        to_members = (
            sa.select(NoticeRow, IdentityRow.external_id.label("chat_id"))
            .join(IdentityRow, IdentityRow.member_id == NoticeRow.member_id)
            .where(NoticeRow.status == NoticeStatus.PENDING.value, NoticeRow.audience == Audience.MEMBER.value,
                   IdentityRow.platform == platform, IdentityRow.reachable.is_(True)))
        to_chats = (
            sa.select(NoticeRow, ChatLinkRow.chat_id.label("chat_id"))
            .join(ChatLinkRow, sa.and_(ChatLinkRow.branch_id == NoticeRow.branch_id,
                                       ChatLinkRow.purpose == NoticeRow.audience))
            .where(NoticeRow.status == NoticeStatus.PENDING.value, NoticeRow.audience != Audience.MEMBER.value,
                   ChatLinkRow.platform == platform))
        found = []
        for statement in (to_members, to_chats):
            result = await self.session.execute(
                statement.order_by(NoticeRow.id).limit(limit).execution_options(populate_existing=True))
            found += [Delivery(to_notice(row), str(chat_id)) for row, chat_id in result.all()]
        found.sort(key=lambda d: d.notice.id or 0)
        return found[:limit]

    async def mark_sent(self, notice_id: int, channel: str, at: datetime, message_id: str | None = None) -> None:
        await self._update(NoticeRow, notice_id, dict(status=NoticeStatus.SENT.value, channel=channel, sent_at=at,
                                                      message_id=message_id))

    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None:
        await self._update(NoticeRow, notice_id, dict(status=NoticeStatus.FAILED.value, channel=channel,
                                                      sent_at=at, last_error=reason[:2000]))

    async def supersede(self, notice_ids: Sequence[int], at: datetime) -> None:
        if notice_ids:
            await self.session.execute(
                sa.update(NoticeRow).where(NoticeRow.id.in_(list(notice_ids)))
                .values(status=NoticeStatus.SUPERSEDED.value, sent_at=at)
                .execution_options(synchronize_session=False))


class SqlInbox(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        try:
            await self._insert_unique(ProcessedUpdateRow(key=key, at=at), "update handled already")
        except Conflict:
            return False
        return True


class SqlPosts(Repository):
    async def find(self, platform: str, chat_id: str, topic: str) -> str | None:
        return await self.session.scalar(sa.select(PostRow.message_id).where(
            PostRow.platform == platform, PostRow.chat_id == chat_id, PostRow.topic == topic))

    async def remember(self, platform: str, chat_id: str, topic: str, message_id: str) -> None:
        await self._delete(PostRow, PostRow.platform == platform, PostRow.chat_id == chat_id, PostRow.topic == topic)
        await self._insert(PostRow(platform=platform, chat_id=chat_id, topic=topic, message_id=message_id))


class SqlAudit(Repository):
    async def record(self, entry: AuditEntry) -> None:
        await self._insert(AuditRow(**audit_values(entry)))

    async def about(self, subject: str) -> Sequence[AuditEntry]:
        rows = await self._all(sa.select(AuditRow).where(AuditRow.subject == subject)
                               .order_by(AuditRow.at, AuditRow.id))
        return [to_audit(r) for r in rows]


class SqlDialogs(Repository):
    """At most one dialog per member: saving replaces the member's current one."""

    async def current(self, member_id: int) -> DialogState | None:
        row = await self._first(sa.select(DialogRow).where(DialogRow.member_id == member_id))
        return to_dialog(row) if row else None

    async def save(self, state: DialogState) -> DialogState:
        values = dialog_values(state)
        row_id = await self._row_id(state.member_id)
        if row_id is None:
            try:
                row = await self._insert_unique(DialogRow(**values), "dialog exists")
                return replace(state, id=row.id)
            except Conflict:  # a concurrent transaction started one first: replace it
                row_id = await self._row_id(state.member_id)
        await self._update(DialogRow, row_id, values)
        return replace(state, id=row_id)

    async def end(self, member_id: int) -> None:
        await self._delete(DialogRow, DialogRow.member_id == member_id)

    async def _row_id(self, member_id: int) -> int | None:
        return await self.session.scalar(sa.select(DialogRow.id).where(DialogRow.member_id == member_id))
