"""The community manager's circle: pådrivere, events with registration, calls, newsletters.

Rules that need no storage live here as plain functions and methods; the use cases load, lock
and save around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import Text, _
from .notices import Recipients

COMPETENCE_MAX = 60
COMPETENCES_MAX = 40
OTHER_MAX = 300
AVAILABILITY_MAX = 300
EVENT_TITLE_MAX = 120
EVENT_TEXT_MAX = 2000
PLACE_MAX = 200
CAPACITY_MAX = 10_000
CALL_TITLE_MAX = 120
CALL_TEXT_MAX = 1500
WHEN_MAX = 120
NEEDED_MAX = 500
NEWSLETTER_MAX = 3500
EVENT_LONGEST = timedelta(days=14)


def to_utc(local: str, zone: str) -> datetime:
    """A wall-clock time in the branch's zone as UTC (the earlier one when a clock change repeats it)."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(timezone.utc)


def event_start_problem(starts: datetime, now: datetime) -> Text | None:
    """Why an event cannot start then, or None. Asked as soon as the start is known, and again when saved."""
    return _("The start has to be in the future.") if starts <= now else None


def event_end_problem(starts: datetime, ends: datetime) -> Text | None:
    if ends <= starts:
        return _("The end has to be after the start.")
    if ends - starts > EVENT_LONGEST:
        return _("An event can last at most two weeks.")
    return None


def event_deadline_problem(deadline: datetime, starts: datetime, now: datetime) -> Text | None:
    if deadline > starts:
        return _("Registration has to close before the event starts.")
    if deadline <= now:
        return _("The registration deadline has to be in the future.")
    return None

#: what a new branch offers applicants to choose from, until its community manager edits the list
DEFAULT_COMPETENCES: tuple[Text, ...] = (
    _("organising events"), _("building and repairs"), _("gardening"), _("cooking"),
    _("communication and social media"), _("funding applications"), _("children and young people"),
    _("culture and music"), _("sport and outdoor life"), _("technology"), _("languages and translation"),
)


class ApplicationStatus(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass
class Padriver:
    """A member's application to the circle and, once approved, their pådriver profile."""

    branch_id: int
    member_id: int
    competences: list[str]
    other: str
    availability: str
    public: bool
    applied_at: datetime
    status: ApplicationStatus = ApplicationStatus.PENDING
    decided_at: datetime | None = None
    decided_by: int | None = None
    reason: str = ""
    id: int | None = None

    def all_competences(self) -> list[str]:
        return [*self.competences, *([self.other] if self.other else [])]


@dataclass(frozen=True)
class Contributions:
    """What a pådriver has done, credited from the records themselves."""

    pledges: int = 0
    events: int = 0
    calls: int = 0
    roles: tuple[tuple[str, str], ...] = ()  # (project title, role on its team)

    @property
    def any(self) -> bool:
        return bool(self.pledges or self.events or self.calls or self.roles)


class EventKind(str, Enum):
    GATHERING = "gathering"
    BREAKFAST = "breakfast"
    THEME_MEETING = "theme_meeting"
    OPEN_MEETING = "open_meeting"


EVENT_KIND_LABELS = {
    EventKind.GATHERING: _("Pådriver gathering"), EventKind.BREAKFAST: _("Breakfast"),
    EventKind.THEME_MEETING: _("Theme meeting"), EventKind.OPEN_MEETING: _("Open meeting"),
}


class EventAudience(str, Enum):
    PADRIVERE = "padrivere"
    EVERYONE = "everyone"


EVENT_AUDIENCE_LABELS = {EventAudience.PADRIVERE: _("pådrivere"), EventAudience.EVERYONE: _("everyone")}


class Answer(str, Enum):
    GOING = "going"
    MAYBE = "maybe"
    NO = "no"


ANSWER_LABELS = {Answer.GOING: _("Going"), Answer.MAYBE: _("Maybe"), Answer.NO: _("Can't come")}


@dataclass
class Event:
    """A gathering, breakfast or meeting; times are UTC, shown in the branch's time zone."""

    branch_id: int
    kind: EventKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    audience: EventAudience
    capacity: int | None
    deadline: datetime
    created_by: int
    created_at: datetime
    cancelled_at: datetime | None = None
    #: raised on every change, so calendars replace their copy (iCalendar SEQUENCE)
    sequence: int = 0
    id: int | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def registration_open(self, now: datetime) -> bool:
        return not self.cancelled and now <= self.deadline and now < self.starts_at

    def full(self, going: int) -> bool:
        return self.capacity is not None and going >= self.capacity


@dataclass
class Rsvp:
    """A member's answer to an event. `seq` is the order answers were settled in, so the waitlist is fair."""

    event_id: int
    member_id: int
    answer: Answer
    at: datetime
    seq: int
    waiting: bool = False
    id: int | None = None

    @property
    def has_seat(self) -> bool:
        return self.answer is Answer.GOING and not self.waiting


@dataclass(frozen=True)
class RsvpCounts:
    going: int = 0
    maybe: int = 0
    no: int = 0
    waiting: int = 0


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
