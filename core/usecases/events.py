"""Events: created by the community manager, answered by members, with a fair waitlist.

Every answer locks the event's row first, so however many press at once, the seats are given
one at a time and the event is never over capacity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..errors import NotFound, Refused
from ..formats import Moment
from ..i18n import Text, _, ngettext
from ..model.branches import Branch
from ..clock import to_utc
from ..model.events import (CAPACITY_MAX, EVENT_TEXT_MAX, EVENT_TITLE_MAX, PLACE_MAX, Answer, Event, EventAudience,
                            EventKind, Rsvp, RsvpCounts, audience_of, event_deadline_problem, event_end_problem,
                            event_start_problem)
from ..model.members import Member, Role
from ..model.notices import Audience, Broadcast, NoticeKind, Recipients
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell
from .padrivere import require_manager
from .posts import post

@dataclass(frozen=True)
class EventDraft:
    """What the manager typed; times are local to the branch, as 'YYYY-MM-DDTHH:MM'."""

    kind: EventKind
    title: str
    description: str
    starts: str
    ends: str
    place: str
    audience: EventAudience
    capacity: int | None
    deadline: str | None


def local(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


def shown(at: datetime, zone: str) -> Moment:
    """A moment in the branch's time zone, written in the reader's language when the text is rendered."""
    return Moment(at, zone)


def _times(draft: EventDraft, branch: Branch, now: datetime) -> tuple[datetime, datetime, datetime]:
    starts, ends = to_utc(draft.starts, branch.timezone), to_utc(draft.ends, branch.timezone)
    deadline = to_utc(draft.deadline, branch.timezone) if draft.deadline else starts
    problem = (event_start_problem(starts, now) or event_end_problem(starts, ends)
               or event_deadline_problem(deadline, starts, now))
    if problem is not None:
        raise Refused(problem)
    return starts, ends, deadline


def _check(draft: EventDraft) -> None:
    if not draft.title or len(draft.title) > EVENT_TITLE_MAX or len(draft.description) > EVENT_TEXT_MAX \
            or len(draft.place) > PLACE_MAX:
        raise Refused(_("That is too long; please keep it shorter."))
    if draft.capacity is not None and not 1 <= draft.capacity <= CAPACITY_MAX:
        raise Refused(_("Please write a number between {min} and {max}.", min=1, max=CAPACITY_MAX))


def may_see(event: Event, roles: set[Role]) -> bool:
    return event.audience is EventAudience.EVERYONE or bool(roles & {Role.PADRIVER, Role.COMMUNITY_MANAGER})


async def visible_event(uow: UnitOfWork, actor: Member | None, event_id: int, *, for_update: bool = False) -> Event:
    """An event the actor may see; a visitor (None) sees the events open to everyone."""
    event = await uow.events.get(event_id, for_update=for_update)
    if event is None or (actor is None and event.audience is not EventAudience.EVERYONE) or (
            actor is not None and (event.branch_id != actor.branch_id
                                   or not may_see(event, await uow.members.roles(event.branch_id, actor.id)))):
        raise NotFound(_("There is no event number {id}.", id=event_id))
    return event


async def managed_event(uow: UnitOfWork, actor: Member, event_id: int, *, for_update: bool = False) -> Event:
    event = await uow.events.get(event_id, for_update=for_update)
    if event is None:
        raise NotFound(_("There is no event number {id}.", id=event_id))
    await require_manager(uow, actor, event.branch_id)
    return event


#: what a visitor is told about answering: answers need a member
SIGN_IN_TO_ANSWER = _("Sign in to answer the invitation.")


def rsvp_refusal(event: Event, now: datetime, answer: Answer, zone: str, *, signed_in: bool = True) -> Text | None:
    """Why this answer cannot be given now, or None; the card and the answer itself ask the same. A visitor
    (not `signed_in`) is told what holds for everyone first, then to sign in."""
    if event.cancelled:
        return _("“{title}” is cancelled.", title=event.title)
    if now >= event.starts_at:
        return _("“{title}” has started already; answers are closed.", title=event.title)
    if answer is not Answer.NO and not event.registration_open(now):
        return _("Registration for “{title}” closed on {deadline}.", title=event.title,
                 deadline=shown(event.deadline, zone))
    return None if signed_in else SIGN_IN_TO_ANSWER


def edit_refusal(event: Event) -> Text | None:
    """Why the event cannot be changed, or None."""
    return _("“{title}” is cancelled.", title=event.title) if event.cancelled else None


def cancel_refusal(event: Event) -> Text | None:
    return _("“{title}” is cancelled already.", title=event.title) if event.cancelled else None


async def ensure_can_edit_event(uow: UnitOfWork, actor: Member, event_id: int, *, for_update: bool = False) -> Event:
    """The checks edit_event makes, so that the change dialog is started only where a change is taken."""
    event = await managed_event(uow, actor, event_id, for_update=for_update)
    problem = edit_refusal(event)
    if problem is not None:
        raise Refused(problem)
    return event


async def ensure_can_cancel_event(uow: UnitOfWork, actor: Member, event_id: int, *,
                                  for_update: bool = False) -> Event:
    event = await managed_event(uow, actor, event_id, for_update=for_update)
    problem = cancel_refusal(event)
    if problem is not None:
        raise Refused(problem)
    return event


def event_params(event: Event, branch: Branch, counts: RsvpCounts) -> dict[str, Any]:
    """What an invitation, a post or a change notice shows, as plain JSON: its times in UTC with the branch's
    time zone, written in each reader's language only when shown (see `event_moments`)."""
    return dict(event_id=event.id, kind=event.kind.value, title=event.title, description=event.description,
                starts_at=event.starts_at.isoformat(), ends_at=event.ends_at.isoformat(),
                deadline_at=event.deadline.isoformat(), timezone=branch.timezone, place=event.place,
                audience=event.audience.value, capacity=event.capacity, going=counts.going, maybe=counts.maybe,
                waiting=counts.waiting, cancelled=event.cancelled)


