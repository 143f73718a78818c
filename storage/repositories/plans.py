"""The lines of a project's plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.plans import EventLink, PartKind, PlanPart, ProjectEvent, TaskStatus

from ..tables import PlanPartRow, ProjectEventRow
from .base import Repository, Values


class SqlPlans(Repository):
    async def add(self, part: PlanPart) -> PlanPart:
        row = await self._insert(PlanPartRow(**part_values(part)))
        return replace(part, id=row.id)

    async def get(self, part_id: int) -> PlanPart | None:
        row = await self._first(sa.select(PlanPartRow).where(PlanPartRow.id == part_id))
        return to_part(row) if row else None

    async def save(self, part: PlanPart) -> None:
        await self._update(PlanPartRow, part.id, part_values(part))

    async def remove(self, part_id: int) -> None:
        await self.session.execute(sa.delete(PlanPartRow).where(PlanPartRow.id == part_id))

    async def of_project(self, project_id: int) -> Sequence[PlanPart]:
        rows = await self._all(sa.select(PlanPartRow).where(PlanPartRow.project_id == project_id)
                               .order_by(PlanPartRow.id))
        return [to_part(r) for r in rows]

    async def link_event(self, link: ProjectEvent) -> None:
        await self._insert_unique(ProjectEventRow(project_id=link.project_id, event_id=link.event_id,
                                                  link=EventLink(link.link).value),
                                  f"event {link.event_id} is linked to project {link.project_id} already")

    async def events(self, project_id: int) -> Sequence[ProjectEvent]:
        rows = await self._all(sa.select(ProjectEventRow).where(ProjectEventRow.project_id == project_id)
                               .order_by(ProjectEventRow.id))
        return [ProjectEvent(r.project_id, r.event_id, EventLink(r.link)) for r in rows]


def part_values(p: PlanPart) -> Values:
    return dict(project_id=p.project_id, kind=PartKind(p.kind).value, text=p.text, member_id=p.member_id,
                pledge_id=p.pledge_id, amount=p.amount, due=p.due, status=TaskStatus(p.status).value)


def to_part(r: PlanPartRow) -> PlanPart:
    return PlanPart(r.project_id, PartKind(r.kind), r.text, r.member_id, r.pledge_id, r.amount, r.due,
                    TaskStatus(r.status), r.id)
