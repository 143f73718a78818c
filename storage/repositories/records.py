"""What is kept beside the domain: the outbox of notices, the audit trail, half-finished dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from core.dialogs.state import DialogState
from core.errors import Conflict
from core.model.audit import AuditEntry

from ..mapping import audit_values, dialog_values, to_audit, to_dialog
from ..tables import AuditRow, DialogRow, InboundUpdateRow, PostRow, ProcessedUpdateRow
from .base import Repository


class SqlInbox(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        try:
            await self._insert_unique(ProcessedUpdateRow(key=key, at=at), "update handled already")
        except Conflict:
            return False
        return True


class SqlInboundUpdates(Repository):
    async def keep(self, source: str, updates: Sequence[tuple[int, dict[str, Any]]], at: datetime) -> None:
        for update_id, payload in updates:
            await self._insert_new(InboundUpdateRow, dict(source=source, update_id=update_id, payload=payload,
                                                          received_at=at), ["source", "update_id"])

    async def unhandled(self, source: str, limit: int = 100) -> Sequence[tuple[int, dict[str, Any]]]:
        rows = await self.session.execute(
            sa.select(InboundUpdateRow.update_id, InboundUpdateRow.payload)
            .where(InboundUpdateRow.source == source, InboundUpdateRow.handled_at.is_(None))
            .order_by(InboundUpdateRow.update_id).limit(limit))
        return [(update_id, payload) for update_id, payload in rows.all()]

    async def mark_handled(self, source: str, update_id: int, at: datetime) -> None:
        await self.session.execute(
            sa.update(InboundUpdateRow).where(InboundUpdateRow.source == source, InboundUpdateRow.update_id == update_id)
            .values(handled_at=at).execution_options(synchronize_session=False))

    async def forget_handled(self, source: str, before: datetime) -> int:
        return await self._delete(InboundUpdateRow, InboundUpdateRow.source == source,
                                  InboundUpdateRow.handled_at.is_not(None), InboundUpdateRow.handled_at < before)


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
