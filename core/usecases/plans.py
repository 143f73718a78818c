"""A project's plan: the team draws it up and changes it as the work goes; each change is recorded and its
followers hear of it; task owners are reminded before a task is due and told when it is overdue; when the
project ends, its own record drafts the final report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..errors import Conflict, NotFound, Refused
from ..formats import Money, currency_of
from ..i18n import Text, _, join
from ..model.events import Event, EventAudience, EventKind
from ..model.members import Member, Role
from ..model.plans import SINGLE, EventLink, PartKind, Plan, PlanPart, ProjectEvent, TaskStatus
from ..model.notices import NoticeKind
from ..model.projects import Project
from ..ports import UnitOfWork
from . import access, events
from .auditing import record
from .events import EventDraft
from .notify import tell


#: the changes of a plan the audit trail records
CHANGES = ("plan_add", "plan_status", "plan_remove")


def plan_refusal(project: Project, team: set[int], viewer: Member | None) -> Text | None:
    """Why `viewer` may not change the plan: only the project's team may, while it is under way."""
    if viewer is None:
        return access.SIGN_IN
    if viewer.id not in team:
        return _("Only the project's team can change the plan of “{title}”.", title=project.title)
    return project.archived_refusal()


@dataclass(frozen=True)
class PlanFacts:
    """A plan as one viewer reads it."""

    project: Project
    plan: Plan
    #: member id to name, for the team (the lead first); to a visitor, None for one who did not consent to be named
    team: dict[int, str | None]
    #: why the viewer may not change it; None when they may
    refused: Text | None
    #: the branch's currency, for the amounts
    currency: str = "NOK"
    #: the events linked to the project (its opening meeting, courses), in the order they were linked
    events: tuple[tuple[EventLink, Event], ...] = ()
    #: the branch's time zone, for the events' times
    timezone: str = "UTC"
    #: the latest changes of the plan, newest last: (when, who, change, the line's text, its status)
    changes: tuple[tuple[datetime, Text | str, str, str, str], ...] = ()
    #: whether the viewer may close the project (its lead, or the bank manager), and so draft its final report
    may_close: bool = False

    def name(self, member_id: int | None) -> Text | str:
        if (member_id or 0) not in self.team:
            return "?"
        return self.team[member_id or 0] or UNNAMED


#: who a team member is to a visitor when they did not consent to be named on the public pages
UNNAMED = _("a member of the team")


async def _team(uow: UnitOfWork, project: Project, viewer: Member | None) -> dict[int, str | None]:
    ids = [project.lead_id, *[t.member_id for t in await uow.projects.team(project.id)]]
    names = await access.public_names(uow, viewer, set(ids))
    return {m: names[m] for m in dict.fromkeys(ids)}


async def read_plan(uow: UnitOfWork, viewer: Member | None, project_id: int) -> PlanFacts:
    """A project's plan: public, like the project."""
    project = await access.project(uow, project_id)
    team = await _team(uow, project, viewer)
    plan = Plan(project.id, tuple(await uow.plans.of_project(project.id)))
    branch = await uow.branches.get(project.branch_id)
    linked = [(link.link, await uow.events.get(link.event_id)) for link in await uow.plans.events(project.id)]
    manager = viewer is not None and viewer.id != project.lead_id and await access.has_role(
        uow, viewer, Role.BANK_MANAGER, branch_id=project.branch_id)
    return PlanFacts(project, plan, team, plan_refusal(project, set(team), viewer),
                     currency_of(branch.language if branch else None),
                     tuple((link, event) for link, event in linked if event is not None),
                     branch.timezone if branch else "UTC", await _changes(uow, project, viewer),
                     access.close_refusal(project, viewer, manager) is None)


async def _changes(uow: UnitOfWork, project: Project, viewer: Member | None, latest: int = 5
                   ) -> tuple[tuple[datetime, Text | str, str, str, str], ...]:
    """What changed in the plan, when and by whom (named as `viewer` may read the name), as the audit trail
    recorded it."""
    entries = [e for e in await uow.audit.about(f"project:{project.id}") if e.action in CHANGES][-latest:]
    names = await access.public_names(uow, viewer, {e.actor_id for e in entries if e.actor_id is not None})
    return tuple([(e.at, names.get(e.actor_id or 0) or (UNNAMED if e.actor_id is not None else access.NOBODY),
                   e.action, str(e.detail.get("text", "")), str(e.detail.get("status", ""))) for e in entries])


async def ensure_can_plan(uow: UnitOfWork, actor: Member, project_id: int) -> PlanFacts:
    """The checks every change of the plan makes, for asking only one who may change it."""
    facts = await read_plan(uow, actor, project_id)
    access.refuse(facts.refused)
    return facts


async def pledge_choices(uow: UnitOfWork, project: Project) -> list[tuple[int, str]]:
    """The dream's standing pledges a resource may be linked to, as (pledge id, who offered what)."""
    return [(p.id, f"{await access.name_of(uow, p.member_id)}: {p.description}")
            for p in await uow.bank.pledges(project.dream_id) if p.id is not None and p.standing]


