"""Events and the answers to them, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.model.events import Answer, Event, Rsvp, RsvpCounts

from .store import Store, kept, save_over


class FakeEvents:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, event: Event) -> Event:
        added = replace(event, id=self.s.new_id())
        self.s.events[added.id] = kept(added)
        return added

    async def get(self, event_id: int, *, for_update: bool = False) -> Event | None:
        return copy.deepcopy(self.s.events.get(event_id))

    async def save(self, event: Event) -> None:
        save_over(self.s.events, event)

    async def upcoming(self, branch_id: int, after: datetime, limit: int = 20) -> list[Event]:
        found = [e for e in self.s.events.values()
                 if e.branch_id == branch_id and not e.cancelled and e.ends_at > after]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.starts_at, e.id))][:limit]

    async def past(self, branch_id: int, before: datetime, limit: int = 20) -> list[Event]:
        found = [e for e in self.s.events.values()
                 if e.branch_id == branch_id and not e.cancelled and e.ends_at <= before]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.starts_at, e.id), reverse=True)][:limit]

    async def rsvp(self, event_id: int, member_id: int) -> Rsvp | None:
        return next((copy.deepcopy(r) for r in self.s.rsvps.values()
                     if (r.event_id, r.member_id) == (event_id, member_id)), None)

    async def put_rsvp(self, rsvp: Rsvp) -> Rsvp:
        earlier = await self.rsvp(rsvp.event_id, rsvp.member_id)
        saved = replace(rsvp, id=earlier.id if earlier else self.s.new_id())
        self.s.rsvps[saved.id] = kept(saved)
        return saved

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        found = [r for r in self.s.rsvps.values() if r.event_id == event_id]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.seq, r.id))]

    async def counts(self, event_id: int) -> RsvpCounts:
        answers = await self.rsvps(event_id)
        seated = [r.answer for r in answers if not r.waiting]
        return RsvpCounts(seated.count(Answer.GOING), seated.count(Answer.MAYBE), seated.count(Answer.NO),
                          sum(1 for r in answers if r.waiting))

    async def first_waiting(self, event_id: int) -> Rsvp | None:
        return next((r for r in await self.rsvps(event_id) if r.waiting), None)

    async def last_seq(self, event_id: int) -> int:
        return max((r.seq for r in self.s.rsvps.values() if r.event_id == event_id), default=0)
