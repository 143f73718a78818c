"""How a plan looks: its card with every part and what the team may add, the action plan's overview, and the
lines a team member may take out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..formats import Moment, Money
from ..i18n import Text, _, alone, ngettext
from ..model.events import Event
from ..model.plans import PART_LABELS, TASK_STATUS_LABELS, EventLink, PartKind, PlanPart, TaskStatus
from ..usecases.plans import PlanFacts
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of
from .text import excerpt

#: the order the team draws the plan up in, step by step
STEPS = (PartKind.ROLE, PartKind.RESOURCE, PartKind.SITUATION, PartKind.GOAL, PartKind.COST, PartKind.FUNDING,
         PartKind.TASK)
ADD_LABELS = {
    PartKind.ROLE: _("+ Role"), PartKind.RESOURCE: _("+ Resource"), PartKind.SITUATION: _("Situation"),
    PartKind.GOAL: _("Goal"), PartKind.COST: _("+ Cost"), PartKind.FUNDING: _("+ Funding"),
    PartKind.TASK: _("+ Task"),
}
NEXT_STATUS = {TaskStatus.TODO: TaskStatus.DOING, TaskStatus.DOING: TaskStatus.DONE, TaskStatus.DONE: TaskStatus.TODO}


def line(facts: PlanFacts, part: PlanPart) -> Text:
    """One line of the plan as the card and the lists show it."""
    if part.kind is PartKind.ROLE:
        return _("• {name}: {text}", name=facts.name(part.member_id), text=part.text)
    if part.kind in (PartKind.COST, PartKind.FUNDING):
        return _("• {text}: {amount}", text=part.text, amount=Money(part.amount or Decimal(0), facts.currency))
    if part.kind is PartKind.TASK:
        return _("• {text} — {task}", text=part.text, task=task_detail(facts, part))
    if part.kind is PartKind.RESOURCE and part.pledge_id:
        return _("• {text} (pledged)", text=part.text)
    return _("• {text}", text=part.text)


def task_detail(facts: PlanFacts, task: PlanPart) -> Text:
    return _("{name}, by {due} ({status})", name=facts.name(task.member_id),
             due=task.due.isoformat() if task.due else "", status=TASK_STATUS_LABELS[task.status])


def change_line(facts: PlanFacts, at: datetime, who: Text | str, change: str, text: str, status: str) -> Text:
    when = Moment(at, facts.timezone)
    if change == "plan_status":
        return _("• {when}, {who} marked “{text}” {status}", when=when, who=who, text=excerpt(text, 80),
                 status=TASK_STATUS_LABELS[TaskStatus(status)])
    if change == "plan_remove":
        return _("• {when}, {who} took out “{text}”", when=when, who=who, text=excerpt(text, 80))
    return _("• {when}, {who} added “{text}”", when=when, who=who, text=excerpt(text, 80))


def progress(done: int, total: int) -> Text:
    return ngettext("Progress: {done} of {count} task done", "Progress: {done} of {count} tasks done", total,
                    done=done)


def progress_line(facts: PlanFacts) -> Text | None:
    done, total = facts.plan.progress
    return progress(done, total) if total else None


def plan_card(facts: PlanFacts) -> Card:
    """The whole plan; the team gets a button for each part (step by step) and the tasks, and the one who may close
    the project the report draft."""
    project, plan = facts.project, facts.plan
    body: list[Text | str] = []
    for kind in STEPS:
        parts = plan.of(kind)
        if not parts and kind is not PartKind.TASK:
            continue
        body.append(_("{part}:", part=PART_LABELS[kind]))
        body += [line(facts, p) for p in parts] or [_("• none yet")]
        if kind is PartKind.FUNDING or (kind is PartKind.COST and not plan.of(PartKind.FUNDING)):
            body.append(_("Balance (funding − costs): {balance}", balance=Money(plan.balance, facts.currency)))
    if plan.empty:
        body = [_("No plan yet. The team draws it up here, step by step: who does what, the resources at hand, "
                  "where things stand and the goal, costs and funding, and the tasks.")]
    shown = progress_line(facts)
    if shown:
        body.append(shown)
    if facts.changes:
        body.append(_("Latest changes:"))
        body += [change_line(facts, *change) for change in facts.changes]
    for link, event in facts.events:
        when = Moment(event.starts_at, facts.timezone)
        body.append(_("Opening meeting: {title}, {when}", title=event.title, when=when) if link is EventLink.OPENING
                    else _("Competence building: {title}, {when}", title=event.title, when=when))
    rows: list[tuple[Act, ...]] = []
    if facts.refused is None:
        adds = [Act.to(Action.PLAN_ADD, ADD_LABELS[k], project.id, k.value) for k in STEPS]
        rows += [tuple(adds[:2]), tuple(adds[2:4]), tuple(adds[4:6]), (adds[6],)]
        rows.append((Act.to(Action.TASKS, _("Tasks"), project.id),
                     Act.to(Action.PLAN_REMOVE, _("Remove a line"), project.id, 0)))
        rows.append((Act.to(Action.PLAN_MEETING, _("Opening meeting"), project.id),
                     Act.to(Action.PLAN_COURSE, _("Link a course"), project.id, 0)))
        if facts.may_close:
            rows.append((Act.to(Action.PLAN_REPORT, _("Draft the final report"), project.id),))
    rows.append((Act.to(Action.OPEN_PROJECT, _("Open the project"), project.id),))
    rows += [(Act.to(Action.OPEN_EVENT, event.title, event.id),) for _link, event in facts.events]
    return Card("plan", project.id, _("📋 The plan of “{title}”", title=project.title), None, body=tuple(body),
                actions=tuple(rows))


def task_overview(facts: PlanFacts, page: int = 1) -> Listing:
    """The action plan: each task with its owner, due date and status; the team moves one along by pressing."""
    tasks = facts.plan.of(PartKind.TASK)

    def entry(task: PlanPart) -> Entry:
        label = excerpt(task.text, 40)
        press = None if facts.refused else Act.to(Action.TASK_STATUS, label, task.id,
                                                   NEXT_STATUS[task.status].value)
        return Entry(label, task_detail(facts, task), press)

    intro: tuple[Text | str, ...] = (progress_line(facts),) if tasks else ()
    if tasks and facts.refused is None:
        intro += (_("Press a task to move it along: to do → under way → done."),)
    return page_of(_("Tasks of “{title}”:", title=facts.project.title), tasks, page, entry,
                   _("No tasks yet: add them to the plan with “+ Task”."), Action.TASKS, facts.project.id,
                   intro=intro)


def removable(facts: PlanFacts, page: int = 1) -> Listing:
    """The plan's lines, each a press that takes it out."""
    return page_of(_("Which line comes out of the plan?"), list(facts.plan.parts), page,
                   lambda p: Entry(excerpt(p.text, 40), PART_LABELS[p.kind],
                                   Act.to(Action.PLAN_REMOVE, excerpt(p.text, 40), facts.project.id, p.id)),
                   _("The plan has no lines yet."), Action.PLAN_REMOVE, facts.project.id, 0)


