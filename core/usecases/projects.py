"""The factory: starting a project, its team and updates, and closing it into the archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import Text, _
from ..model.dreams import Dream, DreamState
from ..model.members import Member, Role
from ..model.needs import Coverage
from ..model.notices import Audience, NoticeKind
from ..model.plans import Plan
from ..model.projects import LEAD_ROLE, Project, ProjectState, ProjectUpdate, TeamMember, check_role_name
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .needs import covering
from .notify import tell
from .pledges import ask_to_confirm
from .posts import dream_post, post


async def start_project(uow: UnitOfWork, at: datetime, dream: Dream) -> Project:
    """The board agreed to a withdrawal: the dream becomes a project; those who follow the dream (its likers and
    pledgers follow from their like or offer, unless they stopped) hear of it, and each pledger is asked whether
    their pledge still stands."""
    dream.move_to(DreamState.PROJECT)
    await uow.dreams.save(dream)
    project = await uow.projects.add(Project(dream.id, dream.branch_id, dream.title, dream.owner_id, at))
    await uow.projects.add_team_member(TeamMember(project.id, dream.owner_id, LEAD_ROLE))
    await uow.projects.follow(dream.id, dream.owner_id)
    await tell(uow, at, dream.branch_id, await uow.projects.followers(dream.id), NoticeKind.PROJECT_STARTED,
               project_id=project.id, dream_id=dream.id, title=dream.title)
    await record(uow, at, dream.branch_id, None, "start_project", f"project:{project.id}", dream_id=dream.id)
    await ask_to_confirm(uow, at, dream, project)
    await dream_post(uow, at, dream)
    return project


async def add_team_member(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, member_id: int,
                          role: str) -> TeamMember:
    """The lead gives someone a role on the team; they are told and follow the project."""
    project = await ensure_can_add_to_team(uow, actor, project_id)
    newcomer = await access.member(uow, member_id)
    entry = TeamMember(project.id, newcomer.id, check_role_name(role))
    on_team = Refused(_("{name} is on the team already.", name=newcomer.display_name))
    if newcomer.id in await _team_ids(uow, project):
        raise on_team
    try:
        await uow.projects.add_team_member(entry)
    except Conflict:
        raise on_team from None
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
    access.refuse(update_refusal(project, await _team_ids(uow, project), actor))
    return project


def update_refusal(project: Project, team: set[int], viewer: Member | None) -> Text | None:
    """Why `viewer` may not post an update: only the team (`team`, by member id) may, while it is under way."""
    if viewer is None:
        return access.SIGN_IN
    if viewer.id not in team:
        return _("Only the project's team can post updates to “{title}”.", title=project.title)
    return project.archived_refusal()


async def ensure_can_add_to_team(uow: UnitOfWork, actor: Member, project_id: int) -> Project:
    """The checks add_team_member makes, before the lead picks someone."""
    project = await access.project(uow, project_id)
    access.refuse(team_refusal(project, actor))
    return project


def team_refusal(project: Project, viewer: Member | None) -> Text | None:
    """Why `viewer` may not add someone to the team: only the lead may, while it is under way."""
    if viewer is None:
        return access.SIGN_IN
    if project.lead_id != viewer.id:
        return _("Only the project's lead can do that.")
    return project.archived_refusal()


async def team_candidates(uow: UnitOfWork, actor: Member, project_id: int) -> tuple[Project, list[tuple[int, str]]]:
    """Who the lead may add to the team: followers not on it yet, as (member id, name)."""
    project = await ensure_can_add_to_team(uow, actor, project_id)
    on_team = await _team_ids(uow, project)
    followers = [m for m in await uow.projects.followers(project.dream_id) if m not in on_team]
    return project, [(m, await access.name_of(uow, m)) for m in followers]


async def ensure_can_close(uow: UnitOfWork, actor: Member, project_id: int) -> Project:
    """The checks close_project makes before its dialog is started."""
    project = await access.project(uow, project_id)
    manager = await access.has_role(uow, actor, Role.BANK_MANAGER, branch_id=project.branch_id)
    access.refuse(access.close_refusal(project, actor, manager))
    return project


async def _team_ids(uow: UnitOfWork, project: Project) -> set[int]:
    return {t.member_id for t in await uow.projects.team(project.id)}


@dataclass(frozen=True)
class ProjectFacts:
    """What a project's card shows, read for one viewer (None for a visitor)."""

    project: Project
    #: (name, role, member id), the lead first; to a visitor, the name is None unless its member consented
    team: tuple[tuple[str | None, str, int], ...]
    #: (author's name, update), oldest first; to a visitor, the name is None unless its author consented
    updates: tuple[tuple[str | None, ProjectUpdate], ...]
    #: whether the viewer is the bank manager of the project's branch
    bank_manager: bool = False
    #: the comments on its dream that are not hidden
    comments: int = 0
    #: (tasks done, all tasks) of its plan
    progress: tuple[int, int] = (0, 0)
    #: whether its plan has any line yet
    planned: bool = False
    #: its dream's needs, each with what the standing pledges against it come to
    needs: tuple[Coverage, ...] = ()
    #: the branch's currency, which money is counted in
    currency: str = "NOK"

    @property
    def team_ids(self) -> set[int]:
        return {m for _name, _role, m in self.team}