@dataclass(frozen=True)
class EventMoments:
    """An event's start, end (its time of day alone when it ends the day it starts) and registration deadline."""

    starts: Moment | str
    ends: Moment | str
    deadline: Moment | str


def event_moments(p: dict[str, Any]) -> EventMoments:
    """The times of `event_params`; a notice written before they travelled as UTC carries them written out."""
    if "deadline_at" not in p:
        return EventMoments(p["starts"], p["ends"], p["deadline"])
    zone = p["timezone"]
    starts, ends = datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"])
    same_day = local(starts, zone).date() == local(ends, zone).date()
    return EventMoments(Moment(starts, zone), Moment(ends, zone, "clock" if same_day else "when"),
                        Moment(datetime.fromisoformat(p["deadline_at"]), zone))


def recipients(event: Event) -> Recipients:
    return Recipients("all") if event.audience is EventAudience.EVERYONE else Recipients("role", Role.PADRIVER.value)


def event_chat(event: Event) -> Audience:
    """The branch chat an event is posted in: the bank's for everyone, the circle's for pådrivere."""
    return Audience.BANK_CHAT if event.audience is EventAudience.EVERYONE else Audience.CIRCLE_CHAT


async def _post(uow: UnitOfWork, at: datetime, event: Event, branch: Branch) -> RsvpCounts:
    """The event's post, with its answers counted as they are now; the counts, for the caller to show too."""
    counts = await uow.events.counts(event.id)
    await post(uow, at, event.branch_id, event_chat(event), NoticeKind.EVENT_POST, f"event:{event.id}",
               **event_params(event, branch, counts))
    return counts


async def create_event(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, draft: EventDraft
                       ) -> tuple[Event, Broadcast]:
    """Create the event and broadcast its invitation to its audience."""
    await require_manager(uow, actor, branch.id)
    return await publish_event(uow, clock, actor, branch, draft)


async def publish_event(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, draft: EventDraft
                        ) -> tuple[Event, Broadcast]:
    """Create the event and broadcast its invitation, once the caller has checked that `actor` may."""
    _check(draft)
    now = clock.now()
    starts, ends, deadline = _times(draft, branch, now)
    event = await uow.events.add(Event(branch.id, draft.kind, draft.title, draft.description, starts, ends,
                                       draft.place, audience_of(draft.kind, draft.audience), draft.capacity, deadline,
                                       actor.id, now))
    await record(uow, now, branch.id, actor.id, "event_create", f"event:{event.id}", title=event.title)
    broadcast = await uow.broadcasts.add(Broadcast(
        branch.id, NoticeKind.EVENT_INVITATION, event_params(event, branch, RsvpCounts()), recipients(event), now,
        actor.id))
    await _post(uow, now, event, branch)
    return event, broadcast


