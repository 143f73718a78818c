"""Recusal: a board member declares an interest in a dream under review and stands aside from its vote, or takes
the declaration back while a review of it is open. The dream's owner, when on the board, stands aside without
declaring anything (see reviews.seats)."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import Text, ngettext
from ..model.dreams import Dream
from ..model.members import Member
from ..model.quorum import Verdict
from ..model.reviews import INTEREST_REASON_MAX, Choice, Interest, Review
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .reviews import already_declared, declare_refusal, interest_of, seats, take_back_refusal, tally, verdict_of, weigh


@dataclass(frozen=True)
class Recusal:
    """What declaring (or taking back) an interest did: the vote it took back, and where the review stands."""

    review: Review
    dream: Dream
    #: the vote the member had cast in this review, taken back when they declared
    withdrawn: Choice | None
    verdict: Verdict


def reason_refusal(reason: str) -> Text | None:
    """Why an interest's reason is too long; None when it fits its one line."""
    if len(" ".join(reason.split())) > INTEREST_REASON_MAX:
        return ngettext("Please keep the reason under {count} character.",
                        "Please keep the reason under {count} characters.", INTEREST_REASON_MAX)
    return None


async def ensure_can_declare(uow: UnitOfWork, actor: Member, review_id: int) -> tuple[Review, Dream]:
    """The checks declare_interest makes, for asking the reason only of one who may declare."""
    review = await access.review(uow, review_id)
    dream = await access.dream(uow, review.dream_id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    access.refuse(declare_refusal(review, dream, actor, roles, await interest_of(uow, dream, actor)))
    return review, dream


async def declare_interest(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int, reason: str = ""
                           ) -> Recusal:
    """A board member declares an interest in the dream under review: they are recused from its reviews (this
    round, later ones and its withdrawal), a vote they cast in this one is taken back, and the quorum is weighed
    again over the board without them, which may decide the review, or leave it to the bank manager when nobody
    is left to vote. Audited."""
    await uow.reviews.get(review_id, for_update=True)  # as voters do, those recusing on one review take turns
    review, dream = await ensure_can_declare(uow, actor, review_id)
    reason = " ".join(reason.split())
    access.refuse(reason_refusal(reason))
    branch = await access.branch_of(uow, review.branch_id)
    was_tied = verdict_of(branch, await seats(uow, dream), await tally(uow, review.id)).tied
    withdrawn = next((v.choice for v in await uow.reviews.votes(review.id) if v.voter_id == actor.id), None)
    now = clock.now()
    try:
        await uow.reviews.add_interest(Interest(dream.id, actor.id, reason, now))
    except Conflict:
        raise Refused(already_declared(dream)) from None
    if withdrawn is not None:
        await uow.reviews.remove_vote(review.id, actor.id)
    await record(uow, now, review.branch_id, actor.id, "declare_interest", f"dream:{dream.id}", review_id=review.id,
                 reason=reason, vote_taken_back=withdrawn.value if withdrawn else "")
    _current, verdict = await weigh(uow, now, review, dream, was_tied)
    return Recusal(review, dream, withdrawn, verdict)


async def take_back_interest(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int) -> Recusal:
    """A board member takes back the interest they declared in a dream while a review of it is open: they may vote
    on it again (a vote taken back when they declared is not restored). Audited."""
    await uow.reviews.get(review_id, for_update=True)
    review = await access.review(uow, review_id)
    dream = await access.dream(uow, review.dream_id)
    access.refuse(take_back_refusal(review, dream, await interest_of(uow, dream, actor)))
    branch = await access.branch_of(uow, review.branch_id)
    was_tied = verdict_of(branch, await seats(uow, dream), await tally(uow, review.id)).tied
    await uow.reviews.remove_interest(dream.id, actor.id)
    now = clock.now()
    await record(uow, now, review.branch_id, actor.id, "take_back_interest", f"dream:{dream.id}",
                 review_id=review.id)
    _current, verdict = await weigh(uow, now, review, dream, was_tied)
    return Recusal(review, dream, None, verdict)

