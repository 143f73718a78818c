"""Calls for participation: what is needed, when, and who signed up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .notices import Recipients

CALL_TITLE_MAX = 120
CALL_TEXT_MAX = 1500
WHEN_MAX = 120
NEEDED_MAX = 500


class CallStatus(str, Enum):
    OPEN = "open"
    FULL = "full"
    CLOSED = "closed"


@dataclass
class Call:
    """A call for participation: what, when, how many people, which competences."""

    branch_id: int
    title: str
    description: str
    when: str
    needed: int
    competences: list[str]
    created_by: int
    created_at: datetime
    status: CallStatus = CallStatus.OPEN
    id: int | None = None

    def audience(self) -> Recipients:
        """Pådrivere with a matching competence (all pådrivere when the call names none)."""
        return Recipients("call", str(self.id))


@dataclass(frozen=True)
class Signup:
    call_id: int
    member_id: int
    at: datetime
