"""Projects, their teams, followers and updates come back exactly as stored, in order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.model.dreams import DreamState
from core.model.projects import Project, ProjectState, ProjectUpdate, TeamMember

from tests.factories import a_dream, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestProjects:
    async def test_a_project_keeps_every_field_and_saving_closes_it(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            project = await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, later(0)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.projects.get(project.id) == await uow.projects.by_dream(dream.id) == project
        closed = replace(project, state=ProjectState.COMPLETED, closed_at=later(90), evaluation="Went well.",
                         report="Built in a day.\nThanks all.")
        async with uow_factory() as uow:
            await uow.projects.save(closed)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.projects.get(project.id)
            assert again == closed and is_utc(again.closed_at)
            assert list(await uow.projects.in_branch(s.branch.id, active=True)) == []
            assert list(await uow.projects.in_branch(s.branch.id, active=False)) == [closed]
            assert await uow.projects.get(999) is None and await uow.projects.by_dream(999) is None

    async def test_active_projects_come_newest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            made = []
            for minutes in (0, 10, 5):
                dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
                made.append(await uow.projects.add(Project(dream.id, s.branch.id, "P", s.anna.id, later(minutes))))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.projects.in_branch(s.branch.id, active=True)) == [made[1], made[2], made[0]]

    async def test_team_followers_and_updates_are_kept_in_order(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            project = await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, later(0)))
            await uow.projects.add_team_member(TeamMember(project.id, s.anna.id, "lead"))
            await uow.projects.add_team_member(TeamMember(project.id, s.bjorn.id, "carpenter"))
            for member_id in (s.bjorn.id, s.anna.id, s.bjorn.id):
                await uow.projects.follow(dream.id, member_id)
            late = await uow.projects.add_update(ProjectUpdate(project.id, s.bjorn.id, "Painted.", later(20)))
            early = await uow.projects.add_update(ProjectUpdate(project.id, s.anna.id, "Wood bought.", later(10)))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.projects.team(project.id)) == [TeamMember(project.id, s.anna.id, "lead"),
                                                                 TeamMember(project.id, s.bjorn.id, "carpenter")]
            assert list(await uow.projects.followers(dream.id)) == [s.bjorn.id, s.anna.id]
            assert await uow.projects.follows(dream.id, s.anna.id)
            await uow.projects.unfollow(dream.id, s.anna.id)
            await uow.projects.unfollow(dream.id, s.anna.id)  # once gone, gone: no error
            assert not await uow.projects.follows(dream.id, s.anna.id)
            assert list(await uow.projects.followers(dream.id)) == [s.bjorn.id]
            assert await uow.projects.follower_count(dream.id) == 1
            updates = list(await uow.projects.updates(project.id))
        assert updates == [early, late] and early.id is not None
        assert all(is_utc(u.at) for u in updates)

    async def test_many_projects_updates_are_read_at_once_each_oldest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            bench = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            swing = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            busy = await uow.projects.add(Project(bench.id, s.branch.id, "The bench", s.anna.id, later(0)))
            quiet = await uow.projects.add(Project(swing.id, s.branch.id, "The swing", s.anna.id, later(0)))
            late = await uow.projects.add_update(ProjectUpdate(busy.id, s.bjorn.id, "Painted.", later(20)))
            early = await uow.projects.add_update(ProjectUpdate(busy.id, s.anna.id, "Wood bought.", later(10)))
            await uow.commit()

        async with uow_factory() as uow:
            found = await uow.projects.updates_of([quiet.id, busy.id])
            nothing = await uow.projects.updates_of([])

        assert found == {quiet.id: [], busy.id: [early, late]} and nothing == {}
