"""What happens when a dialog is finished: each form's answers handed to its use case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Awaitable, Callable

from ..i18n import _
from ..model.dreams import Draft, Need
from ..model.projects import ProjectState
from ..model.reviews import Choice
from ..usecases import bank, dreams, projects, reviews
from .buttons import Action
from .replies import Button, Message
from .turn import Turn

Answers = dict[str, Any]


def _draft(a: Answers) -> Draft:
    return Draft(a["title"], a["story"], frozenset(Need(n) for n in a["needs"]), a.get("needs_detail") or "",
                 a["non_profit"], a["social_value"], a["realisable"])


async def _deposit(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    dream = await dreams.deposit_dream(t.uow, t.clock, t.actor, _draft(a))
    return [Message.of(_("Thank you! “{title}” is deposited (no. {id}). The board will look at it and you will "
                         "hear from them here.", title=dream.title, id=dream.id),
                       buttons=[[Button(_("My dreams"), t.codec.encode(Action.MINE))]])]


async def _amend(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    dream = await dreams.amend_dream(t.uow, t.clock, t.actor, ctx["dream_id"], _draft(a))
    return [Message.of(_("“{title}” is back with the board. Thank you for the extra detail.", title=dream.title))]


async def _pledge(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    amount = Decimal(a["amount"]) if a.get("amount") else None
    pledge = await bank.pledge_help(t.uow, t.clock, t.actor, ctx["dream_id"], Need(a["kind"]), a["description"], amount)
    dream = await t.uow.dreams.get(pledge.dream_id)
    return [Message.of(_("Thank you! Your offer of help is on “{title}”, and its owner has been told. You will "
                         "hear how it goes.", title=dream.title if dream else ""))]


async def _comment(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    choice = Choice(ctx["choice"])
    if ctx.get("settle"):
        result = await reviews.settle(t.uow, t.clock, t.actor, ctx["review_id"], choice, a.get("comment") or "")
        return [Message.of(_("You settled the review of “{title}”.", title=result.dream.title))]
    result = await reviews.cast_vote(t.uow, t.clock, t.actor, ctx["review_id"], choice, a.get("comment") or "")
    return [vote_receipt(result)]


def vote_receipt(result: reviews.VoteResult) -> Message:
    lines = [_("Your vote on “{title}” is counted.", title=result.dream.title)]
    if result.verdict.outcome is not None:
        lines.append(_("That decided it; the owner has been told."))
    elif result.verdict.tied:
        lines.append(_("The board is tied; the bank manager will settle it."))
    return Message.of(*lines, topic=f"review:{result.review.id}")


async def _withdrawal(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    dream = await dreams.propose_withdrawal(t.uow, t.clock, t.actor, ctx["dream_id"], a.get("motivation") or "")
    return [Message.of(_("The board is asked to agree that “{title}” becomes a project.", title=dream.title))]


async def _retract(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    dream = await dreams.retract_dream(t.uow, t.clock, t.actor, ctx["dream_id"])
    return [Message.of(_("“{title}” is taken out. It stays yours, in /mydreams.", title=dream.title))]


async def _update(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    update = await projects.post_update(t.uow, t.clock, t.actor, ctx["project_id"], a["text"])
    return [Message.of(_("Your update is posted and followers are being told."),
                       buttons=[[Button(_("Open the project"), t.codec.encode(Action.OPEN_PROJECT, update.project_id))]])]


async def _team_role(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    entry = await projects.add_team_member(t.uow, t.clock, t.actor, ctx["project_id"], ctx["member_id"], a["role"])
    member = await t.uow.members.get(entry.member_id)
    return [Message.of(_("{name} is on the team as {role}.", name=member.display_name if member else "",
                         role=entry.role))]


async def _close(t: Turn, a: Answers, ctx: Answers) -> list[Message]:
    project = await projects.close_project(t.uow, t.clock, t.actor, ctx["project_id"], ProjectState(a["outcome"]),
                                           a.get("evaluation") or "", a["report"])
    return [Message.of(_("“{title}” is in the archive. Thank you for all the work!", title=project.title))]


FINISH: dict[str, Callable[[Turn, Answers, Answers], Awaitable[list[Message]]]] = {
    "deposit": _deposit, "amend": _amend, "pledge": _pledge, "comment": _comment, "withdrawal": _withdrawal,
    "retract": _retract, "update": _update, "team_role": _team_role, "close": _close,
}
