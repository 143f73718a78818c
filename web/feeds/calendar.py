"""Calendar files of a branch's public events: one event, and the events coming up as one feed to subscribe to.

Each event is written exactly as the chat sends it (`core.chat.files.calendar_file`), so a calendar that
got it from the chat and from here keeps one copy (the same UID, replaced by a higher SEQUENCE).
"""

from __future__ import annotations

from collections.abc import Sequence

from icalendar import Calendar

from core.chat.files import PRODUCT, calendar_file
from core.model.branches import Branch
from core.model.events import Event

MEDIA_TYPE = "text/calendar; charset=utf-8"


def event_file(event: Event, branch: Branch, host: str) -> bytes:
    """One event's calendar file."""
    return calendar_file(event, branch, branch.language, host).data


def events_file(events: Sequence[Event], branch: Branch, host: str) -> bytes:
    """The events as one calendar, named for the branch."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", branch.name)
    calendar.add("x-wr-timezone", branch.timezone)
    for event in events:
        for entry in Calendar.from_ical(event_file(event, branch, host)).walk("VEVENT"):
            calendar.add_component(entry)
    return calendar.to_ical()
