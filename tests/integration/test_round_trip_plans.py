"""A project's plan comes back line by line exactly as stored, in the order written; saving and removing work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.model.bank import Pledge
from core.model.dreams import DreamState, Need
from core.errors import Conflict
from core.model.events import Event, EventAudience, EventKind
from core.model.plans import EventLink, PartKind, PlanPart, ProjectEvent, TaskStatus
from core.model.projects import Project

from tests.factories import a_dream, later, seed

pytestmark = pytest.mark.in_memory_too


class TestPlans:
    async def test_every_kind_of_line_keeps_its_fields_in_order(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            pledge = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MATERIALS, "Planks", None, later(0)))
            project = await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, later(1)))
            other = await uow.projects.add(Project((await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))).id,
                                                   s.branch.id, "Other", s.anna.id, later(1)))
            role = await uow.plans.add(PlanPart(project.id, PartKind.ROLE, "Builds it", s.bjorn.id))
            resource = await uow.plans.add(PlanPart(project.id, PartKind.RESOURCE, "Planks", pledge_id=pledge.id))
            cost = await uow.plans.add(PlanPart(project.id, PartKind.COST, "Screws", amount=Decimal("120.5")))
            task = await uow.plans.add(PlanPart(project.id, PartKind.TASK, "Sand the planks", s.anna.id,
                                                due=date(2027, 5, 17)))
            await uow.plans.add(PlanPart(other.id, PartKind.GOAL, "Elsewhere"))
            await uow.commit()
        async with uow_factory() as uow:
            lines = list(await uow.plans.of_project(project.id))
            assert lines == [role, resource, cost, task]
            assert lines[2].amount == Decimal("120.50") and lines[3].due == date(2027, 5, 17)
            assert await uow.plans.get(task.id) == task and await uow.plans.get(99999) is None
        done = replace(task, status=TaskStatus.DONE, text="Sand and oil the planks")
        async with uow_factory() as uow:
            await uow.plans.save(done)
            await uow.plans.remove(cost.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.plans.of_project(project.id)) == [role, resource, done]

    async def test_events_are_linked_once_each_in_order(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            project = await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, later(1)))
            made = [await uow.events.add(Event(s.branch.id, kind, "Meet", "", later(60), later(120), "Hall",
                                               EventAudience.EVERYONE, None, later(60), s.anna.id, later(0)))
                    for kind in (EventKind.COURSE, EventKind.OPEN_MEETING)]
            await uow.plans.link_event(ProjectEvent(project.id, made[1].id, EventLink.OPENING))
            await uow.plans.link_event(ProjectEvent(project.id, made[0].id, EventLink.COURSE))
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.plans.link_event(ProjectEvent(project.id, made[0].id, EventLink.OPENING))
        async with uow_factory() as uow:
            assert list(await uow.plans.events(project.id)) == [
                ProjectEvent(project.id, made[1].id, EventLink.OPENING),
                ProjectEvent(project.id, made[0].id, EventLink.COURSE)]
            assert (await uow.events.get(made[0].id)).kind is EventKind.COURSE
