"""Keeping every decision in the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..model.audit import AuditEntry
from ..ports import UnitOfWork


async def record(uow: UnitOfWork, at: datetime, branch_id: int, actor_id: int | None, action: str,
                 subject: str, **detail: Any) -> None:
    await uow.audit.record(AuditEntry(branch_id, actor_id, action, subject, at, detail))