@dataclass(frozen=True)
class RsvpResult:
    event: Event
    rsvp: Rsvp
    counts: RsvpCounts
    #: place on the waitlist (1 is next), when waiting
    position: int | None = None
    promoted: int | None = None
    changed: bool = True


async def respond(uow: UnitOfWork, clock: Clock, actor: Member, event_id: int, answer: Answer) -> RsvpResult:
    event = await visible_event(uow, actor, event_id, for_update=True)
    now = clock.now()
    branch = await access.branch_of(uow, event.branch_id)  # read once, for the deadline's zone and the post
    problem = rsvp_refusal(event, now, answer, branch.timezone)
    if problem is not None:
        raise Refused(problem)
    earlier = await uow.events.rsvp(event.id, actor.id)
    if earlier is not None and earlier.answer is answer:
        return RsvpResult(event, earlier, await uow.events.counts(event.id), await _position(uow, earlier),
                          changed=False)
    counts = await uow.events.counts(event.id)
    seq = await uow.events.last_seq(event.id) + 1
    waiting = answer is Answer.GOING and event.full(counts.going)
    rsvp = await uow.events.put_rsvp(Rsvp(event.id, actor.id, answer, now, seq, waiting,
                                          earlier.id if earlier else None))
    promoted = None
    if earlier is not None and earlier.has_seat:
        promoted = await _promote(uow, now, event, 1)
    await record(uow, now, event.branch_id, actor.id, "rsvp", f"event:{event.id}", answer=answer.value,
                 waiting=waiting)
    counts = await _post(uow, now, event, branch)  # nothing answers between the post and the reply
    return RsvpResult(event, rsvp, counts, await _position(uow, rsvp), promoted[0] if promoted else None)


async def _position(uow: UnitOfWork, rsvp: Rsvp) -> int | None:
    if not rsvp.waiting:
        return None
    waiting = [r for r in await uow.events.rsvps(rsvp.event_id) if r.waiting]
    return next((i for i, r in enumerate(waiting, 1) if r.member_id == rsvp.member_id), None)


async def _promote(uow: UnitOfWork, at: datetime, event: Event, seats: int) -> list[int]:
    """Give free seats to the first on the waitlist, in order, and tell them."""
    promoted: list[int] = []
    branch = await access.branch_of(uow, event.branch_id)
    for _seat in range(seats):
        first = await uow.events.first_waiting(event.id)
        if first is None:
            break
        await uow.events.put_rsvp(replace(first, waiting=False))
        await record(uow, at, event.branch_id, None, "rsvp_promote", f"event:{event.id}", member_id=first.member_id)
        await tell(uow, at, event.branch_id, [first.member_id], NoticeKind.EVENT_PROMOTED,
                   **event_params(event, branch, await uow.events.counts(event.id)))
        promoted.append(first.member_id)
    return promoted


async def edit_event(uow: UnitOfWork, clock: Clock, actor: Member, event_id: int, draft: EventDraft) -> Event:
    """Change an event; everyone who answered is told, and new seats go to the waitlist first."""
    event = await ensure_can_edit_event(uow, actor, event_id, for_update=True)
    _check(draft)
    branch = await access.branch_of(uow, event.branch_id)
    now = clock.now()
    starts, ends, deadline = _times(draft, branch, now)
    counts = await uow.events.counts(event.id)
    if draft.capacity is not None and draft.capacity < counts.going:
        raise Refused(ngettext("{count} person is going already, so the capacity cannot be lower than that.",
                               "{count} people are going already, so the capacity cannot be lower than that.",
                               counts.going))
    changed = replace(event, kind=draft.kind, title=draft.title, description=draft.description, starts_at=starts,
                      ends_at=ends, place=draft.place, audience=audience_of(draft.kind, draft.audience),
                      capacity=draft.capacity,
                      deadline=deadline, sequence=event.sequence + 1)
    await uow.events.save(changed)
    free = (changed.capacity - counts.going) if changed.capacity is not None else counts.waiting
    await _promote(uow, now, changed, max(0, free))
    await record(uow, now, event.branch_id, actor.id, "event_edit", f"event:{event.id}")
    await _tell_answered(uow, now, changed, branch, NoticeKind.EVENT_CHANGED, actor.id)
    await _post(uow, now, changed, branch)
    return changed


