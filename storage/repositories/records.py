"""What is kept beside the domain: the outbox of notices, the audit trail, half-finished dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.dialogs.state import DialogState
from core.errors import Conflict
from core.model.audit import AuditEntry
from core.model.notices import Notice, NoticeStatus

from ..mapping import audit_values, dialog_values, notice_values, to_audit, to_dialog, to_notice
from ..tables import AuditRow, DialogRow, NoticeRow
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

    async def mark_sent(self, notice_id: int, channel: str, at: datetime) -> None:
        await self._update(NoticeRow, notice_id, dict(status=NoticeStatus.SENT.value, channel=channel, sent_at=at))


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
