"""The lines of a project's plan, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.errors import Conflict
from core.model.plans import PlanPart, ProjectEvent

from .store import Store, kept, save_over


class FakePlans:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, part: PlanPart) -> PlanPart:
        added = replace(part, id=self.s.new_id())
        self.s.plan_parts[added.id] = kept(added)
        return added

    async def get(self, part_id: int) -> PlanPart | None:
        return copy.deepcopy(self.s.plan_parts.get(part_id))

    async def save(self, part: PlanPart) -> None:
        save_over(self.s.plan_parts, part)

    async def remove(self, part_id: int) -> None:
        self.s.plan_parts.pop(part_id, None)

    async def of_project(self, project_id: int) -> list[PlanPart]:
        return [copy.deepcopy(p) for _id, p in sorted(self.s.plan_parts.items()) if p.project_id == project_id]

    async def link_event(self, link: ProjectEvent) -> None:
        if any(e.project_id == link.project_id and e.event_id == link.event_id for e in self.s.project_events):
            raise Conflict("linked already")
        self.s.project_events.append(link)

    async def events(self, project_id: int) -> list[ProjectEvent]:
        return [e for e in self.s.project_events if e.project_id == project_id]