async def read_project(uow: UnitOfWork, viewer: Member | None, project_id: int) -> ProjectFacts:
    """A project, public to anyone (a visitor too), with its team and updates; a visitor (None) reads the names
    of those who consented to be named on the public pages only."""
    project = await access.project(uow, project_id)
    members, written = list(await uow.projects.team(project.id)), list(await uow.projects.updates(project.id))
    names = await access.public_names(uow, viewer, {m.member_id for m in members} | {u.author_id for u in written})
    team = tuple((names.get(m.member_id), m.role, m.member_id) for m in members)
    updates = tuple((names.get(u.author_id), u) for u in written)
    manager = viewer is not None and await access.has_role(uow, viewer, Role.BANK_MANAGER,
                                                           branch_id=project.branch_id)
    plan = Plan(project.id, tuple(await uow.plans.of_project(project.id)))
    comments = await uow.talk.visible_count(dream_id=project.dream_id)
    return ProjectFacts(project, team, updates, manager, comments=comments, progress=plan.progress,
                        planned=not plan.empty, needs=await covering(uow, project.dream_id),
                        currency=(await access.branch_of(uow, project.branch_id)).currency)


async def factory(uow: UnitOfWork, branch_id: int) -> list[Project]:
    """The projects under way in a branch, for anyone to see."""
    return list(await uow.projects.in_branch(branch_id, active=True))


# -- following ----------------------------------------------------------------------------------

async def follow_dream(uow: UnitOfWork, actor: Member, dream_id: int, follow: bool = True) -> Dream:
    """A member starts (or stops) hearing a dream's news: its project's start, updates and closing. Liking or
    offering help makes one follow too; following asks nothing else of anyone."""
    dream = await access.dream(uow, dream_id)
    access.refuse(follow_refusal(dream, await access.project_of(uow, dream), actor))
    if follow:
        await uow.projects.follow(dream.id, actor.id)
    else:
        await uow.projects.unfollow(dream.id, actor.id)
    return dream


def follow_refusal(dream: Dream, project: Project | None, viewer: Member | None) -> Text | None:
    """Why `viewer` may not follow the dream: a visitor, or a dream that is not public or has no news to come."""
    if viewer is None:
        return access.SIGN_IN
    if not dream.public:
        return _("Only dreams in the bank and projects can be followed.")
    if dream.owner_id == viewer.id:
        return _("This is your own dream: you hear all its news anyway.")
    if project is not None and project.archived:
        return _("“{title}” is in the archive: there will be no more news of it.", title=dream.title)
    return None
