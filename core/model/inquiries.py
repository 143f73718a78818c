"""Inquiries to the municipality: one entrance, one owner at a time, one thread both sides see."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

QUESTION_MAX = 2000
TOPIC_MAX = 60
TOPICS_MAX = 20


class InquiryState(str, Enum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class EntryKind(str, Enum):
    """What an entry in an inquiry's thread is: the enthusiast's words, an answer, a hand-over, a note."""

    QUESTION = "question"
    ANSWER = "answer"
    HANDOVER = "handover"
    NOTE = "note"


class Assignment(str, Enum):
    """How a branch gives a new inquiry its owner."""

    ROUND_ROBIN = "round_robin"
    TOPIC = "topic"


@dataclass
class Inquiry:
    branch_id: int
    asker_id: int
    question: str
    owner_id: int
    asked_at: datetime
    topic: str = ""
    state: InquiryState = InquiryState.OPEN
    #: the first answer's moment: the response time is measured to it
    answered_at: datetime | None = None
    #: when the owner, then the branch admin, was reminded of it; each once
    owner_reminded_at: datetime | None = None
    admin_reminded_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class InquiryEntry:
    inquiry_id: int
    author_id: int
    text: str
    at: datetime
    kind: EntryKind
    id: int | None = None


def parse_topics(text: str) -> list[str]:
    """A consultant's topics as typed: keywords separated by commas, lower-cased, each once."""
    words = [w.strip().lower()[:TOPIC_MAX] for w in text.replace(";", ",").split(",")]
    return list(dict.fromkeys(w for w in words if w and w != "-"))[:TOPICS_MAX]


def matches(topics: list[str] | tuple[str, ...], inquiry_text: str) -> bool:
    lowered = inquiry_text.lower()
    return any(t in lowered for t in topics)


def next_in_turn(candidates: list[int], last_owner: int | None) -> int:
    """Round-robin: the one after the last owner, in a steady order (the first when the last is not among them)."""
    ordered = sorted(candidates)
    if last_owner is None:
        return ordered[0]
    later = [c for c in ordered if c > last_owner]
    return later[0] if later else ordered[0]


def add_working_days(start: datetime, days: int, timezone: str) -> datetime:
    """The moment `days` working days (Monday to Friday in the branch's time zone; holidays are not known)
    after `start`: a weekend does not count."""
    local = start.astimezone(ZoneInfo(timezone))
    left = days
    while left > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            left -= 1
    return local.astimezone(start.tzinfo)


def working_days_between(start: datetime, end: datetime, timezone: str) -> int:
    """Whole working days passed from `start` to `end`."""
    count = 0
    while add_working_days(start, count + 1, timezone) <= end:
        count += 1
    return count


@dataclass(frozen=True)
class ResponseTimes:
    """How quickly a branch answers: the median time to a first answer, and the longest still waiting."""

    median: timedelta | None
    longest_open: timedelta | None
    answered: int
    waiting: int


def response_times(inquiries: list[Inquiry], now: datetime) -> ResponseTimes:
    answered = [i.answered_at - i.asked_at for i in inquiries if i.answered_at is not None]
    waiting = [now - i.asked_at for i in inquiries if i.answered_at is None and i.state is InquiryState.OPEN]
    median = timedelta(seconds=statistics.median(a.total_seconds() for a in answered)) if answered else None
    return ResponseTimes(median, max(waiting) if waiting else None, len(answered), len(waiting))
