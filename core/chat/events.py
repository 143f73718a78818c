"""Events in chat: what is coming up, an event's card and answers, its files, the manager's dialogs, and what
invitations, changes, cancellations and reminders say."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..i18n import Text, _, ngettext, translate
from ..model.events import Answer
from ..usecases import events, padrivere
from ..views.events import ANSWER_CODES, calendar_act, event_card, event_lines, events_listing, open_act, rsvp_acts, \
    your_answer
from ..views.model import Act
from ..views.paging import page_arg
from ..dialogs.events import previous_answers
from .buttons import Action, ButtonCodec, Press
from .files import attendee_file, calendar_file
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn


async def event_view(t: Turn, event_id: int, replaces: bool = False) -> Message:
    card = event_card(await events.event_facts(t.uow, t.clock, t.actor, event_id))
    return as_message(card, t.codec, replaces=replaces)


async def events_(t: Turn, page: int = 1) -> list[Message]:
    found = await events.upcoming(t.uow, t.clock, t.actor)
    manager = await padrivere.is_manager(t.uow, t.actor, t.branch.id)
    return [as_message(events_listing(found, t.branch.timezone, page, manager), t.codec)]


async def event(t: Turn) -> list[Message]:
    return [await event_view(t, t.number_arg("/event 2"))]


async def new_event(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    return [Message.of(_("Times are in {zone}.", zone=t.branch.timezone)), *await t.start_dialog("event")]


def _answer(press: Press) -> Answer:
    try:
        return ANSWER_CODES[press.args[1]]
    except KeyError:
        raise ValueError(press.args[1]) from None  # the conversation says the button is not valid


async def rsvp(t: Turn, press: Press) -> list[Message]:
    result = await events.respond(t.uow, t.clock, t.actor, press.number(0), _answer(press))
    if t.place is not None and not t.place.private:  # pressed under a group's post: a short answer will do
        return [Message.of(_rsvp_toast(result))]
    return [await event_view(t, result.event.id or 0, replaces=True)]


def _rsvp_toast(result: events.RsvpResult) -> Text:
    if result.position is not None:
        return _("The event is full: you are on the waitlist, number {n}.", n=result.position)
    return {Answer.GOING: _("You are going. See you there!"), Answer.MAYBE: _("You answered maybe."),
            Answer.NO: _("You answered that you can't come.")}[result.rsvp.answer]


async def calendar(t: Turn, press: Press) -> list[Message]:
    found = await events.visible_event(t.uow, t.actor, press.number(0))
    language = t.actor.speaks(t.branch.language)
    return [Message.of(_("Open the file to put “{title}” in your calendar.", title=found.title),
                       attachment=calendar_file(found, t.branch, language))]


async def attendee_list(t: Turn, press: Press) -> list[Message]:
    found, people = await events.attendees(t.uow, t.actor, press.number(0))
    language = t.actor.speaks(t.branch.language)
    headings = [translate(h, language) for h in (_("name"), _("answer"), _("waitlist"), _("answered at"))]
    going = sum(1 for p in people if p.answer is Answer.GOING and p.waiting is None)
    return [Message.of(ngettext("Everyone who answered “{title}”: {going} going, {count} answer.",
                                "Everyone who answered “{title}”: {going} going, {count} answers.", len(people),
                                title=found.title, going=going),
                       attachment=attendee_file(found, t.branch, people, language, headings))]


async def edit_event(t: Turn, press: Press) -> list[Message]:
    found = await events.ensure_can_edit_event(t.uow, t.actor, press.number(0))
    return await t.start_dialog("event_edit", {"event_id": found.id}, previous_answers(found, t.branch.timezone))


async def cancel_event(t: Turn, press: Press) -> list[Message]:
    found = await events.ensure_can_cancel_event(t.uow, t.actor, press.number(0))
    return await t.start_dialog("event_cancel", {"event_id": found.id})


def _page(press: Press) -> int:
    return press.number(0) if press.args else 1


async def _open(t: Turn, press: Press) -> list[Message]:
    return [await event_view(t, press.number(0))]


COMMANDS = {"events": lambda t: events_(t, page_arg(t.args)), "event": event, "newevent": new_event}
PRESSES = {
    Action.EVENTS: lambda t, p: events_(t, _page(p)), Action.NEW_EVENT: lambda t, p: new_event(t),
    Action.OPEN_EVENT: _open, Action.RSVP: rsvp,
    Action.CALENDAR: calendar, Action.ATTENDEES: attendee_list, Action.EDIT_EVENT: edit_event,
    Action.CANCEL_EVENT: cancel_event,
}

# -- what the notices about events say -------------------------------------------------------------


def _mine(p: dict[str, Any]) -> Answer | None:
    """The recipient's answer as read when the notice was sent (none in a notice written before that was read)."""
    return Answer(p["mine"]) if p.get("mine") else None


def _invitation(p: dict[str, Any]) -> list[Text]:
    lines = [_("You are invited!"), *event_lines(p)]
    answer = your_answer(_mine(p), p.get("position"))
    return lines + [answer] if answer is not None else lines


def _invitation_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    # someone on the waitlist is not going yet: nothing is ticked, the line above says where they stand
    ticked = None if p.get("position") else _mine(p)
    return as_buttons([rsvp_acts(p["event_id"], ticked), [calendar_act(p["event_id"])]], codec)


def _post_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p.get("cancelled"):
        return []
    return as_buttons([rsvp_acts(p["event_id"]), [Act(None, _("Open in a private chat"), link=f"e{p['event_id']}")]],
                      codec)


def _open_event(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons([[open_act(p["event_id"])]], codec)


def _cancelled(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("❌ “{title}” on {starts} is cancelled.", title=p["title"],
                                 starts=events.event_moments(p).starts)]
    if p.get("reason"):
        lines.append(_("The organiser wrote: {reason}", reason=p["reason"]))
    return lines


def _lead(minutes: int) -> Text:
    if minutes % 1440 == 0:
        return ngettext("in {n} day", "in {n} days", minutes // 1440, n=minutes // 1440)
    if minutes % 60 == 0:
        return ngettext("in {n} hour", "in {n} hours", minutes // 60, n=minutes // 60)
    return ngettext("in {n} minute", "in {n} minutes", minutes, n=minutes)


def _reminder(p: dict[str, Any]) -> list[Text]:
    when = events.shown(datetime.fromisoformat(p["starts_at"]), p["timezone"])
    lines: list[Text] = [_("⏰ Reminder: “{title}” starts {lead}.", title=p["title"], lead=_lead(p["lead_minutes"])),
                         _("When: {when}", when=when)]
    if p.get("place"):
        lines.append(_("Where: {place}", place=p["place"]))
    lines.append(_("Can't come after all? Say so with the button, and your seat goes to someone waiting."))
    return lines


NOTICES = {
    "event_invitation": (_invitation, _invitation_buttons),
    "event_post": (event_lines, _post_buttons),
    "event_changed": (lambda p: [_("✏ The event has changed. Here it is now:"), *event_lines(p)], _open_event),
    "event_cancelled": (_cancelled, lambda c, p: []),
    "event_promoted": (lambda p: [_("🎉 A place freed up: you are going to “{title}” on {starts}!",
                                    title=p["title"], starts=events.event_moments(p).starts),
                                  _("If you can't come after all, say so, so the next one gets the place.")],
                       _open_event),
    "event_reminder": (_reminder, _open_event),
}
