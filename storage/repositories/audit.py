"""The audit trail: who did what to which subject, and when."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from core.model.audit import AuditEntry

from ..tables import AuditRow
from .base import Repository, Values


class SqlAudit(Repository):
    async def record(self, entry: AuditEntry) -> None:
        await self._insert(AuditRow(**audit_values(entry)))

    async def about(self, subject: str) -> Sequence[AuditEntry]:
        rows = await self._all(sa.select(AuditRow).where(AuditRow.subject == subject)
                               .order_by(AuditRow.at, AuditRow.id))
        return [to_audit(r) for r in rows]


def audit_values(e: AuditEntry) -> Values:
    return dict(branch_id=e.branch_id, actor_id=e.actor_id, action=e.action, subject=e.subject, at=e.at,
                detail=dict(e.detail))


def to_audit(r: AuditRow) -> AuditEntry:
    return AuditEntry(r.branch_id, r.actor_id, r.action, r.subject, r.at, dict(r.detail), r.id)
