"""Time: stored in UTC, injected so tests can move it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to; for tests and scripted demos."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self._at = self._at + timedelta(**delta)


def to_utc(local: str, zone: str) -> datetime:
    """A wall-clock time in the branch's zone as UTC (the earlier one when a clock change repeats it)."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(timezone.utc)
