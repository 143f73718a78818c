"""The board's comment on a vote (or the bank manager's reason when settling), a board member's reason for
declaring an interest, and what happens then."""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..i18n import _
from ..model.branches import Branch
from ..model.members import Member
from ..model.reviews import COMMENT_MAX, INTEREST_REASON_MAX, Choice
from ..ports import UnitOfWork
from ..usecases import recusal, reviews
from ..views.model import Note, View
from ..views.reviews import recusal_receipt, vote_receipt
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


async def _comment(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                   ctx: Answers) -> list[View]:
    """The context says which review, which choice, and whether the bank manager settles it."""
    choice = Choice(ctx["choice"])
    if ctx.get("settle"):
        result = await reviews.settle(uow, clock, actor, ctx["review_id"], choice, a.get("comment") or "")
        return [Note.of(_("You settled the review of “{title}”.", title=result.dream.title))]
    return [vote_receipt(await reviews.cast_vote(uow, clock, actor, ctx["review_id"], choice,
                                                 a.get("comment") or ""))]


COMMENT = Form("comment", _("Your vote"), (
    Field("comment", FieldKind.LONG_TEXT, _("Tell the owner why, in a sentence or two. They will see it."),
          max_length=COMMENT_MAX, required=False),
), finish=_comment)



async def _interest(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                    ctx: Answers) -> list[View]:
    """The context says which review; the use case checks the board member again."""
    return [recusal_receipt(await recusal.declare_interest(uow, clock, actor, ctx["review_id"],
                                                           a.get("reason") or ""))]


INTEREST = Form("interest", _("Your interest"), (
    Field("reason", FieldKind.TEXT, _("In a line, what is your interest in this dream? The board sees it."),
          max_length=INTEREST_REASON_MAX, required=False),
), finish=_interest)

FORMS = (COMMENT, INTEREST)
