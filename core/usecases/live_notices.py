"""What a notice shows of live state (an event's places, the recipient's own answer), read when it is sent."""

from __future__ import annotations

from dataclasses import replace

from ..model.notices import Notice, NoticeKind
from ..ports import UnitOfWork
from .events import event_params

#: kinds that show an event as it stands: written with the counts of their moment, sent perhaps much later
ABOUT_AN_EVENT = frozenset({NoticeKind.EVENT_INVITATION, NoticeKind.EVENT_POST, NoticeKind.EVENT_CHANGED})


def shows_live_state(notice: Notice) -> bool:
    """Whether sending the notice must read the current state first (a channel may skip the look-up otherwise)."""
    return notice.kind in ABOUT_AN_EVENT and "event_id" in notice.params


async def as_it_is_now(uow: UnitOfWork, notice: Notice) -> Notice:
    """The notice with what it shows of live state read now: the event's places and waitlist, and, for one
    member, their own answer and place on the waitlist. A notice about something gone is left as written."""
    if not shows_live_state(notice):
        return notice
    event = await uow.events.get(int(notice.params["event_id"]))
    branch = await uow.branches.get(event.branch_id) if event is not None else None
    if event is None or event.id is None or branch is None:
        return notice
    params = {**notice.params, **event_params(event, branch, await uow.events.counts(event.id))}
    if notice.member_id is not None:
        rsvp = await uow.events.rsvp(event.id, notice.member_id)
        params["mine"] = rsvp.answer.value if rsvp is not None else None
        params["position"] = None
        if rsvp is not None and rsvp.waiting:
            waiting = [r.member_id for r in await uow.events.rsvps(event.id) if r.waiting]
            params["position"] = waiting.index(notice.member_id) + 1 if notice.member_id in waiting else None
    return replace(notice, params=params)
