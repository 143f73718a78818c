"""Button presses: each press is decoded, then checked again by the use case it leads to."""

from __future__ import annotations

from typing import Awaitable, Callable

from ..errors import Refused
from ..i18n import _, ngettext
from ..model.reviews import Choice
from ..usecases import access, bank, dreams, members, projects, reviews
from . import calls, commands, events, links, newsletters, padrivere, preferences
from .buttons import Action, Press
from .flows import vote_receipt
from .lookups import dream_facts, name_of
from .replies import Button, Message
from .turn import Turn
from .views import CHOICE_CODES, dream_card


def _choice(press: Press) -> Choice:
    try:
        return CHOICE_CODES[press.args[1]]
    except (IndexError, KeyError):
        raise Refused(_("That button is not valid.")) from None


async def vote(t: Turn, press: Press) -> list[Message]:
    choice = _choice(press)
    review_id = press.number(0)
    if choice is Choice.APPROVE:
        return [vote_receipt(await reviews.cast_vote(t.uow, t.clock, t.actor, review_id, choice))]
    await reviews.ensure_can_vote(t.uow, t.actor, review_id)
    return await t.start_dialog("comment", {"review_id": review_id, "choice": choice.value})


async def settle(t: Turn, press: Press) -> list[Message]:
    choice, review_id = _choice(press), press.number(0)
    await reviews.ensure_can_settle(t.uow, t.clock, t.actor, review_id)
    return await t.start_dialog("comment", {"review_id": review_id, "choice": choice.value, "settle": True})


async def open_dream(t: Turn, press: Press) -> list[Message]:
    found = await access.public_dream(t.uow, t.actor, press.number(0))
    return [dream_card(t.codec, await dream_facts(t.uow, found, t.actor), t.actor.id)]


async def like(t: Turn, press: Press) -> list[Message]:
    count = await bank.like_dream(t.uow, t.clock, t.actor, press.number(0))
    found = await access.dream(t.uow, press.number(0))
    return [Message.of(_("♥ You like “{title}” ({likes}).", title=found.title,
                         likes=ngettext("{count} like", "{count} likes", count)),
                       topic=f"dream:{found.id}")]


async def pledge(t: Turn, press: Press) -> list[Message]:
    return await commands.offer_help(t, press.number(0))


async def withdraw(t: Turn, press: Press) -> list[Message]:
    found = await dreams.ensure_can_propose_withdrawal(t.uow, t.actor, press.number(0))
    return await t.start_dialog("withdrawal", {"dream_id": found.id})


async def amend(t: Turn, press: Press) -> list[Message]:
    found = await dreams.ensure_can_amend(t.uow, t.actor, press.number(0))
    previous = {"title": found.title, "story": found.story, "needs": [n.value for n in found.needs],
                "needs_detail": found.needs_detail}
    return await t.start_dialog("amend", {"dream_id": found.id}, previous)


async def retract(t: Turn, press: Press) -> list[Message]:
    found = await access.dream(t.uow, press.number(0))
    access.require_owner(found, t.actor)
    return await t.start_dialog("retract", {"dream_id": found.id})


async def open_project(t: Turn, press: Press) -> list[Message]:
    return [await commands.project_view(t, press.number(0))]


async def update(t: Turn, press: Press) -> list[Message]:
    project = await projects.ensure_can_post_update(t.uow, t.actor, press.number(0))
    return await t.start_dialog("update", {"project_id": project.id})


async def team(t: Turn, press: Press) -> list[Message]:
    project = await access.project(t.uow, press.number(0))
    project.require_active()
    if project.lead_id != t.actor.id:
        raise Refused(_("Only the project's lead can do that."))
    member_id = press.number(1)
    if member_id:
        await access.member(t.uow, member_id)
        return await t.start_dialog("team_role", {"project_id": project.id, "member_id": member_id})
    on_team = {m.member_id for m in await t.uow.projects.team(project.id)}
    candidates = [m for m in await t.uow.projects.followers(project.dream_id) if m not in on_team]
    if not candidates:
        return [Message.of(_("Everyone who follows the project is on the team already. When more people like "
                             "it or offer help, you can add them here."))]
    rows = [[Button(_("{name}", name=await name_of(t.uow, m)), t.codec.encode(Action.TEAM, project.id, m))]
            for m in candidates[:30]]
    return [Message.of(_("Who joins the team? These people follow the project:"), buttons=rows)]


async def close(t: Turn, press: Press) -> list[Message]:
    project = await projects.ensure_can_close(t.uow, t.actor, press.number(0))
    return await t.start_dialog("close", {"project_id": project.id})


async def language(t: Turn, press: Press) -> list[Message]:
    await members.choose_language(t.uow, t.actor, press.args[0] if press.args else "")
    return [Message.of(_("From now on I will write to you in English."))]


PRESSES: dict[Action, Callable[[Turn, Press], Awaitable[list[Message]]]] = {
    Action.VOTE: vote, Action.SETTLE: settle, Action.OPEN_DREAM: open_dream, Action.LIKE: like,
    Action.PLEDGE: pledge, Action.WITHDRAW: withdraw, Action.AMEND: amend, Action.RETRACT: retract,
    Action.OPEN_PROJECT: open_project, Action.UPDATE: update, Action.TEAM: team, Action.CLOSE: close,
    Action.LANGUAGE: language,
    Action.BANK: lambda t, p: commands.bank_(t), Action.MINE: lambda t, p: commands.my_dreams(t),
    Action.ARCHIVE: lambda t, p: commands.archive(t), Action.REVIEWS: lambda t, p: commands.review(t),
    Action.LINK_CHAT: links.link_press,
}
# the circle and a member's choices
for _feature in (padrivere, events, calls, newsletters, preferences):
    PRESSES.update(_feature.PRESSES)
