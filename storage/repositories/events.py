"""Events and the answers to them: one answer per member, in the order they were settled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp, RsvpCounts

from ..tables import EventRow, RsvpRow
from .base import Repository, Values


class SqlEvents(Repository):
    async def add(self, event: Event) -> Event:
        row = await self._insert(EventRow(**event_values(event)))
        return replace(event, id=row.id)

    async def get(self, event_id: int, *, for_update: bool = False) -> Event | None:
        statement = sa.select(EventRow).where(EventRow.id == event_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_event(row) if row else None

    async def save(self, event: Event) -> None:
        await self._update(EventRow, event.id, event_values(event))

    async def upcoming(self, branch_id: int, after: datetime, limit: int = 20) -> Sequence[Event]:
        rows = await self._all(
            sa.select(EventRow)
            .where(EventRow.branch_id == branch_id, EventRow.cancelled_at.is_(None), EventRow.ends_at > after)
            .order_by(EventRow.starts_at, EventRow.id).limit(limit))
        return [to_event(r) for r in rows]

    async def past(self, branch_id: int, before: datetime, limit: int = 20) -> Sequence[Event]:
        rows = await self._all(
            sa.select(EventRow)
            .where(EventRow.branch_id == branch_id, EventRow.cancelled_at.is_(None), EventRow.ends_at <= before)
            .order_by(EventRow.starts_at.desc(), EventRow.id.desc()).limit(limit))
        return [to_event(r) for r in rows]

    async def rsvp(self, event_id: int, member_id: int) -> Rsvp | None:
        row = await self._first(sa.select(RsvpRow).where(RsvpRow.event_id == event_id,
                                                         RsvpRow.member_id == member_id))
        return to_rsvp(row) if row else None

    async def put_rsvp(self, rsvp: Rsvp) -> Rsvp:
        """Updates the member's row when there is one; a concurrent first answer raises Conflict."""
        values = rsvp_values(rsvp)
        rsvp_id = await self.session.scalar(sa.select(RsvpRow.id).where(RsvpRow.event_id == rsvp.event_id,
                                                                         RsvpRow.member_id == rsvp.member_id))
        if rsvp_id is None:
            row = await self._insert_unique(
                RsvpRow(**values), f"member {rsvp.member_id} answered event {rsvp.event_id} already")
            rsvp_id = row.id
        else:
            await self._update(RsvpRow, rsvp_id, values)
        return replace(rsvp, id=rsvp_id)

    async def rsvps(self, event_id: int) -> Sequence[Rsvp]:
        rows = await self._all(sa.select(RsvpRow).where(RsvpRow.event_id == event_id)
                               .order_by(RsvpRow.seq, RsvpRow.id))
        return [to_rsvp(r) for r in rows]

    async def counts(self, event_id: int) -> RsvpCounts:
        """Those waiting are counted as waiting only; the rest by their answer."""
        rows = (await self.session.execute(
            sa.select(RsvpRow.answer, RsvpRow.waiting, sa.func.count()).where(RsvpRow.event_id == event_id)
            .group_by(RsvpRow.answer, RsvpRow.waiting))).all()
        by_answer = {answer: 0 for answer in Answer}
        waiting = 0
        for answer, is_waiting, n in rows:
            if is_waiting:
                waiting += int(n)
            else:
                by_answer[Answer(answer)] += int(n)
        return RsvpCounts(by_answer[Answer.GOING], by_answer[Answer.MAYBE], by_answer[Answer.NO], waiting)

    async def first_waiting(self, event_id: int) -> Rsvp | None:
        row = await self._first(sa.select(RsvpRow).where(RsvpRow.event_id == event_id, RsvpRow.waiting.is_(True))
                                .order_by(RsvpRow.seq, RsvpRow.id))
        return to_rsvp(row) if row else None

    async def last_seq(self, event_id: int) -> int:
        highest = await self.session.scalar(sa.select(sa.func.max(RsvpRow.seq)).where(RsvpRow.event_id == event_id))
        return int(highest or 0)


def event_values(e: Event) -> Values:
    return dict(branch_id=e.branch_id, kind=EventKind(e.kind).value, title=e.title, description=e.description,
                starts_at=e.starts_at, ends_at=e.ends_at, place=e.place, audience=EventAudience(e.audience).value,
                capacity=e.capacity, deadline=e.deadline, created_by=e.created_by, created_at=e.created_at,
                cancelled_at=e.cancelled_at, sequence=e.sequence)


def to_event(r: EventRow) -> Event:
    return Event(r.branch_id, EventKind(r.kind), r.title, r.description, r.starts_at, r.ends_at, r.place,
                 EventAudience(r.audience), r.capacity, r.deadline, r.created_by, r.created_at, r.cancelled_at,
                 r.sequence, r.id)


def rsvp_values(r: Rsvp) -> Values:
    return dict(event_id=r.event_id, member_id=r.member_id, answer=Answer(r.answer).value, waiting=r.waiting,
                at=r.at, seq=r.seq)


def to_rsvp(r: RsvpRow) -> Rsvp:
    return Rsvp(r.event_id, r.member_id, Answer(r.answer), r.at, r.seq, r.waiting, r.id)
