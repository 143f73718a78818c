"""A project's plan, as the opportunity team draws it up: who does what, the resources at hand, where things
stand and where they should end, what it costs and who pays, and the tasks that get it done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum

from ..errors import Refused
from ..i18n import _, ngettext

LINE_MAX = 500
AMOUNT_MAX = Decimal("100000000")


class PartKind(str, Enum):
    ROLE = "role"
    RESOURCE = "resource"
    SITUATION = "situation"
    GOAL = "goal"
    COST = "cost"
    FUNDING = "funding"
    TASK = "task"


#: the parts that hold one text each, replaced when written again
SINGLE = (PartKind.SITUATION, PartKind.GOAL)
MONEY = (PartKind.COST, PartKind.FUNDING)

PART_LABELS = {
    PartKind.ROLE: _("Roles and responsibilities"),
    PartKind.RESOURCE: _("Resources and opportunities"),
    PartKind.SITUATION: _("Current situation"),
    PartKind.GOAL: _("Goal"),
    PartKind.COST: _("Costs"),
    PartKind.FUNDING: _("Funding"),
    PartKind.TASK: _("Action plan"),
}


class TaskStatus(str, Enum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"


TASK_STATUS_LABELS = {TaskStatus.TODO: _("to do"), TaskStatus.DOING: _("under way"), TaskStatus.DONE: _("done")}


@dataclass
class PlanPart:
    """One line of a plan: a role (member and what they do), a resource (maybe a pledge of the dream), the
    situation or the goal, a cost or a funding source (with an amount), or a task (owner, due date, status)."""

    project_id: int
    kind: PartKind
    text: str
    member_id: int | None = None
    pledge_id: int | None = None
    amount: Decimal | None = None
    due: date | None = None
    status: TaskStatus = TaskStatus.TODO
    id: int | None = None

    def __post_init__(self) -> None:
        self.kind, self.status = PartKind(self.kind), TaskStatus(self.status)
        self.text = self.text.strip()
        if not 1 <= len(self.text) <= LINE_MAX:
            raise Refused(ngettext("A line of the plan needs 1 to {count} character.",
                                   "A line of the plan needs 1 to {count} characters.", LINE_MAX))
        if self.kind in MONEY:
            self.amount = check_amount(self.amount)
        elif self.amount is not None:
            raise Refused(_("Only costs and funding have an amount."))
        if self.kind in (PartKind.ROLE, PartKind.TASK) and self.member_id is None:
            raise Refused(_("Choose who on the team is responsible."))
        if self.kind is PartKind.TASK and self.due is None:
            raise Refused(_("A task needs a due date."))


def check_amount(amount: object) -> Decimal:
    """An amount of money: more than 0, at most AMOUNT_MAX, in whole øre/cents."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise Refused(_("Please write an amount, like 1500.")) from None
    if not value.is_finite() or not Decimal(0) < value <= AMOUNT_MAX or value != value.quantize(Decimal("0.01")):
        raise Refused(_("An amount is more than 0 and at most {max}, to the cent.", max=AMOUNT_MAX))
    return value.quantize(Decimal("0.01"))


class EventLink(str, Enum):
    """How an event belongs to a project: its opening meeting, open to all, or a course building competence."""

    OPENING = "opening"
    COURSE = "course"


@dataclass(frozen=True)
class ProjectEvent:
    project_id: int
    event_id: int
    link: EventLink


@dataclass(frozen=True)
class Plan:
    """All the lines of one project's plan, in the order they were written."""

    project_id: int
    parts: tuple[PlanPart, ...] = ()

    def of(self, kind: PartKind) -> list[PlanPart]:
        return [p for p in self.parts if p.kind is kind]

    def text_of(self, kind: PartKind) -> str:
        found = self.of(kind)
        return found[-1].text if found else ""

    @property
    def costs(self) -> Decimal:
        return sum((p.amount or Decimal(0) for p in self.of(PartKind.COST)), Decimal("0.00"))

    @property
    def funding(self) -> Decimal:
        return sum((p.amount or Decimal(0) for p in self.of(PartKind.FUNDING)), Decimal("0.00"))

    @property
    def balance(self) -> Decimal:
        """Funding less costs: below zero, money is still missing."""
        return self.funding - self.costs

    @property
    def progress(self) -> tuple[int, int]:
        """(tasks done, all tasks)."""
        tasks = self.of(PartKind.TASK)
        return sum(1 for t in tasks if t.status is TaskStatus.DONE), len(tasks)

    @property
    def empty(self) -> bool:
        return not self.parts
