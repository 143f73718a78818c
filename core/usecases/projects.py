"""The factory: starting a project, its team and updates, and closing it into the archive."""

from __future__ import annotations

from datetime import datetime

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import _
from ..model.dreams import Dream, DreamState
from ..model.members import Member, Role
from ..model.notices import Audience, NoticeKind
from ..model.projects import LEAD_ROLE, Project, ProjectState, ProjectUpdate, TeamMember, check_role_name
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import tell
from .posts import dream_post, post


async def start_project(uow: UnitOfWork, at: datetime, dream: Dream) -> Project:
    """The board agreed to a withdrawal: the dream becomes a project; its likers and pledgers follow."""
    dream.move_to(DreamState.PROJECT)
    await uow.dreams.save(dream)
    project = await uow.projects.add(Project(dream.id, dream.branch_id, dream.title, dream.owner_id, at))
    await uow.projects.add_team_member(TeamMember(project.id, dream.owner_id, LEAD_ROLE))
    await uow.projects.follow(dream.id, dream.owner_id)
    for member_id in await uow.bank.likers(dream.id):
        await uow.projects.follow(dream.id, member_id)
    for pledge in await uow.bank.pledges(dream.id):
        await uow.projects.follow(dream.id, pledge.member_id)
    await tell(uow, at, dream.branch_id, await uow.projects.followers(dream.id), NoticeKind.PROJECT_STARTED,
               project_id=project.id, dream_id=dream.id, title=dream.title)
    await record(uow, at, dream.branch_id, None, "start_project", f"project:{project.id}", dream_id=dream.id)
    await dream_post(uow, at, dream)
    return project


async def _require_lead(uow: UnitOfWork, project: Project, actor: Member) -> None:
    if project.lead_id != actor.id:
        raise Refused(_("Only the project's lead can do that."))


async def add_team_member(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, member_id: int,
                          role: str) -> TeamMember:
    """The lead gives someone a role on the team; they are told and follow the project."""
    project = await access.project(uow, project_id)
    await _require_lead(uow, project, actor)
    project.require_active()
    newcomer = await access.member(uow, member_id)
    entry = TeamMember(project.id, newcomer.id, check_role_name(role))
    if any(t.member_id == newcomer.id for t in await uow.projects.team(project.id)):
        raise Refused(_("{name} is on the team already.", name=newcomer.display_name))
    try:
        await uow.projects.add_team_member(entry)
    except Conflict:
        raise Refused(_("{name} is on the team already.", name=newcomer.display_name)) from None
    await uow.projects.follow(project.dream_id, newcomer.id)
    now = clock.now()
    await record(uow, now, project.branch_id, actor.id, "team_add", f"project:{project.id}",
                 member_id=newcomer.id, role=entry.role)
    await tell(uow, now, project.branch_id, [newcomer.id], NoticeKind.TEAM_JOINED, project_id=project.id,
               title=project.title, role=entry.role, lead=actor.display_name)
    return entry


async def post_update(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, text: str) -> ProjectUpdate:
    """A team member tells the project's followers how it is going."""
    project = await ensure_can_post_update(uow, actor, project_id)
    now = clock.now()
    update = await uow.projects.add_update(ProjectUpdate(project.id, actor.id, text, now))
    followers = [m for m in await uow.projects.followers(project.dream_id) if m != actor.id]
    await tell(uow, now, project.branch_id, followers, NoticeKind.PROJECT_UPDATED, project_id=project.id,
               title=project.title, author=actor.display_name, text=update.text)
    await record(uow, now, project.branch_id, actor.id, "update", f"project:{project.id}", update_id=update.id)
    await post(uow, now, project.branch_id, Audience.BANK_CHAT, NoticeKind.UPDATE_POST, f"update:{update.id}",
               project_id=project.id, dream_id=project.dream_id, title=project.title, author=actor.display_name,
               text=update.text)
    return update


async def close_project(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, outcome: ProjectState,
                        evaluation: str, report: str) -> Project:
    """The lead (or the bank manager) closes the project; it goes to the archive with its report."""
    project = await ensure_can_close(uow, actor, project_id)
    now = clock.now()
    project.close(outcome, evaluation, report, now)
    await uow.projects.save(project)
    followers = [m for m in await uow.projects.followers(project.dream_id) if m != actor.id]
    await tell(uow, now, project.branch_id, followers, NoticeKind.PROJECT_CLOSED, project_id=project.id,
               title=project.title, outcome=outcome.value, report=project.report)
    await record(uow, now, project.branch_id, actor.id, "close", f"project:{project.id}", outcome=outcome.value)
    await post(uow, now, project.branch_id, Audience.BANK_CHAT, NoticeKind.ARCHIVE_POST, f"archive:{project.id}",
               project_id=project.id, title=project.title, outcome=outcome.value, report=project.report)
    await dream_post(uow, now, await access.dream(uow, project.dream_id))
    return project


async def ensure_can_post_update(uow: UnitOfWork, actor: Member, project_id: int) -> Project:
    """The checks post_update makes, for asking the text only of someone who may post it."""
    project = await access.project(uow, project_id)
    if not any(t.member_id == actor.id for t in await uow.projects.team(project.id)):
        raise Refused(_("Only the project's team can post updates to “{title}”.", title=project.title))
    project.require_active()
    return project


async def ensure_can_close(uow: UnitOfWork, actor: Member, project_id: int) -> Project:
    """The checks close_project makes before its dialog is started."""
    project = await access.project(uow, project_id)
    if project.lead_id != actor.id and not await access.has_role(uow, actor, Role.BANK_MANAGER,
                                                                 branch_id=project.branch_id):
        raise Refused(_("Only the project's lead or the bank manager can close it."))
    project.require_active()
    return project


async def archive(uow: UnitOfWork, branch_id: int) -> list[Project]:
    return list(await uow.projects.in_branch(branch_id, active=False))
