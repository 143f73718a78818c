"""Board reviews: opening a round, casting votes, the quorum's decision, the chair settling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..clock import Clock
from ..errors import Conflict, Refused
from ..i18n import Text, _, ngettext
from ..model.branches import Branch
from ..model.dreams import Dream, DreamState
from ..model.members import Member, Role
from ..model.notices import NoticeKind
from ..model.needs import Coverage, as_params
from ..model.quorum import Tally, Verdict, decide
from ..model.reviews import COMMENT_MAX, Choice, Review, ReviewKind, Vote
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import holders, tell
from .needs import covering
from .posts import dream_post, review_post, standing_pledges


@dataclass(frozen=True)
class VoteResult:
    review: Review
    dream: Dream
    tally: Tally
    verdict: Verdict


async def open_review(uow: UnitOfWork, dream: Dream, kind: ReviewKind, at: datetime, motivation: str = "") -> Review:
    """Start a new round of votes and ask the board (less the dream's owner) to vote."""
    latest = await uow.reviews.latest(dream.id)
    round_ = latest.round + 1 if latest else 1
    review = await uow.reviews.add(Review(dream.id, dream.branch_id, kind, round_, at, motivation.strip()))
    owner = await access.member(uow, dream.owner_id)
    board = await eligible_voters(uow, dream)
    if await review_post(uow, at, review, dream, len(board)):
        return review  # the board is asked in its own chat
    kind_ = NoticeKind.REVIEW_REQUESTED if kind is ReviewKind.DEPOSIT else NoticeKind.WITHDRAWAL_REQUESTED
    await tell(uow, at, dream.branch_id, board, kind_, dream_id=dream.id, review_id=review.id,
               title=dream.title, owner=owner.display_name, story=dream.story, round=round_,
               motivation=review.motivation, likes=await uow.bank.likes(dream.id),
               pledges=await standing_pledges(uow, dream.id),
               needs=as_params(await covering(uow, dream.id)) if kind is ReviewKind.WITHDRAWAL else [],
               currency=(await access.branch_of(uow, dream.branch_id)).currency)
    return review


async def eligible_voters(uow: UnitOfWork, dream: Dream) -> list[int]:
    return [m for m in await holders(uow, dream.branch_id, Role.BOARD) if m != dream.owner_id]


async def tally(uow: UnitOfWork, review_id: int) -> Tally:
    return Tally.of(v.choice for v in await uow.reviews.votes(review_id))


async def cast_vote(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int, choice: Choice,
                    comment: str = "") -> VoteResult:
    """One vote per board member per round; the quorum rule may decide the review at once."""
    await uow.reviews.get(review_id, for_update=True)  # voters on one review take turns
    review, dream = await ensure_can_vote(uow, actor, review_id)
    comment = comment.strip()
    access.refuse(comment_refusal(comment))
    votes = await uow.reviews.votes(review.id)
    now = clock.now()
    try:
        await uow.reviews.add_vote(Vote(review.id, actor.id, choice, comment, now))
    except Conflict:
        raise Refused(_already_voted(dream)) from None
    await record(uow, now, review.branch_id, actor.id, "vote", f"dream:{dream.id}", review_id=review.id,
                 choice=choice.value, comment=comment)
    branch = await access.branch_of(uow, review.branch_id)
    voters = len(await eligible_voters(uow, dream))
    before = Tally.of(v.choice for v in votes)
    after = Tally.of([*(v.choice for v in votes), choice])
    verdict = decide(branch.quorum, voters, after)
    if verdict.outcome is not None:
        await conclude(uow, now, review, dream, verdict.outcome, settled_by=None)
    else:
        await review_post(uow, now, review, dream, voters)
    if verdict.outcome is None and verdict.tied and not decide(branch.quorum, voters, before).tied:
        managers = await holders(uow, branch.id, Role.BANK_MANAGER)
        await tell(uow, now, branch.id, managers, NoticeKind.REVIEW_TIED, review_id=review.id,
                   dream_id=dream.id, title=dream.title, approve=after.approve, reject=after.reject,
                   more_info=after.more_info)
    return VoteResult(review, dream, after, verdict)


async def settle(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int, choice: Choice,
                 reason: str = "") -> VoteResult:
    """The bank manager decides a tied review, or one the board has let stall."""
    review, dream, current = await ensure_can_settle(uow, clock, actor, review_id, for_update=True)
    reason = reason.strip()
    access.refuse(comment_refusal(reason))
    await conclude(uow, clock.now(), review, dream, choice, settled_by=actor.id, reason=reason)
    return VoteResult(review, dream, current, Verdict(choice))


async def ensure_can_settle(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int, *,
                            for_update: bool = False) -> tuple[Review, Dream, Tally]:
    """The checks settle makes, so that a press on a decided review is refused before a comment is asked."""
    review = await access.review(uow, review_id, for_update=for_update)
    dream = await access.dream(uow, review.dream_id, for_update=for_update)
    branch = await access.branch_of(uow, review.branch_id)
    current = await tally(uow, review.id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    access.refuse(settle_refusal(review, dream, roles, branch, current, len(await eligible_voters(uow, dream)),
                                 clock.now()))
    return review, dream, current


def settle_refusal(review: Review, dream: Dream, roles: set[Role] | frozenset[Role], branch: Branch,
                   current: Tally, voters: int, now: datetime) -> Text | None:
    """Why someone holding `roles` may not settle the review: only the bank manager may, once it is tied or
    has stalled, while it is open."""
    if not review.open:
        return _closed(dream)
    if Role.BANK_MANAGER not in roles:
        return _("Only the bank manager can settle a review.")
    stalled = now - review.opened_at >= branch.stall_after
    if not (decide(branch.quorum, voters, current).tied or stalled):
        return ngettext("The board is still voting. You can settle once the votes are tied or the review "
                        "has waited {count} day.", "The board is still voting. You can settle once the votes "
                        "are tied or the review has waited {count} days.", branch.stall_after.days)
    return None


def _closed(dream: Dream) -> Text:
    return _("The vote on “{title}” is closed: the board has already decided.", title=dream.title)


async def conclude(uow: UnitOfWork, at: datetime, review: Review, dream: Dream, outcome: Choice,
                   settled_by: int | None, reason: str = "") -> None:
    """Record the board's decision, move the dream, and tell the owner and the board why."""
    from .projects import start_project  # a withdrawal's approval opens the factory

    if not reason:
        comments = [v.comment for v in await uow.reviews.votes(review.id) if v.choice is outcome and v.comment]
        reason = "\n".join(comments)
    review.outcome, review.decided_at, review.settled_by = outcome, at, settled_by
    await uow.reviews.save(review)
    if review.kind is ReviewKind.DEPOSIT:
        target = {Choice.APPROVE: DreamState.APPROVED, Choice.REJECT: DreamState.REJECTED,
                  Choice.MORE_INFO: DreamState.NEEDS_INFO}[outcome]
        dream.move_to(target)
        dream.decided_at, dream.decision_reason = at, reason
        await uow.dreams.save(dream)
        if outcome is Choice.APPROVE:
            await uow.projects.follow(dream.id, dream.owner_id)
            await dream_post(uow, at, dream)
        await tell(uow, at, dream.branch_id, [dream.owner_id], NoticeKind.DREAM_DECIDED, dream_id=dream.id,
                   title=dream.title, outcome=outcome.value, reason=reason)
    elif outcome is Choice.APPROVE:
        await start_project(uow, at, dream)
    else:
        await tell(uow, at, dream.branch_id, [dream.owner_id], NoticeKind.WITHDRAWAL_DECIDED, dream_id=dream.id,
                   title=dream.title, outcome=outcome.value, reason=reason)
    if not await review_post(uow, at, review, dream, len(await eligible_voters(uow, dream))):
        board = await holders(uow, dream.branch_id, Role.BOARD, Role.BANK_MANAGER)
        await tell(uow, at, dream.branch_id, [m for m in board if m != settled_by], NoticeKind.BOARD_DECIDED,
                   dream_id=dream.id, title=dream.title, kind=review.kind.value, outcome=outcome.value,
                   settled=settled_by is not None)
    await record(uow, at, dream.branch_id, settled_by, "decide", f"dream:{dream.id}", review_id=review.id,
                 kind=review.kind.value, outcome=outcome.value, reason=reason, settled=settled_by is not None)


async def close_open_review(uow: UnitOfWork, at: datetime, dream: Dream) -> None:
    latest = await uow.reviews.latest(dream.id)
    if latest is not None and latest.open:
        latest.decided_at = at
        await uow.reviews.save(latest)
        await review_post(uow, at, latest, dream, len(await eligible_voters(uow, dream)))


async def ensure_can_vote(uow: UnitOfWork, actor: Member, review_id: int) -> tuple[Review, Dream]:
    """The checks cast_vote makes, for asking a comment before the vote is cast (a second vote is refused
    here, before any comment is asked)."""
    review = await access.review(uow, review_id)
    dream = await access.dream(uow, review.dream_id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    access.refuse(vote_refusal(review, dream, actor, roles, await _vote_of(uow, review, actor)))
    return review, dream


def vote_refusal(review: Review, dream: Dream, viewer: Member | None, roles: set[Role] | frozenset[Role],
                 voted: Choice | None) -> Text | None:
    """Why `viewer` (holding `roles`, having `voted` already or not) may not vote on the review: only the
    board may, once, on someone else's dream, while the review is open."""
    if not review.open:
        return _closed(dream)
    if viewer is None or Role.BOARD not in roles:
        return _("Only the board can vote on dreams; your press changed nothing.")
    if dream.owner_id == viewer.id:
        return _("You cannot vote on your own dream.")
    if voted is not None:
        return _already_voted(dream)
    return None


def _already_voted(dream: Dream) -> Text:
    return _("You have already voted on “{title}”.", title=dream.title)


def comment_refusal(comment: str, limit: int = COMMENT_MAX) -> Text | None:
    """Why a comment (a vote's, a settling's or a withdrawal's motivation) is too long; None when it fits."""
    if len(comment.strip()) > limit:
        return ngettext("Please keep your comment under {count} character.",
                        "Please keep your comment under {count} characters.", limit)
    return None


async def _vote_of(uow: UnitOfWork, review: Review, actor: Member) -> Choice | None:
    return next((v.choice for v in await uow.reviews.votes(review.id) if v.voter_id == actor.id), None)


@dataclass(frozen=True)
class ReviewFacts:
    """What a review's card shows a board member or the bank manager, with what they may do about it."""

    review: Review
    dream: Dream
    owner: str
    tally: Tally
    voters: int
    #: the viewer's own vote, if they cast one
    voted: Choice | None
    vote_refusal: Text | None
    settle_refusal: Text | None
    #: whether the viewer is the bank manager, who may settle (or is told when they may)
    bank_manager: bool
    #: the dream's needs, each with what is pledged against it (what a withdrawal is decided on)
    needs: tuple[Coverage, ...] = ()
    #: the branch's currency, which money is counted in
    currency: str = "NOK"


async def read_review(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int) -> ReviewFacts:
    """One review as a board member or the bank manager sees it; refused to anyone else."""
    review = await access.review(uow, review_id)
    await _require_board(uow, actor, review.branch_id)
    dream = await access.dream(uow, review.dream_id)
    branch = await access.branch_of(uow, review.branch_id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    current, voters, voted = await tally(uow, review.id), len(await eligible_voters(uow, dream)), \
        await _vote_of(uow, review, actor)
    return ReviewFacts(review, dream, await access.name_of(uow, dream.owner_id), current, voters, voted,
                       vote_refusal(review, dream, actor, roles, voted),
                       settle_refusal(review, dream, roles, branch, current, voters, clock.now()),
                       Role.BANK_MANAGER in roles, await covering(uow, dream.id), branch.currency)


async def waiting_reviews(uow: UnitOfWork, clock: Clock, actor: Member, branch_id: int) -> list[ReviewFacts]:
    """The reviews open in the branch, for its board and bank manager; refused to anyone else."""
    await _require_board(uow, actor, branch_id)
    return [await read_review(uow, clock, actor, r.id) for r in await uow.reviews.open_in(branch_id)]


async def _require_board(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    await access.require_role(uow, actor, branch_id, _("Only the board reviews dreams."), Role.BOARD,
                              Role.BANK_MANAGER)