async def cancel_event(uow: UnitOfWork, clock: Clock, actor: Member, event_id: int, reason: str) -> Event:
    event = await ensure_can_cancel_event(uow, actor, event_id, for_update=True)
    now = clock.now()
    event.cancelled_at, event.sequence = now, event.sequence + 1
    await uow.events.save(event)
    branch = await access.branch_of(uow, event.branch_id)
    await record(uow, now, event.branch_id, actor.id, "event_cancel", f"event:{event.id}", reason=reason)
    await _tell_answered(uow, now, event, branch, NoticeKind.EVENT_CANCELLED, actor.id, reason=reason)
    await _post(uow, now, event, branch)
    return event


async def _tell_answered(uow: UnitOfWork, at: datetime, event: Event, branch: Branch, kind: NoticeKind,
                         actor_id: int, **extra: Any) -> None:
    answered = [r.member_id for r in await uow.events.rsvps(event.id) if r.member_id != actor_id]
    params = {**event_params(event, branch, await uow.events.counts(event.id)), **extra}
    await tell(uow, at, event.branch_id, answered, kind, **params)


async def upcoming(uow: UnitOfWork, clock: Clock, actor: Member | None, branch_id: int | None = None) -> list[Event]:
    """The events coming up in `branch_id` (the actor's own branch when not given) that the actor may see; a
    visitor (None) sees those open to everyone."""
    if branch_id is None and actor is not None:
        branch_id = actor.branch_id
    if branch_id is None:
        return []
    roles = await uow.members.roles(branch_id, actor.id) if actor is not None else set()
    return [e for e in await uow.events.upcoming(branch_id, clock.now()) if may_see(e, roles)]


async def past_events(uow: UnitOfWork, clock: Clock, actor: Member | None, branch_id: int) -> list[Event]:
    """The events held in `branch_id` that are over, the latest first, that the actor may see; a visitor (None)
    sees those that were open to everyone."""
    roles = await uow.members.roles(branch_id, actor.id) if actor is not None else set()
    return [e for e in await uow.events.past(branch_id, clock.now()) if may_see(e, roles)]


@dataclass(frozen=True)
class EventFacts:
    """What an event's card shows to one viewer: the event, its answers so far, and the viewer's own."""

    event: Event
    branch: Branch
    counts: RsvpCounts
    now: datetime
    viewer: Member | None
    mine: Answer | None = None
    #: place on the waitlist (1 is next), when the viewer is waiting
    position: int | None = None
    manager: bool = False


async def event_facts(uow: UnitOfWork, clock: Clock, viewer: Member | None, event_id: int) -> EventFacts:
    """An event as one viewer sees it (a visitor, None, sees events open to everyone)."""
    event = await visible_event(uow, viewer, event_id)
    branch = await access.branch_of(uow, event.branch_id)
    counts = await uow.events.counts(event.id)
    if viewer is None:
        return EventFacts(event, branch, counts, clock.now(), None)
    mine = await uow.events.rsvp(event.id, viewer.id)
    position = await _position(uow, mine) if mine is not None else None
    manager = Role.COMMUNITY_MANAGER in await uow.members.roles(event.branch_id, viewer.id)
    return EventFacts(event, branch, counts, clock.now(), viewer, mine.answer if mine else None, position, manager)


@dataclass(frozen=True)
class Attendee:
    name: str
    answer: Answer
    waiting: int | None
    at: datetime


async def attendees(uow: UnitOfWork, actor: Member, event_id: int) -> tuple[Event, list[Attendee]]:
    """Everyone who answered, in the order they answered; for the manager."""
    event = await managed_event(uow, actor, event_id)
    out: list[Attendee] = []
    place = 0
    for r in await uow.events.rsvps(event.id):
        member = await uow.members.get(r.member_id)
        if r.waiting:
            place += 1
        out.append(Attendee(member.display_name if member else "", r.answer, place if r.waiting else None, r.at))
    return event, out