async def add_part(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, kind: PartKind, text: str, *,
                   member_id: int | None = None, pledge_id: int | None = None, amount: Decimal | str | None = None,
                   due: date | None = None) -> PlanPart:
    """A team member adds a line to the plan (the situation and the goal are replaced, not added to)."""
    facts = await ensure_can_plan(uow, actor, project_id)
    project = facts.project
    if member_id is not None and member_id not in facts.team:
        raise Refused(_("Only someone on the team can be responsible for a part of the plan."))
    if pledge_id is not None and pledge_id not in {p for p, _d in await pledge_choices(uow, project)}:
        raise Refused(_("That pledge was not made to this dream."))
    part = PlanPart(project.id, PartKind(kind), text, member_id, pledge_id,
                    Decimal(str(amount)) if amount is not None else None, due)
    if due is not None and due < await _today(uow, clock, project.branch_id):
        raise Refused(_("That date has passed; please choose a due date from today on."))
    if part.kind in SINGLE:
        for old in facts.plan.of(part.kind):
            await uow.plans.remove(old.id)
    part = await uow.plans.add(part)
    await _changed(uow, clock, actor, project, "plan_add", part)
    return part


async def add_linked_resource(uow: UnitOfWork, clock: Clock, actor: Member, project: Project, text: str,
                              pledge_id: int) -> PlanPart:
    """A pledge its pledger confirmed for the project becomes a resource of the plan, linked to it: in the audit
    trail like any change of the plan, by its pledger (the lead hears of the confirmation itself)."""
    part = await uow.plans.add(PlanPart(project.id, PartKind.RESOURCE, text, pledge_id=pledge_id))
    await record(uow, clock.now(), project.branch_id, actor.id, "plan_add", f"project:{project.id}", part_id=part.id,
                 kind=part.kind.value, text=part.text, status=part.status.value, amount=None, due=None,
                 member_id=None)
    return part


async def set_status(uow: UnitOfWork, clock: Clock, actor: Member, part_id: int, status: TaskStatus) -> PlanPart:
    """A team member moves a task along: to do, under way, done."""
    part = await _part(uow, part_id)
    facts = await ensure_can_plan(uow, actor, part.project_id)
    if part.kind is not PartKind.TASK:
        raise Refused(_("Only a task has a status."))
    part = replace(part, status=TaskStatus(status))
    await uow.plans.save(part)
    await _changed(uow, clock, actor, facts.project, "plan_status", part)
    return part


async def remove_part(uow: UnitOfWork, clock: Clock, actor: Member, part_id: int) -> PlanPart:
    """A team member takes a line out of the plan."""
    part = await _part(uow, part_id)
    facts = await ensure_can_plan(uow, actor, part.project_id)
    await uow.plans.remove(part.id)
    await _changed(uow, clock, actor, facts.project, "plan_remove", part)
    return part


async def _part(uow: UnitOfWork, part_id: int) -> PlanPart:
    found = await uow.plans.get(part_id)
    if found is None:
        raise NotFound(_("That part of the plan is no longer there."))
    return found


async def _changed(uow: UnitOfWork, clock: Clock, actor: Member, project: Project, change: str,
                   part: PlanPart) -> None:
    """Every change is in the audit trail (what, when, by whom) and its followers hear of it."""
    now = clock.now()
    await record(uow, now, project.branch_id, actor.id, change, f"project:{project.id}", part_id=part.id,
                 kind=part.kind.value, text=part.text, status=part.status.value,
                 amount=str(part.amount) if part.amount is not None else None,
                 due=part.due.isoformat() if part.due else None, member_id=part.member_id)
    followers = [m for m in await uow.projects.followers(project.dream_id) if m != actor.id]
    await tell(uow, now, project.branch_id, followers, NoticeKind.PLAN_CHANGED, project_id=project.id,
               title=project.title, author=actor.display_name, change=change, kind=part.kind.value,
               text=part.text, status=part.status.value)


# -- tasks due and overdue ----------------------------------------------------------------------

async def _today(uow: UnitOfWork, clock: Clock, branch_id: int) -> date:
    """Today in the branch's time zone."""
    branch = await uow.branches.get(branch_id)
    return clock.now().astimezone(ZoneInfo(branch.timezone if branch else "UTC")).date()


