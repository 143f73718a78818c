"""The audit trail, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.model.audit import AuditEntry

from .store import Store, kept


class FakeAudit:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def record(self, entry: AuditEntry) -> None:
        self.s.audit.append(kept(replace(entry, id=self.s.new_id())))

    async def about(self, subject: str) -> list[AuditEntry]:
        found = [e for e in self.s.audit if e.subject == subject]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.at, e.id))]
