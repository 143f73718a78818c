"""A person's own data: which of their dreams an erasure closes, what each kind of record is called, and how
long a confirmation to erase holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from ..i18n import _
from .dreams import DreamState

#: an owner's dreams that are still open: an erasure retracts them or hands them to the bank manager
OPEN_STATES = frozenset({DreamState.DEPOSITED, DreamState.NEEDS_INFO, DreamState.APPROVED})

#: a confirmation to erase is pressed within this time, or it is stale and changes nothing
CONFIRMATION_HOLDS = timedelta(minutes=15)

#: what each kind of record (named as where it is kept) is called in a person's summary
KIND_LABELS = {
    "identities": _("Accounts linked"), "role_grants": _("Roles"), "dreams": _("Dreams"),
    "votes": _("Votes as a board member"), "likes": _("Likes"), "pledges": _("Offers of help"),
    "followers": _("Dreams and projects followed"), "rsvps": _("Answers to events"),
    "call_signups": _("Calls for a hand joined"), "padrivere": _("Pådriver applications"),
    "padriver_competences": _("Competences as a pådriver"), "team_members": _("Places on a project team"),
    "project_updates": _("Project updates written"), "projects": _("Projects led"),
    "web_sessions": _("Sign-ins on the web pages"), "sign_in_links": _("Sign-in links asked for"),
    "link_codes": _("Codes for linking accounts"), "dialogs": _("Forms being filled in"),
    "notices": _("Messages to you (sent and waiting)"), "audit": _("Decisions recorded with your number"),
    "member_preferences": _("Settings and email"), "pictures": _("Pictures of your dreams"),
    "events": _("Events created"), "calls": _("Calls for a hand created"), "newsletters": _("Newsletters written"),
    "broadcasts": _("Messages to many sent"), "reviews": _("Reviews settled"),
    "wrong_link_codes": _("Wrong codes typed"), "inbound_updates": _("Messages waiting to be handled"),
    "interests": _("Interests declared as a board member"),
}


def export_filename(member_id: int) -> str:
    return f"dreambank-data-{member_id}.json"


def confirmation_minute(at: datetime) -> int:
    """The minute a confirmation was offered, as a small number its button carries."""
    return int(at.astimezone(timezone.utc).timestamp() // 60)


def confirmation_stale(offered_minute: int, now: datetime) -> bool:
    offered = datetime.fromtimestamp(offered_minute * 60, timezone.utc)
    return not offered <= now + timedelta(minutes=1) or now - offered > CONFIRMATION_HOLDS


def values_in(document: Any) -> Iterator[str]:
    """Every scalar value in a stored document (a notice's parameters, an audit entry's details), as text."""
    if isinstance(document, dict):
        for value in document.values():
            yield from values_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from values_in(value)
    elif document is not None:
        yield str(document)


def without_value(document: Any, value: str) -> Any:
    """The document with every scalar that is exactly `value` (an erased person's name) emptied."""
    if isinstance(document, dict):
        return {key: without_value(item, value) for key, item in document.items()}
    if isinstance(document, list):
        return [without_value(item, value) for item in document]
    return "" if document == value else document
