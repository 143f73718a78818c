"""Projects, their teams, followers and updates, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.errors import Conflict
from core.model.projects import Project, ProjectState, ProjectUpdate, TeamMember

from .store import Store, kept, save_over


class FakeProjects:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, project: Project) -> Project:
        added = replace(project, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.projects[added.id] = kept(added)
        return added

    async def get(self, project_id: int) -> Project | None:
        return copy.deepcopy(self.s.projects.get(project_id))

    async def by_dream(self, dream_id: int) -> Project | None:
        return next((copy.deepcopy(p) for p in self.s.projects.values() if p.dream_id == dream_id), None)

    async def save(self, project: Project) -> None:
        save_over(self.s.projects, project)

    async def in_branch(self, branch_id: int, active: bool) -> list[Project]:
        found = [p for p in self.s.projects.values()
                 if p.branch_id == branch_id and (p.state is ProjectState.ACTIVE) == active]
        newest = (lambda p: (p.started_at, p.id)) if active else (lambda p: (p.closed_at or p.started_at, p.id))
        return [copy.deepcopy(p) for p in sorted(found, key=newest, reverse=True)]

    async def team(self, project_id: int) -> list[TeamMember]:
        return [t for t in self.s.team if t.project_id == project_id]

    async def add_team_member(self, member: TeamMember) -> None:
        if any(t.project_id == member.project_id and t.member_id == member.member_id for t in self.s.team):
            raise Conflict("team")
        self.s.team.append(kept(member))

    async def follow(self, dream_id: int, member_id: int) -> None:
        if (dream_id, member_id) not in self.s.followers:
            self.s.followers.append((dream_id, member_id))

    async def unfollow(self, dream_id: int, member_id: int) -> None:
        if (dream_id, member_id) in self.s.followers:
            self.s.followers.remove((dream_id, member_id))

    async def follows(self, dream_id: int, member_id: int) -> bool:
        return (dream_id, member_id) in self.s.followers

    async def follower_count(self, dream_id: int) -> int:
        return len(await self.followers(dream_id))

    async def followers(self, dream_id: int) -> list[int]:
        return [m for d, m in self.s.followers if d == dream_id]

    async def add_update(self, update: ProjectUpdate) -> ProjectUpdate:
        added = replace(update, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.updates[added.id] = kept(added)
        return added

    async def updates(self, project_id: int) -> list[ProjectUpdate]:
        found = [u for u in self.s.updates.values() if u.project_id == project_id]
        return [copy.deepcopy(u) for u in sorted(found, key=lambda u: (u.at, u.id))]

    async def updates_of(self, project_ids) -> dict[int, list[ProjectUpdate]]:
        return {project_id: await self.updates(project_id) for project_id in project_ids}