async def remind_tasks(uow: UnitOfWork, clock: Clock, branch_id: int) -> int:
    """Each open task's owner hears the day before it is due, and once when it is overdue; how many were told.
    Days are the branch's calendar days (no holiday calendar)."""
    branch = await uow.branches.get(branch_id)
    if branch is None:
        return 0
    now = clock.now()
    today = now.astimezone(ZoneInfo(branch.timezone)).date()
    told = 0
    for project in await uow.projects.in_branch(branch_id, True):
        for task in await uow.plans.of_project(project.id):
            if task.kind is not PartKind.TASK or task.status is TaskStatus.DONE or task.due is None:
                continue
            if today > task.due:
                kind, mark = NoticeKind.TASK_OVERDUE, f"task-overdue:{task.id}:{task.due.isoformat()}"
            elif today == task.due - timedelta(days=1):
                kind, mark = NoticeKind.TASK_DUE, f"task-due:{task.id}:{task.due.isoformat()}"
            else:
                continue
            if not await uow.runs.first_time(mark, now):
                continue
            await tell(uow, now, branch_id, [task.member_id], kind, project_id=project.id, title=project.title,
                       task=task.text, due=task.due.isoformat())
            told += 1
    return told


# -- the final report ---------------------------------------------------------------------------

async def draft_report(uow: UnitOfWork, actor: Member, project_id: int) -> list[Text | str]:
    """The final report drafted from the project's own record, for the team to edit and sign off: the goal and
    what was achieved, the tasks done, the updates and the pledges used; what was learned and what others can
    reuse are left for the team to write."""
    facts = await read_plan(uow, actor, project_id)
    plan, project = facts.plan, facts.project
    lines: list[Text | str] = []
    if plan.text_of(PartKind.GOAL):
        lines.append(_("Goal: {text}", text=plan.text_of(PartKind.GOAL)))
    if plan.text_of(PartKind.SITUATION):
        lines.append(_("Where we started: {text}", text=plan.text_of(PartKind.SITUATION)))
    done = [t.text for t in plan.of(PartKind.TASK) if t.status is TaskStatus.DONE]
    finished, total = plan.progress
    if total:
        lines.append(_("Tasks done ({done} of {total}): {tasks}", done=finished, total=total,
                       tasks=join(list(done)) if done else "—"))
    used = {p.pledge_id for p in plan.of(PartKind.RESOURCE) if p.pledge_id}
    pledges = [d for p, d in await pledge_choices(uow, project) if p in used]
    if pledges:
        lines.append(_("Help used: {pledges}", pledges=join(list(pledges), "; ")))
    if plan.of(PartKind.COST) or plan.of(PartKind.FUNDING):
        lines.append(_("Costs {costs}, funding {funding}, balance {balance}.",
                       costs=Money(plan.costs, facts.currency), funding=Money(plan.funding, facts.currency),
                       balance=Money(plan.balance, facts.currency)))
    updates = [u.text for u in await uow.projects.updates(project.id)]
    if updates:
        lines.append(_("Along the way: {updates}", updates=join([u[:200] for u in updates[-5:]], " / ")))
    lines.append(_("What we achieved against the goal: …"))
    lines.append(_("What we learned: …"))
    lines.append(_("What others can reuse: …"))
    return lines


# -- the opening meeting and courses ------------------------------------------------------------

async def open_meeting(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, draft: EventDraft) -> Event:
    """The team invites everyone in the branch to the project's opening meeting, where the team is presented
    ("åpent møte"): an open meeting linked to the project."""
    facts = await ensure_can_plan(uow, actor, project_id)
    branch = await access.branch_of(uow, facts.project.branch_id)
    draft = replace(draft, kind=EventKind.OPEN_MEETING, audience=EventAudience.EVERYONE)
    event, _broadcast = await events.publish_event(uow, clock, actor, branch, draft)
    await uow.plans.link_event(ProjectEvent(facts.project.id, event.id, EventLink.OPENING))
    await record(uow, clock.now(), branch.id, actor.id, "plan_meeting", f"project:{facts.project.id}",
                 event_id=event.id)
    return event


async def courses(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int) -> tuple[PlanFacts, list[Event]]:
    """The courses coming up in the branch that the team may link to the project as competence building."""
    facts = await ensure_can_plan(uow, actor, project_id)
    linked = {e.event_id for e in await uow.plans.events(facts.project.id)}
    found = [e for e in await uow.events.upcoming(facts.project.branch_id, clock.now(), 50)
             if e.kind is EventKind.COURSE and e.id not in linked]
    return facts, found


async def link_course(uow: UnitOfWork, clock: Clock, actor: Member, project_id: int, event_id: int) -> Event:
    """A team member links a course to the project as competence building."""
    facts = await ensure_can_plan(uow, actor, project_id)
    event = await uow.events.get(event_id)
    if event is None or event.branch_id != facts.project.branch_id or event.kind is not EventKind.COURSE \
            or event.cancelled:
        raise Refused(_("Only a course of the branch that is not cancelled can be linked as competence building."))
    try:
        await uow.plans.link_event(ProjectEvent(facts.project.id, event.id, EventLink.COURSE))
    except Conflict:
        raise Refused(_("“{title}” is linked to the project already.", title=event.title)) from None
    await record(uow, clock.now(), facts.project.branch_id, actor.id, "plan_course", f"project:{facts.project.id}",
                 event_id=event.id)
    return event
