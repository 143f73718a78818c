"""Projects in chat: the factory's list, a project's card, updates, the team, closing one into the archive,
and what the notices about projects say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _
from ..model.notices import NoticeKind
from ..usecases import access, projects
from ..views.actions import Action, Press
from ..views.paging import page_arg
from ..views.projects import factory_list, project_card, team_candidates
from ..views.text import excerpt
from .buttons import ButtonCodec
from .layout import as_message
from .plans import drafted
from .replies import Button, Message
from .turn import Turn


async def factory(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(factory_list(await projects.factory(t.uow, t.branch.id), page), t.codec)]


async def project(t: Turn) -> list[Message]:
    return await open_project(t, t.number_arg("/project 2"))


async def open_project(t: Turn, project_id: int) -> list[Message]:
    return [as_message(project_card(await projects.read_project(t.uow, t.actor, project_id), t.actor), t.codec)]


async def update(t: Turn, press: Press) -> list[Message]:
    found = await projects.ensure_can_post_update(t.uow, t.actor, press.number(0))
    return await t.start_dialog("update", {"project_id": found.id})


async def team(t: Turn, press: Press) -> list[Message]:
    """The lead adds a follower to the team: first who (a page of followers), then their role."""
    project_id, member_id = press.number(0), press.number(1)
    if member_id:
        found = await projects.ensure_can_add_to_team(t.uow, t.actor, project_id)
        await access.member(t.uow, member_id)
        return await t.start_dialog("team_role", {"project_id": found.id, "member_id": member_id})
    found, candidates = await projects.team_candidates(t.uow, t.actor, project_id)
    return [as_message(team_candidates(found, candidates, page_arg(press.args, 2)), t.codec)]


async def close(t: Turn, press: Press) -> list[Message]:
    """Closing starts from the final report drafted from the project's record, to keep or to write over."""
    found = await projects.ensure_can_close(t.uow, t.actor, press.number(0))
    return await t.start_dialog("close", {"project_id": found.id}, {"report": await drafted(t, found.id)})


async def follow(t: Turn, press: Press) -> list[Message]:
    on = press.args[1] == "1"
    found = await projects.follow_dream(t.uow, t.actor, press.number(0), on)
    said = _("You follow “{title}”: you will hear when it becomes a project, of its updates and how it ends.",
             title=found.title) if on else _("You no longer follow “{title}”.", title=found.title)
    return [Message.of(said, topic=f"dream:{found.id}")]


COMMANDS = {"projects": lambda t: factory(t, page_arg(t.args)), "project": project}

PRESSES = {
    Action.PROJECTS: lambda t, p: factory(t, page_arg(p.args)),
    Action.OPEN_PROJECT: lambda t, p: open_project(t, p.number(0)), Action.UPDATE: update, Action.TEAM: team,
    Action.CLOSE: close, Action.FOLLOW: follow,
}


# -- notices -------------------------------------------------------------------------------------

def _open(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the project"), codec.encode(Action.OPEN_PROJECT, p["project_id"]))]]


def _news(p: dict[str, Any]) -> list[Text | str]:
    return [_("📣 News from “{title}”, by {author}:", title=p["title"], author=p["author"]), p["text"]]


def _closed(p: dict[str, Any]) -> list[Text]:
    return [_("📦 “{title}” is finished and in the archive.", title=p["title"]) if p["outcome"] == "completed" else
            _("📦 “{title}” was discontinued and is in the archive.", title=p["title"]),
            _("Final report: {text}", text=excerpt(p["report"], 1500))]


NOTICES = {
    NoticeKind.PROJECT_STARTED: (
        lambda p: [_("🏭 “{title}” is now a project in the factory! You follow it and will hear how it goes.",
                     title=p["title"])], _open),
    NoticeKind.TEAM_JOINED: (
        lambda p: [_("{lead} added you to the team of “{title}” as {role}.", lead=p["lead"], title=p["title"],
                     role=p["role"])], _open),
    NoticeKind.PROJECT_UPDATED: (_news, _open),
    NoticeKind.PROJECT_CLOSED: (_closed, _open),
    NoticeKind.UPDATE_POST: (_news, lambda c, p: [[Button(_("Follow the project"), link=f"d{p['dream_id']}")]]),
    NoticeKind.ARCHIVE_POST: (_closed, lambda c, p: []),
}
