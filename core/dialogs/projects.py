"""The dialogs of a project: posting an update, giving a teammate a role, closing it into the archive;
each with what happens when it is finished."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import Text, _
from ..model.branches import Branch
from ..model.members import Member
from ..model.projects import EVALUATION_MAX, PROJECT_STATE_LABELS, REPORT_MAX, ROLE_MAX, UPDATE_MAX, ProjectState
from ..ports import UnitOfWork
from ..usecases import access, projects
from ..views.actions import Action
from ..views.model import Act, Note, View
from .forms import Field, FieldKind, Form, Option

Answers = dict[str, Any]


async def _update(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    update = await projects.post_update(uow, clock, actor, ctx["project_id"], a["text"])
    return [Note.of(_("Your update is posted and followers are being told."),
                    actions=[[Act.to(Action.OPEN_PROJECT, _("Open the project"), update.project_id)]])]


async def _team_role(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                     ctx: Answers) -> list[View]:
    entry = await projects.add_team_member(uow, clock, actor, ctx["project_id"], ctx["member_id"], a["role"])
    return [Note.of(_("{name} is on the team as {role}.", name=await access.name_of(uow, entry.member_id),
                      role=entry.role))]


async def _close(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                 ctx: Answers) -> list[View]:
    project = await projects.close_project(uow, clock, actor, ctx["project_id"], ProjectState(a["outcome"]),
                                           a.get("evaluation") or "", a["report"])
    return [Note.of(_("“{title}” is in the archive. Thank you for all the work!", title=project.title))]


def _close_summary(a: Answers) -> list[Text]:
    lines = [_("Outcome: {outcome}", outcome=PROJECT_STATE_LABELS[ProjectState(a["outcome"])])]
    if a.get("evaluation"):
        lines.append(_("Evaluation: {evaluation}", evaluation=a["evaluation"]))
    return [*lines, _("Report: {report}", report=a["report"])]


UPDATE = Form("update", _("Project update"), (
    Field("text", FieldKind.LONG_TEXT, _("What is new in the project? Followers will be told."),
          max_length=UPDATE_MAX),
), finish=_update)

TEAM_ROLE = Form("team_role", _("Team role"), (
    Field("role", FieldKind.TEXT, _("Which role will they have on the team? (for example: coordinator, treasurer)"),
          max_length=ROLE_MAX),
), finish=_team_role)

CLOSE = Form("close", _("Close the project"), (
    Field("outcome", FieldKind.CHOICE, _("How did it end?"), options=(
        Option(ProjectState.COMPLETED.value, PROJECT_STATE_LABELS[ProjectState.COMPLETED]),
        Option(ProjectState.DISCONTINUED.value, PROJECT_STATE_LABELS[ProjectState.DISCONTINUED]))),
    Field("evaluation", FieldKind.LONG_TEXT, _("What went well, and what would you do differently? (optional)"),
          max_length=EVALUATION_MAX, required=False),
    Field("report", FieldKind.LONG_TEXT, _("A short final report for the archive: what came of the dream?"),
          max_length=REPORT_MAX),
), summary=_close_summary, confirm_label=_("Move it to the archive"), finish=_close)

FORMS = (UPDATE, TEAM_ROLE, CLOSE)