def course_choices(facts: PlanFacts, found: list[Event], page: int = 1) -> Listing:
    """The courses coming up that the team may link to the project as competence building."""
    return page_of(_("Which course builds the team's competence?"), found, page,
                   lambda e: Entry(excerpt(e.title, 40), alone(Moment(e.starts_at, facts.timezone)),
                                   Act.to(Action.PLAN_COURSE, excerpt(e.title, 40), facts.project.id, e.id)),
                   _("No courses are coming up in the branch."), Action.PLAN_COURSE, facts.project.id, 0)


#: the order a reader reads a plan in: where it is going and where it stands first
READING = (PartKind.GOAL, PartKind.SITUATION, PartKind.ROLE, PartKind.RESOURCE, PartKind.COST, PartKind.FUNDING,
           PartKind.TASK)


@dataclass(frozen=True)
class PlanLine:
    """One line of a part of the plan, with what goes beside its words: who (a role's or a task's owner, from the
    team), an amount, a due date, a task's status, whether a resource was pledged."""

    text: str
    who: Text | str = ""
    amount: Text | None = None
    due: str = ""
    status: Text | None = None
    done: bool = False
    pledged: bool = False


@dataclass(frozen=True)
class PlanSection:
    """One part of the plan: its heading and lines; `kind` says which part it is, for a page to lay each out its
    way (the amounts in a table, the tasks with their owners and dates); `total` sums up its amounts."""

    kind: str
    heading: Text
    lines: tuple[PlanLine, ...]
    total: Text | None = None


@dataclass(frozen=True)
class PlanView:
    """The whole plan to read (on a page, for anyone: it is as public as the project): each part that has lines,
    the balance, the tasks' progress, its latest changes and the events linked to it. Reading only: the team
    changes it in chat."""

    title: Text
    sections: tuple[PlanSection, ...]
    empty: Text | None = None
    balance: Text | None = None
    #: (tasks done, all tasks) and the same in words
    progress: tuple[int, int] = (0, 0)
    progress_text: Text | None = None
    changes: tuple[Text, ...] = ()
    events: tuple[tuple[Text, Act], ...] = ()


def plan_view(facts: PlanFacts) -> PlanView:
    plan = facts.plan

    def money(amount: Decimal | None) -> Text:
        return alone(Money(amount or Decimal(0), facts.currency))

    def plan_line(part: PlanPart) -> PlanLine:
        if part.kind is PartKind.ROLE:
            return PlanLine(part.text, facts.name(part.member_id))
        if part.kind in (PartKind.COST, PartKind.FUNDING):
            return PlanLine(part.text, amount=money(part.amount))
        if part.kind is PartKind.TASK:
            return PlanLine(part.text, facts.name(part.member_id), due=part.due.isoformat() if part.due else "",
                            status=TASK_STATUS_LABELS[part.status], done=part.status is TaskStatus.DONE)
        return PlanLine(part.text, pledged=part.kind is PartKind.RESOURCE and part.pledge_id is not None)

    totals = {PartKind.COST: money(plan.costs), PartKind.FUNDING: money(plan.funding)}
    sections = tuple(PlanSection(kind.value, PART_LABELS[kind], tuple(plan_line(p) for p in plan.of(kind)),
                                 totals.get(kind)) for kind in READING if plan.of(kind))
    money_planned = plan.of(PartKind.COST) or plan.of(PartKind.FUNDING)
    events = tuple((_("Opening meeting: {title}, {when}", title=e.title, when=Moment(e.starts_at, facts.timezone))
                    if link is EventLink.OPENING else
                    _("Competence building: {title}, {when}", title=e.title, when=Moment(e.starts_at, facts.timezone)),
                    Act.to(Action.OPEN_EVENT, e.title, e.id)) for link, e in facts.events)
    return PlanView(_("The plan"), sections, _("The team has not drawn up a plan yet.") if plan.empty else None,
                    _("Balance (funding − costs): {balance}", balance=Money(plan.balance, facts.currency))
                    if money_planned else None, plan.progress, progress_line(facts),
                    tuple(change_line(facts, *change) for change in facts.changes), events)
