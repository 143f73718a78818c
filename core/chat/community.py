"""The community manager's circle in chat: commands, button presses and finished dialogs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import Refused
from ..i18n import Text, _, ngettext, translate
from ..model.events import Answer, EventAudience, EventKind
from ..model.newsletters import NewsletterStatus
from ..model.padrivere import ApplicationStatus
from ..model.members import Role
from ..model.notices import Progress
from ..usecases import calls, events, newsletters, padrivere
from ..usecases.events import EventDraft, to_utc
from .buttons import Action, Press
from .community_views import (ANSWER_CODES, application_buttons, application_lines, application_params, call_card,
                              event_card, padriver_page)
from .files import attendee_file, calendar_file
from .replies import Button, Message
from .turn import Turn

# -- pådrivere -----------------------------------------------------------------------------------


async def padriver(t: Turn) -> list[Message]:
    """Apply to become a pådriver; a pådriver sees their profile and can change it."""
    earlier = await padrivere.ensure_can_apply(t.uow, t.actor, t.branch)
    context = {"competences": [[c, c] for c in padrivere.competence_list(t.branch)]}
    is_padriver = Role.PADRIVER in await t.roles()
    if earlier is not None and is_padriver and earlier.status is ApplicationStatus.APPROVED:
        previous = {"competences": [c for c in earlier.competences if c in padrivere.competence_list(t.branch)],
                    "other": earlier.other, "availability": earlier.availability, "public": earlier.public}
        return [Message.of(_("You are a pådriver of {branch}. Thank you! Here you can change what your profile "
                             "says.", branch=t.branch.name), buttons=_circle_button(t)),
                *await t.start_dialog("padriver", context, previous)]
    intro = Message.of(_("Pådrivere are the people who make things happen here: they help dreams become "
                         "projects, come to gatherings and answer calls for a hand."),
                       _("Tell us what you are good at. The community manager reads every application and you "
                         "will hear back here."))
    return [intro, *await t.start_dialog("padriver", context)]


def _circle_button(t: Turn) -> list[list[Button]]:
    return [[Button(_("Join the pådriver group"), invite=f"circle:{t.branch.id}")]]


async def padrivere_page(t: Turn) -> list[Message]:
    return [padriver_page(t.branch.name, await padrivere.page(t.uow, t.clock, t.branch.id))]


async def applications(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    pending = list(await t.uow.padrivere.pending(t.branch.id))
    if not pending:
        return [Message.of(_("No applications are waiting."))]
    out = []
    for application in pending[:20]:
        member = await t.uow.members.get(application.member_id)
        if member is not None:
            out.append(Message.of(*application_lines(application_params(member, application)),
                                  buttons=application_buttons(t.codec, application.id)))
    return out


async def competences(t: Turn) -> list[Message]:
    """`/competences`, `/competences add NAME`, `/competences remove NAME` (the manager edits the list)."""
    if t.args and t.args[0].lower() in ("add", "remove"):
        name = " ".join(t.args[1:])
        add, remove = ([name], []) if t.args[0].lower() == "add" else ([], [name])
        listed = await padrivere.set_competences(t.uow, t.clock, t.actor, t.branch, add, remove)
    else:
        listed = padrivere.competence_list(t.branch)
    lines: list[Text | str] = [_("The competences pådrivere choose from:"), *(f"• {c}" for c in listed)]
    if Role.COMMUNITY_MANAGER in await t.roles():
        lines.append(_("Change the list with /competences add NAME or /competences remove NAME."))
    return [Message.of(*lines)]


async def decide_application(t: Turn, press: Press) -> list[Message]:
    application_id, choice = press.number(0), press.args[1]
    if choice == "y":
        decided = await padrivere.decide(t.uow, t.clock, t.actor, application_id, True)
        return [Message.of(_("{name} is now a pådriver, and has been told.", name=decided.applicant.display_name),
                           replaces=True)]
    application = await t.uow.padrivere.by_id(application_id)
    if application is None:
        raise Refused(_("That application does not exist any more."))
    await padrivere.require_manager(t.uow, t.actor, application.branch_id)
    if application.status is not ApplicationStatus.PENDING:
        await padrivere.decide(t.uow, t.clock, t.actor, application_id, False)  # refuses, saying who decided
    return await t.start_dialog("padriver_decline", {"application_id": application_id})


async def _finish_padriver(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    application = await padrivere.apply(t.uow, t.clock, t.actor, t.branch, a["competences"], a.get("other") or "",
                                        a["availability"], a["public"])
    if application.status is ApplicationStatus.APPROVED:
        return [Message.of(_("Your pådriver profile is updated."))]
    return [Message.of(_("Thank you! Your application is with the community manager, and you will hear back "
                         "here."))]


async def _finish_decline(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    decided = await padrivere.decide(t.uow, t.clock, t.actor, ctx["application_id"], False, a.get("reason") or "")
    return [Message.of(_("You declined {name}'s application; they have been told.",
                         name=decided.applicant.display_name))]


# -- events --------------------------------------------------------------------------------------


async def _is_manager(t: Turn) -> bool:
    return Role.COMMUNITY_MANAGER in await t.roles()


async def event_view(t: Turn, event_id: int, replaces: bool = False) -> Message:
    event = await events.visible_event(t.uow, t.actor, event_id)
    counts = await t.uow.events.counts(event.id)
    mine = await t.uow.events.rsvp(event.id, t.actor.id)
    position = None
    if mine is not None and mine.waiting:
        waiting = [r for r in await t.uow.events.rsvps(event.id) if r.waiting]
        position = next((i for i, r in enumerate(waiting, 1) if r.member_id == t.actor.id), None)
    return event_card(t.codec, events.event_params(event, t.branch, counts), mine.answer if mine else None,
                      position, await _is_manager(t), replaces)


async def events_(t: Turn) -> list[Message]:
    found = await events.upcoming(t.uow, t.clock, t.actor)
    if not found:
        lines: list[Text] = [_("No events are coming up right now.")]
        if await _is_manager(t):
            lines.append(_("/newevent invites to one."))
        return [Message.of(*lines)]
    rows = [[Button(_("{starts} — {title}", starts=events.shown(e.starts_at, t.branch.timezone), title=e.title),
                    t.codec.encode(Action.OPEN_EVENT, e.id))] for e in found[:20]]
    return [Message.of(_("Coming up:"), buttons=rows)]


async def event(t: Turn) -> list[Message]:
    return [await event_view(t, t.number_arg("/event 2"))]


async def new_event(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    return [Message.of(_("Times are in {zone}.", zone=t.branch.timezone)), *await t.start_dialog("event")]


async def rsvp(t: Turn, press: Press) -> list[Message]:
    try:
        answer = ANSWER_CODES[press.args[1]]
    except (IndexError, KeyError):
        raise Refused(_("That button is not valid. Nothing was changed.")) from None
    result = await events.respond(t.uow, t.clock, t.actor, press.number(0), answer)
    if t.place is not None and not t.place.private:  # pressed under a group's post: a short answer will do
        return [Message.of(_rsvp_toast(result))]
    return [await event_view(t, result.event.id, replaces=True)]


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


def _previous(event: Any, zone: str) -> dict[str, Any]:
    return {"kind": event.kind.value, "title": event.title, "description": event.description,
            "starts": events.local(event.starts_at, zone).strftime("%Y-%m-%dT%H:%M"),
            "ends": events.local(event.ends_at, zone).strftime("%Y-%m-%dT%H:%M"), "place": event.place,
            "audience": event.audience.value, "capacity": str(event.capacity) if event.capacity else None,
            "deadline": events.local(event.deadline, zone).strftime("%Y-%m-%dT%H:%M")}


async def edit_event(t: Turn, press: Press) -> list[Message]:
    found = await events.managed_event(t.uow, t.actor, press.number(0))
    if found.cancelled:
        raise Refused(_("“{title}” is cancelled.", title=found.title))
    return await t.start_dialog("event_edit", {"event_id": found.id}, _previous(found, t.branch.timezone))


async def cancel_event(t: Turn, press: Press) -> list[Message]:
    found = await events.managed_event(t.uow, t.actor, press.number(0))
    if found.cancelled:
        raise Refused(_("“{title}” is cancelled already.", title=found.title))
    return await t.start_dialog("event_cancel", {"event_id": found.id})


def _draft(a: dict[str, Any]) -> EventDraft:
    return EventDraft(EventKind(a["kind"]), a["title"], a["description"], a["starts"], a["ends"], a["place"],
                      EventAudience(a["audience"]), int(a["capacity"]) if a.get("capacity") else None,
                      a.get("deadline"))


async def _finish_event(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    created, broadcast = await events.create_event(t.uow, t.clock, t.actor, t.branch, _draft(a))
    return [Message.of(ngettext("The invitation to “{title}” is on its way to {count} person.",
                                "The invitation to “{title}” is on its way to {count} people.", broadcast.total,
                                title=created.title)),
            await event_view(t, created.id)]


async def _finish_event_edit(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    changed = await events.edit_event(t.uow, t.clock, t.actor, ctx["event_id"], _draft(a))
    return [Message.of(_("“{title}” is changed, and everyone who answered is told.", title=changed.title)),
            await event_view(t, changed.id)]


async def _finish_event_cancel(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    cancelled = await events.cancel_event(t.uow, t.clock, t.actor, ctx["event_id"], a.get("reason") or "")
    return [Message.of(_("“{title}” is cancelled, and everyone who answered is told.", title=cancelled.title))]


# -- calls ---------------------------------------------------------------------------------------


async def call_view(t: Turn, call_id: int) -> Message:
    found = await t.uow.calls.get(call_id)
    if found is None or found.branch_id != t.branch.id:
        raise Refused(_("That call does not exist any more."))
    signups = await t.uow.calls.signups(found.id)
    return call_card(t.codec, calls.call_params(found, len(signups)), any(s.member_id == t.actor.id for s in signups),
                     await _is_manager(t))


async def new_call(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    context = {"competences": [[c, c] for c in padrivere.competence_list(t.branch)]}
    return await t.start_dialog("call", context)


async def calls_(t: Turn) -> list[Message]:
    found = list(await t.uow.calls.open_in(t.branch.id))
    if not found:
        return [Message.of(_("No calls for participation are open right now."))]
    return [await call_view(t, c.id) for c in found[:10]]


async def join_call(t: Turn, press: Press) -> list[Message]:
    answered = await calls.join_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, answered.call.id)]


async def leave_call(t: Turn, press: Press) -> list[Message]:
    answered = await calls.leave_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, answered.call.id)]


async def close_call(t: Turn, press: Press) -> list[Message]:
    closed = await calls.close_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, closed.id)]


async def _finish_call(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    draft = calls.CallDraft(a["title"], a.get("description") or "", a["when"], int(a["needed"]),
                            list(a.get("competences") or []))
    posted, broadcast = await calls.post_call(t.uow, t.clock, t.actor, t.branch, draft)
    return [Message.of(ngettext("The call “{title}” went to {count} pådriver. You will hear when it is full.",
                                "The call “{title}” went to {count} pådrivere. You will hear when it is full.",
                                broadcast.total, title=posted.title))]


# -- newsletters ---------------------------------------------------------------------------------


async def newsletter(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    audiences: list[list[Any]] = [["all", translate(_("all members"), t.actor.speaks(t.branch.language))],
                                  ["padrivere", translate(_("the pådrivere"), t.actor.speaks(t.branch.language))]]
    for p in (await t.uow.projects.in_branch(t.branch.id, active=True))[:20]:
        audiences.append([f"p{p.id}", translate(_("followers of “{title}”", title=p.title),
                                                t.actor.speaks(t.branch.language))])
    return [Message.of(_("Times are in {zone}.", zone=t.branch.timezone)),
            *await t.start_dialog("newsletter", {"audiences": audiences})]


def progress_lines(p: Progress) -> list[Text]:
    lines: list[Text] = [_("Sent to {sent} of {total}.", sent=p.sent, total=p.total)]
    if p.failed:
        lines.append(ngettext("{count} could not be reached.", "{count} could not be reached.", p.failed))
    lines.append(_("Done.") if p.done else ngettext("{count} still on the way.", "{count} still on the way.",
                                                   p.waiting))
    return lines


async def newsletter_view(t: Turn, newsletter_id: int) -> Message:
    letter, progress = await newsletters.progress(t.uow, t.actor, newsletter_id)
    lines: list[Text | str] = [_("Newsletter no. {id}: “{start}”", id=letter.id, start=letter.text[:60])]
    rows: list[list[Button]] = []
    if letter.status is NewsletterStatus.SCHEDULED and letter.send_at is not None:
        lines.append(_("Goes out {when}.", when=events.shown(letter.send_at, t.branch.timezone)))
        rows.append([Button(_("Don't send it"), t.codec.encode(Action.CANCEL_NEWSLETTER, letter.id))])
    elif letter.status is NewsletterStatus.CANCELLED:
        lines.append(_("Not sent: cancelled."))
    elif progress is not None:
        lines += progress_lines(progress)
        if not progress.done:
            rows.append([Button(_("Refresh"), t.codec.encode(Action.NEWSLETTER_PROGRESS, letter.id))])
    return Message.of(*lines, buttons=rows, topic=f"newsletter:{letter.id}", replaces=True)


async def newsletters_(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    recent = await t.uow.newsletters.recent(t.branch.id, 5)
    if not recent:
        return [Message.of(_("No newsletters yet. /newsletter writes one."))]
    return [await newsletter_view(t, n.id) for n in recent]


async def _finish_newsletter(t: Turn, a: dict[str, Any], ctx: dict[str, Any]) -> list[Message]:
    choice = a["audience"]
    project_id = int(choice[1:]) if choice.startswith("p") and choice[1:].isdigit() else None
    recipients = await newsletters.audience_of(t.uow, t.branch, "followers" if project_id else choice, project_id)
    send_at: datetime | None = to_utc(a["send_at"], t.branch.timezone) if a.get("send_at") else None
    letter = await newsletters.compose(t.uow, t.clock, t.actor, t.branch, a["text"], a.get("image") or {},
                                       recipients, send_at)
    head = _("The newsletter is on its way.") if letter.send_at is None else \
        _("The newsletter will go out {when}.", when=events.shown(letter.send_at, t.branch.timezone))
    return [Message.of(head), await newsletter_view(t, letter.id)]


async def cancel_newsletter(t: Turn, press: Press) -> list[Message]:
    letter = await newsletters.cancel(t.uow, t.clock, t.actor, press.number(0))
    return [await newsletter_view(t, letter.id)]


COMMANDS = {
    "padriver": padriver, "padrivere": padrivere_page, "applications": applications, "competences": competences,
    "events": events_, "event": event, "newevent": new_event, "call": new_call, "calls": calls_,
    "newsletter": newsletter, "newsletters": newsletters_,
}

PRESSES = {
    Action.APPLY: lambda t, p: padriver(t), Action.DECIDE_APPLICATION: decide_application,
    Action.PADRIVERE: lambda t, p: padrivere_page(t), Action.EVENTS: lambda t, p: events_(t),
    Action.OPEN_EVENT: lambda t, p: _one(event_view(t, p.number(0))), Action.RSVP: rsvp,
    Action.CALENDAR: calendar, Action.ATTENDEES: attendee_list, Action.EDIT_EVENT: edit_event,
    Action.CANCEL_EVENT: cancel_event, Action.CALLS: lambda t, p: calls_(t), Action.JOIN_CALL: join_call,
    Action.LEAVE_CALL: leave_call, Action.CLOSE_CALL: close_call,
    Action.NEWSLETTER_PROGRESS: lambda t, p: _one(newsletter_view(t, p.number(0))),
    Action.CANCEL_NEWSLETTER: cancel_newsletter,
}

FINISH = {
    "padriver": _finish_padriver, "padriver_decline": _finish_decline, "event": _finish_event,
    "event_edit": _finish_event_edit, "event_cancel": _finish_event_cancel, "call": _finish_call,
    "newsletter": _finish_newsletter,
}


async def _one(message: Any) -> list[Message]:
    return [await message]

