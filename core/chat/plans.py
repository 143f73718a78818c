"""A project's plan in chat: `/plan N` shows it with a button for each part, `/tasks N` the action plan; the team
adds parts step by step, moves tasks along, takes lines out, and drafts the final report from the record; and
what the notices about plans and tasks say."""

from __future__ import annotations

from typing import Any

from ..dialogs.plans import BY_KIND, PLAN_PLEDGE
from ..i18n import Text, _, translate
from ..model.notices import NoticeKind
from ..model.plans import TASK_STATUS_LABELS, PartKind, TaskStatus
from ..model.projects import REPORT_MAX
from ..usecases import plans, projects
from ..views.actions import Action, Press
from ..views.paging import page_arg
from ..views.plans import course_choices, plan_card, removable, task_overview
from .buttons import ButtonCodec
from .layout import as_message
from .replies import Button, Message
from .turn import Turn


async def plan(t: Turn) -> list[Message]:
    return await open_plan(t, t.number_arg("/plan 2"))


async def open_plan(t: Turn, project_id: int) -> list[Message]:
    return [as_message(plan_card(await plans.read_plan(t.uow, t.actor, project_id)), t.codec)]


async def tasks(t: Turn) -> list[Message]:
    return await open_tasks(t, t.number_arg("/tasks 2"))


async def open_tasks(t: Turn, project_id: int, page: int = 1) -> list[Message]:
    return [as_message(task_overview(await plans.read_plan(t.uow, t.actor, project_id), page), t.codec)]


async def add(t: Turn, press: Press) -> list[Message]:
    """A team member adds a part: the team (and the dream's pledges) are the dialog's options."""
    facts = await plans.ensure_can_plan(t.uow, t.actor, press.number(0))
    kind = PartKind(press.args[1])
    context: dict[str, Any] = {"project_id": facts.project.id, "team": [[m, n] for m, n in facts.team.items()]}
    form = BY_KIND[kind]
    if kind is PartKind.RESOURCE:
        pledges = await plans.pledge_choices(t.uow, facts.project)
        if pledges:
            form, context["pledges"] = PLAN_PLEDGE, [[p, d[:60]] for p, d in pledges]
    previous = {"text": facts.plan.text_of(kind)} if kind in (PartKind.SITUATION, PartKind.GOAL) else None
    return await t.start_dialog(form.name, context, previous if previous and previous["text"] else None)


async def status(t: Turn, press: Press) -> list[Message]:
    task = await plans.set_status(t.uow, t.clock, t.actor, press.number(0), TaskStatus(press.args[1]))
    said = Message.of(_("“{task}” is now {status}.", task=task.text, status=TASK_STATUS_LABELS[task.status]))
    return [said, *await open_tasks(t, task.project_id)]


async def remove(t: Turn, press: Press) -> list[Message]:
    project_id, part_id = press.number(0), press.number(1)
    if part_id:
        part = await plans.remove_part(t.uow, t.clock, t.actor, part_id)
        return [Message.of(_("“{text}” is out of the plan.", text=part.text)), *await open_plan(t, project_id)]
    facts = await plans.ensure_can_plan(t.uow, t.actor, project_id)
    return [as_message(removable(facts, page_arg(press.args, 2)), t.codec)]


async def report(t: Turn, press: Press) -> list[Message]:
    """The lead drafts the final report from the project's record; the closing dialog starts from the draft, to
    keep as it is or to write over, and the sign-off is the closing's own."""
    found = await projects.ensure_can_close(t.uow, t.actor, press.number(0))
    draft = await drafted(t, found.id)
    shown = Message.of(_("A draft of the final report, from the project's own record:"), draft,
                       _("Keep it as the report, or send your own text in its place, with the lines that end in "
                         "… filled in."))
    return [shown, *await t.start_dialog("close", {"project_id": found.id}, {"report": draft})]


async def meeting(t: Turn, press: Press) -> list[Message]:
    facts = await plans.ensure_can_plan(t.uow, t.actor, press.number(0))
    return await t.start_dialog("plan_meeting", {"project_id": facts.project.id})


async def course(t: Turn, press: Press) -> list[Message]:
    project_id, event_id = press.number(0), press.number(1)
    if event_id:
        event = await plans.link_course(t.uow, t.clock, t.actor, project_id, event_id)
        return [Message.of(_("“{title}” is linked to the project as competence building.", title=event.title)),
                *await open_plan(t, project_id)]
    facts, found = await plans.courses(t.uow, t.clock, t.actor, project_id)
    return [as_message(course_choices(facts, found, page_arg(press.args, 2)), t.codec)]


async def drafted(t: Turn, project_id: int) -> str:
    """The final report drafted from the project's record, in the words of the one closing it."""
    lines = await plans.draft_report(t.uow, t.actor, project_id)
    return "\n".join(translate(line, t.actor.speaks(t.branch.language)) for line in lines)[:REPORT_MAX]


COMMANDS = {"plan": plan, "tasks": tasks}

PRESSES = {
    Action.PLAN: lambda t, p: open_plan(t, p.number(0)),
    Action.PLAN_ADD: add,
    Action.TASKS: lambda t, p: open_tasks(t, p.number(0), page_arg(p.args, 1)),
    Action.TASK_STATUS: status,
    Action.PLAN_REMOVE: remove,
    Action.PLAN_REPORT: report,
    Action.PLAN_MEETING: meeting,
    Action.PLAN_COURSE: course,
}


# -- notices -------------------------------------------------------------------------------------

def _open_plan(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the plan"), codec.encode(Action.PLAN, p["project_id"]))]]


def _open_tasks(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Tasks"), codec.encode(Action.TASKS, p["project_id"]))]]


def _changed(p: dict[str, Any]) -> list[Text]:
    """What changed in the plan, who changed it, in the reader's language."""
    who = dict(author=p["author"], title=p["title"], text=p["text"])
    if p["change"] == "plan_status":
        return [_("📋 {author} marked a task of “{title}” {status}: {text}",
                  status=TASK_STATUS_LABELS[TaskStatus(p["status"])], **who)]
    if p["change"] == "plan_remove":
        return [_("📋 {author} took out of the plan of “{title}”: {text}", **who)]
    return [_("📋 {author} added to the plan of “{title}”: {text}", **who)]


NOTICES = {
    NoticeKind.PLAN_CHANGED: (_changed, _open_plan),
    NoticeKind.TASK_DUE: (
        lambda p: [_("⏰ “{task}” in “{title}” is due tomorrow ({due}).", task=p["task"], title=p["title"],
                     due=p["due"])], _open_tasks),
    NoticeKind.TASK_OVERDUE: (
        lambda p: [_("⚠️ “{task}” in “{title}” was due {due} and is not done yet. Is it done, or should the plan "
                     "change?", task=p["task"], title=p["title"], due=p["due"])], _open_tasks),
}
