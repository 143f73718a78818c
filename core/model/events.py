"""Events: gatherings with registration, their time rules and the answers people give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ..i18n import Text, _

EVENT_TITLE_MAX = 120
EVENT_TEXT_MAX = 2000
PLACE_MAX = 200
CAPACITY_MAX = 10_000
EVENT_LONGEST = timedelta(days=14)


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


class EventKind(str, Enum):
    GATHERING = "gathering"
    BREAKFAST = "breakfast"
    THEME_MEETING = "theme_meeting"
    OPEN_MEETING = "open_meeting"
    COURSE = "course"


EVENT_KIND_LABELS = {
    EventKind.GATHERING: _("Pådriver gathering"), EventKind.BREAKFAST: _("Breakfast"),
    EventKind.THEME_MEETING: _("Theme meeting"), EventKind.OPEN_MEETING: _("Open meeting"),
    EventKind.COURSE: _("Course"),
}


class EventAudience(str, Enum):
    PADRIVERE = "padrivere"
    EVERYONE = "everyone"


def audience_of(kind: EventKind, chosen: EventAudience) -> EventAudience:
    """Whom an event of this kind is for: a theme meeting is for every member of the branch, whatever was chosen."""
    return EventAudience.EVERYONE if kind is EventKind.THEME_MEETING else chosen


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
