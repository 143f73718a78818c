"""Newsletters: a text and a picture for an audience, sent now or at a set time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from .notices import Recipients

NEWSLETTER_MAX = 3500


class NewsletterStatus(str, Enum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"


@dataclass
class Newsletter:
    """Text, an optional image, an audience; sent now or at `send_at` as one broadcast."""

    branch_id: int
    author_id: int
    text: str
    recipients: Recipients
    created_at: datetime
    image: dict[str, Any] = field(default_factory=dict)  # {"platform": ..., "file_id": ...} or {"url": ...}
    send_at: datetime | None = None
    status: NewsletterStatus = NewsletterStatus.SCHEDULED
    broadcast_id: int | None = None
    id: int | None = None
