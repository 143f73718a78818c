"""The stored state of a half-finished dialog, so that a restart loses nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class DialogState:
    member_id: int
    form: str
    step: int
    answers: dict[str, Any]
    context: dict[str, Any]
    updated_at: datetime
    pending_refusal: str | None = None
    nonce: int = 0
    id: int | None = None
    previous: dict[str, Any] = field(default_factory=dict)
    #: names this dialog among all a member has had; its buttons carry it, so no other dialog obeys them
    instance: str = ""
