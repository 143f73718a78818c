"""Files members can get from the bot: an event's calendar entry and its attendee list."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from icalendar import Calendar, Event as CalendarEvent, vText

from ..i18n import translate
from ..model.branches import Branch
from ..model.events import ANSWER_LABELS, EVENT_KIND_LABELS, Event
from ..usecases.events import Attendee, local
from .replies import Attachment

PRODUCT = "-//dreambank//events//EN"


def calendar_file(event: Event, branch: Branch, language: str, host: str = "dreambank") -> Attachment:
    """An iCalendar (RFC 5545) file with the event in UTC; a cancelled event is sent as CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}-{branch.slug}@{host}")
    entry.add("dtstamp", event.created_at)
    entry.add("sequence", event.sequence)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    kind = translate(EVENT_KIND_LABELS[event.kind], language)
    entry.add("description", f"{kind}\n\n{event.description}".strip())
    if event.place:
        entry["location"] = vText(event.place)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return Attachment(f"event-{event.id}.ics", calendar.to_ical(), "text/calendar")


def attendee_file(event: Event, branch: Branch, attendees: Sequence[Attendee], language: str,
                  headings: Sequence[str]) -> Attachment:
    """The attendee list as CSV (UTF-8 with a byte order mark, so spreadsheets read å, ø and æ)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for a in attendees:
        writer.writerow([_safe(translate(a.name, language)), translate(ANSWER_LABELS[a.answer], language),
                         a.waiting if a.waiting is not None else "", _when(a.at, branch)])
    return Attachment(f"event-{event.id}-attendees.csv", ("\ufeff" + out.getvalue()).encode(), "text/csv")


def _when(at: datetime, branch: Branch) -> str:
    return local(at, branch.timezone).strftime("%Y-%m-%d %H:%M")


def _safe(cell: str) -> str:
    """A name that a spreadsheet would run as a formula is quoted as text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
