"""A notice: something a member must be told, written to the outbox with the change causing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any


class NoticeKind(str, Enum):
    REVIEW_REQUESTED = "review_requested"
    REVIEW_TIED = "review_tied"
    DREAM_DECIDED = "dream_decided"
    BOARD_DECIDED = "board_decided"
    PLEDGE_RECEIVED = "pledge_received"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    WITHDRAWAL_DECIDED = "withdrawal_decided"
    PROJECT_STARTED = "project_started"
    TEAM_JOINED = "team_joined"
    PROJECT_UPDATED = "project_updated"
    PROJECT_CLOSED = "project_closed"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"


class NoticeStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass
class Notice:
    """To one member, about one thing. `params` hold what the message needs, as plain JSON."""

    member_id: int
    branch_id: int
    kind: NoticeKind
    params: dict[str, Any]
    created_at: datetime
    status: NoticeStatus = NoticeStatus.PENDING
    channel: str | None = None
    sent_at: datetime | None = None
    id: int | None = None
