"""What is kept of what was done: the audit trail, the schedule's runs, dialogs under way."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from ..dialogs.state import DialogState
from ..model.audit import AuditEntry


class Audit(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...
    async def about(self, subject: str) -> Sequence[AuditEntry]: ...


class Runs(Protocol):
    async def first_time(self, key: str, at: datetime) -> bool:
        """Remember that a scheduled piece of work was done ("reminder:12:1440"); False when it was already."""
        ...

    async def marks(self) -> dict[str, tuple[str, datetime]]:
        """For each scheduled job: its timing, and the due time up to which its runs are settled."""
        ...

    async def settle(self, job_id: str, spec: str, at: datetime) -> None:
        """The job's runs under this timing are settled up to `at`; for the same timing the mark never moves back."""
        ...

    async def forget_marks(self, keep: Collection[str]) -> None:
        """Drop the marks of every job not in `keep` (what it was for is gone or done)."""
        ...


class Dialogs(Protocol):
    async def current(self, member_id: int) -> DialogState | None: ...
    async def save(self, state: DialogState) -> DialogState: ...
    async def end(self, member_id: int) -> None: ...
