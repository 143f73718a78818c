"""The community manager's dialogs for events: inviting to one, changing it, cancelling it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock, to_utc
from ..i18n import Text, _, ngettext
from ..model.branches import Branch
from ..model.events import (CAPACITY_MAX, EVENT_AUDIENCE_LABELS, EVENT_KIND_LABELS, EVENT_TEXT_MAX, EVENT_TITLE_MAX,
                            PLACE_MAX, EventAudience, EventKind, audience_of, event_deadline_problem, event_end_problem,
                            event_start_problem)
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import events
from ..usecases.events import EventDraft
from ..views.events import event_card
from ..views.model import Note, View
from .forms import Check, Field, FieldKind, Form, Option, Situation

KIND_OPTIONS = tuple(Option(k.value, EVENT_KIND_LABELS[k]) for k in EventKind)
AUDIENCE_OPTIONS = tuple(Option(a.value, EVENT_AUDIENCE_LABELS[a]) for a in EventAudience)
_FIELDS = (
    Field("kind", FieldKind.CHOICE, _("What kind of event is it?"), options=KIND_OPTIONS),
    Field("title", FieldKind.TEXT, _("What is it called?"), max_length=EVENT_TITLE_MAX),
    Field("description", FieldKind.LONG_TEXT, _("What will happen? Who is it for?"), max_length=EVENT_TEXT_MAX),
    Field("starts", FieldKind.DATETIME, _("When does it start?")),
    Field("ends", FieldKind.DATETIME, _("When does it end?")),
    Field("place", FieldKind.TEXT, _("Where is it?"), max_length=PLACE_MAX),
    Field("audience", FieldKind.CHOICE, _("Who is invited?"), options=AUDIENCE_OPTIONS),
    Field("capacity", FieldKind.NUMBER, _("How many places are there? (optional: skip for no limit)"),
          required=False, minimum=Decimal(1), maximum=Decimal(CAPACITY_MAX), whole=True),
    Field("deadline", FieldKind.DATETIME, _("When does registration close? (optional: skip to close at the start)"),
          required=False),
)


def _summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("{kind}: {title}", kind=EVENT_KIND_LABELS[EventKind(a["kind"])], title=a["title"]),
             _("When: {starts} – {ends}", starts=a["starts"].replace("T", " "), ends=a["ends"].replace("T", " ")),
             _("Where: {place}", place=a["place"]),
             _("Invited: {audience}", audience=EVENT_AUDIENCE_LABELS[audience_of(EventKind(a["kind"]),
                                                                                 EventAudience(a["audience"]))]),
             _("Places: {capacity}", capacity=a["capacity"] or _("no limit"))]
    if a.get("deadline"):
        lines.append(_("Registration closes: {deadline}", deadline=a["deadline"].replace("T", " ")))
    return lines


def _utc(a: dict[str, Any], name: str, at: Situation) -> Any:
    return to_utc(a[name], at.timezone)


def _deadline(a: dict[str, Any], at: Situation) -> Text | None:
    if not a["deadline"]:  # registration closes at the start, which is checked on its own
        return None
    return event_deadline_problem(_utc(a, "deadline", at), _utc(a, "starts", at), at.now)


# the same rules the use case applies when the event is saved, each asked as soon as its fields are known
CHECKS = (
    Check(("starts",), lambda a, at: event_start_problem(_utc(a, "starts", at), at.now)),
    Check(("starts", "ends"), lambda a, at: event_end_problem(_utc(a, "starts", at), _utc(a, "ends", at))),
    Check(("starts", "deadline"), _deadline),
)


def draft(a: dict[str, Any]) -> EventDraft:
    return EventDraft(EventKind(a["kind"]), a["title"], a["description"], a["starts"], a["ends"], a["place"],
                      EventAudience(a["audience"]), int(a["capacity"]) if a.get("capacity") else None,
                      a.get("deadline"))


def previous_answers(event: events.Event, zone: str) -> dict[str, Any]:
    """The event as the answers that made it, so changing it starts from what it is."""
    return {"kind": event.kind.value, "title": event.title, "description": event.description,
            "starts": events.local(event.starts_at, zone).strftime("%Y-%m-%dT%H:%M"),
            "ends": events.local(event.ends_at, zone).strftime("%Y-%m-%dT%H:%M"), "place": event.place,
            "audience": event.audience.value, "capacity": str(event.capacity) if event.capacity else None,
            "deadline": events.local(event.deadline, zone).strftime("%Y-%m-%dT%H:%M")}


async def finish_event(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                       ctx: dict[str, Any]) -> list[View]:
    created, broadcast = await events.create_event(uow, clock, actor, branch, draft(a))
    return [Note.of(ngettext("The invitation to “{title}” is on its way to {count} person.",
                             "The invitation to “{title}” is on its way to {count} people.", broadcast.total,
                             title=created.title)),
            event_card(await events.event_facts(uow, clock, actor, created.id or 0))]


async def finish_edit(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                      ctx: dict[str, Any]) -> list[View]:
    changed = await events.edit_event(uow, clock, actor, ctx["event_id"], draft(a))
    return [Note.of(_("“{title}” is changed, and everyone who answered is told.", title=changed.title)),
            event_card(await events.event_facts(uow, clock, actor, changed.id or 0))]


async def finish_cancel(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                        ctx: dict[str, Any]) -> list[View]:
    cancelled = await events.cancel_event(uow, clock, actor, ctx["event_id"], a.get("reason") or "")
    return [Note.of(_("“{title}” is cancelled, and everyone who answered is told.", title=cancelled.title))]


EVENT = Form("event", _("New event"), _FIELDS, summary=_summary, confirm_label=_("Send the invitation"),
             checks=CHECKS, finish=finish_event)
EVENT_EDIT = Form("event_edit", _("Change the event"), _FIELDS, summary=_summary,
                  confirm_label=_("Save and tell everyone who answered"), checks=CHECKS, finish=finish_edit)
EVENT_CANCEL = Form("event_cancel", _("Cancel the event"), (
    Field("reason", FieldKind.LONG_TEXT, _("Why is it cancelled? Everyone who answered will be told. (optional)"),
          max_length=600, required=False),
), summary=lambda a: [_("Everyone who answered will be told that the event is cancelled.")],
   confirm_label=_("Cancel the event"), finish=finish_cancel)

FORMS = (EVENT, EVENT_EDIT, EVENT_CANCEL)
