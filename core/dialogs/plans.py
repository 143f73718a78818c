"""The dialogs of a project's plan, one for each part the team adds: a role, a resource (maybe a pledge of the
dream), the situation, the goal, a cost, a funding source and a task."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..i18n import _
from ..model.branches import Branch
from ..model.events import EVENT_TEXT_MAX, EVENT_TITLE_MAX, PLACE_MAX, EventAudience, EventKind
from ..model.members import Member
from ..model.plans import AMOUNT_MAX, LINE_MAX, PartKind
from ..ports import UnitOfWork
from ..usecases import plans
from ..usecases.events import EventDraft
from ..views.actions import Action
from ..views.model import Act, Note, View
from .events import CHECKS
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


def _adding(kind: PartKind):
    async def finish(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                     ctx: Answers) -> list[View]:
        member = int(a["member"]) if a.get("member") else None
        pledge = int(a["pledge"]) if a.get("pledge") else None
        due = date.fromisoformat(a["due"]) if a.get("due") else None
        amount = Decimal(a["amount"]) if a.get("amount") else None
        await plans.add_part(uow, clock, actor, ctx["project_id"], kind, a["text"], member_id=member,
                             pledge_id=pledge, amount=amount, due=due)
        return [Note.of(_("It is in the plan, and the project's followers are told."),
                        actions=[[Act.to(Action.PLAN, _("Open the plan"), ctx["project_id"])]])]
    return finish


def _text(prompt, long: bool = False) -> Field:
    return Field("text", FieldKind.LONG_TEXT if long else FieldKind.TEXT, prompt, max_length=LINE_MAX)


_MEMBER = Field("member", FieldKind.CHOICE, _("Who on the team?"), options_from="team")
_AMOUNT = Field("amount", FieldKind.NUMBER, _("How much?"), minimum=Decimal("0.01"), maximum=AMOUNT_MAX)

PLAN_ROLE = Form("plan_role", _("A role in the plan"), (
    _MEMBER, _text(_("What are they responsible for?"))), finish=_adding(PartKind.ROLE))
PLAN_RESOURCE = Form("plan_resource", _("A resource or opportunity"), (
    _text(_("What resource or opportunity is there? (a venue, tools, a partner, a fund)")),),
    finish=_adding(PartKind.RESOURCE))
PLAN_PLEDGE = Form("plan_pledge", _("A resource or opportunity"), (
    Field("pledge", FieldKind.CHOICE, _("Does it come from a pledge to the dream? (optional)"),
          options_from="pledges", required=False),
    _text(_("What resource or opportunity is there? (a venue, tools, a partner, a fund)"))),
    finish=_adding(PartKind.RESOURCE))
PLAN_SITUATION = Form("plan_situation", _("The current situation"), (
    _text(_("Where do things stand now?"), long=True),), finish=_adding(PartKind.SITUATION))
PLAN_GOAL = Form("plan_goal", _("The goal"), (
    _text(_("What should be there when the project is done?"), long=True),), finish=_adding(PartKind.GOAL))
PLAN_COST = Form("plan_cost", _("A cost"), (
    _text(_("What does the money go to?")), _AMOUNT), finish=_adding(PartKind.COST))
PLAN_FUNDING = Form("plan_funding", _("A funding source"), (
    _text(_("Where does the money come from? (a fund, the municipality, a sponsor, own effort)")), _AMOUNT),
    finish=_adding(PartKind.FUNDING))
PLAN_TASK = Form("plan_task", _("A task"), (
    _text(_("What is the task?")), _MEMBER,
    Field("due", FieldKind.DATE, _("By when must it be done?"))), finish=_adding(PartKind.TASK))

#: the dialog that adds each part of the plan
BY_KIND = {PartKind.ROLE: PLAN_ROLE, PartKind.RESOURCE: PLAN_RESOURCE, PartKind.SITUATION: PLAN_SITUATION,
           PartKind.GOAL: PLAN_GOAL, PartKind.COST: PLAN_COST, PartKind.FUNDING: PLAN_FUNDING,
           PartKind.TASK: PLAN_TASK}

FORMS = (PLAN_ROLE, PLAN_RESOURCE, PLAN_PLEDGE, PLAN_SITUATION, PLAN_GOAL, PLAN_COST, PLAN_FUNDING, PLAN_TASK)


async def _meeting(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                   ctx: Answers) -> list[View]:
    draft = EventDraft(EventKind.OPEN_MEETING, a["title"], a["description"], a["starts"], a["ends"], a["place"],
                       EventAudience.EVERYONE, None, None)
    event = await plans.open_meeting(uow, clock, actor, ctx["project_id"], draft)
    return [Note.of(_("Everyone in the branch is invited to “{title}”.", title=event.title),
                    actions=[[Act.to(Action.OPEN_EVENT, _("Open the event"), event.id),
                              Act.to(Action.PLAN, _("Open the plan"), ctx["project_id"])]])]


PLAN_MEETING = Form("plan_meeting", _("The opening meeting"), (
    Field("title", FieldKind.TEXT, _("What is the meeting called? (for example: Open meeting about the garden)"),
          max_length=EVENT_TITLE_MAX),
    Field("description", FieldKind.LONG_TEXT, _("What will happen? Everyone is welcome to meet the team."),
          max_length=EVENT_TEXT_MAX),
    Field("starts", FieldKind.DATETIME, _("When does it start?")),
    Field("ends", FieldKind.DATETIME, _("When does it end?")),
    Field("place", FieldKind.TEXT, _("Where is it?"), max_length=PLACE_MAX),
), checks=CHECKS[:2], finish=_meeting)

FORMS += (PLAN_MEETING,)
