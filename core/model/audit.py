"""The audit trail: every decision, who took it and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    branch_id: int
    actor_id: int | None
    action: str
    subject: str
    at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
