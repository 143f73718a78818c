"""The factory: projects, their teams, followers and updates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.projects import Project, ProjectState, ProjectUpdate, TeamMember

from ..tables import FollowerRow, ProjectRow, ProjectUpdateRow, TeamMemberRow
from .base import Repository, Values


class SqlProjects(Repository):
    async def add(self, project: Project) -> Project:
        row = await self._insert(ProjectRow(**project_values(project)))
        return replace(project, id=row.id)

    async def get(self, project_id: int) -> Project | None:
        row = await self._first(sa.select(ProjectRow).where(ProjectRow.id == project_id))
        return to_project(row) if row else None

    async def by_dream(self, dream_id: int) -> Project | None:
        row = await self._where(ProjectRow, "dream_id", dream_id, first=True)
        return to_project(row) if row else None

    async def save(self, project: Project) -> None:
        await self._update(ProjectRow, project.id, project_values(project))

    async def in_branch(self, branch_id: int, active: bool) -> Sequence[Project]:
        """Active ones newest first; the archive by closing time, newest first."""
        statement = sa.select(ProjectRow).where(ProjectRow.branch_id == branch_id)
        if active:
            statement = statement.where(ProjectRow.state == ProjectState.ACTIVE.value).order_by(
                ProjectRow.started_at.desc(), ProjectRow.id.desc())
        else:
            statement = statement.where(ProjectRow.state != ProjectState.ACTIVE.value).order_by(
                ProjectRow.closed_at.desc(), ProjectRow.id.desc())
        return [to_project(r) for r in await self._all(statement)]

    async def team(self, project_id: int) -> Sequence[TeamMember]:
        rows = await self._all(sa.select(TeamMemberRow).where(TeamMemberRow.project_id == project_id)
                               .order_by(TeamMemberRow.id))
        return [to_team_member(r) for r in rows]

    async def add_team_member(self, member: TeamMember) -> None:
        await self._insert_unique(TeamMemberRow(**team_member_values(member)),
                                  f"member {member.member_id} is on project {member.project_id} already")

    async def follow(self, dream_id: int, member_id: int) -> None:
        # following already, or made to by a concurrent transaction first: the same outcome, in one statement
        await self._insert_new(FollowerRow, dict(dream_id=dream_id, member_id=member_id), ["dream_id", "member_id"])

    async def unfollow(self, dream_id: int, member_id: int) -> None:
        await self.session.execute(sa.delete(FollowerRow).where(FollowerRow.dream_id == dream_id,
                                                                FollowerRow.member_id == member_id))

    async def follows(self, dream_id: int, member_id: int) -> bool:
        return bool(await self.session.scalar(sa.select(
            sa.exists().where(FollowerRow.dream_id == dream_id, FollowerRow.member_id == member_id))))

    async def follower_count(self, dream_id: int) -> int:
        return int(await self.session.scalar(sa.select(sa.func.count()).select_from(FollowerRow)
                                             .where(FollowerRow.dream_id == dream_id)) or 0)

    async def followers(self, dream_id: int) -> Sequence[int]:
        ids = await self.session.scalars(sa.select(FollowerRow.member_id).where(FollowerRow.dream_id == dream_id)
                                         .order_by(FollowerRow.id))
        return list(ids)

    async def add_update(self, update: ProjectUpdate) -> ProjectUpdate:
        row = await self._insert(ProjectUpdateRow(**update_values(update)))
        return replace(update, id=row.id)

    async def updates(self, project_id: int) -> Sequence[ProjectUpdate]:
        """Oldest first."""
        rows = await self._all(sa.select(ProjectUpdateRow).where(ProjectUpdateRow.project_id == project_id)
                               .order_by(ProjectUpdateRow.at, ProjectUpdateRow.id))
        return [to_update(r) for r in rows]

    async def updates_of(self, project_ids: Sequence[int]) -> dict[int, list[ProjectUpdate]]:
        found: dict[int, list[ProjectUpdate]] = {project_id: [] for project_id in project_ids}
        if found:
            rows = await self._all(sa.select(ProjectUpdateRow).where(ProjectUpdateRow.project_id.in_(list(found)))
                                   .order_by(ProjectUpdateRow.at, ProjectUpdateRow.id))
            for row in rows:
                found[row.project_id].append(to_update(row))
        return found


def project_values(p: Project) -> Values:
    return dict(dream_id=p.dream_id, branch_id=p.branch_id, title=p.title, lead_id=p.lead_id,
                started_at=p.started_at, state=ProjectState(p.state).value, closed_at=p.closed_at,
                evaluation=p.evaluation, report=p.report)


def to_project(r: ProjectRow) -> Project:
    return Project(r.dream_id, r.branch_id, r.title, r.lead_id, r.started_at, ProjectState(r.state), r.closed_at,
                   r.evaluation, r.report, r.id)


def team_member_values(t: TeamMember) -> Values:
    return dict(project_id=t.project_id, member_id=t.member_id, role=t.role)


def to_team_member(r: TeamMemberRow) -> TeamMember:
    return TeamMember(r.project_id, r.member_id, r.role)


def update_values(u: ProjectUpdate) -> Values:
    return dict(project_id=u.project_id, author_id=u.author_id, text=u.text, at=u.at)


def to_update(r: ProjectUpdateRow) -> ProjectUpdate:
    return ProjectUpdate(r.project_id, r.author_id, r.text, r.at, r.id)
