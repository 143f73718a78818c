"""Board reviews: opening a round, casting votes, the quorum's decision over the board less those recused, the
chair settling."""

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
from ..model.reviews import COMMENT_MAX, Choice, Interest, Review, ReviewKind, Vote
from ..ports import UnitOfWork
from . import access
from .auditing import record
from .notify import holders, tell
from .needs import covering
from .posts import dream_post, review_post


@dataclass(frozen=True)
class VoteResult:
    review: Review
    dream: Dream
    tally: Tally
    verdict: Verdict


@dataclass(frozen=True)
class Seats:
    """The board as it sits on one dream: who may vote, and who is recused (the dream's owner when on the board,
    and those who declared an interest in it)."""

    voters: tuple[int, ...]
    recused: tuple[int, ...]

    @property
    def board(self) -> int:
        return len(self.voters) + len(self.recused)


async def seats(uow: UnitOfWork, dream: Dream) -> Seats:
    board = await holders(uow, dream.branch_id, Role.BOARD)
    interested = {i.member_id for i in await uow.reviews.interests(dream.id)}
    recused = tuple(m for m in board if m == dream.owner_id or m in interested)
    return Seats(tuple(m for m in board if m not in recused), recused)


def verdict_of(branch: Branch, sitting: Seats, current: Tally) -> Verdict:
    return decide(branch.quorum, sitting.board, current, len(sitting.recused))


async def open_review(uow: UnitOfWork, dream: Dream, kind: ReviewKind, at: datetime, motivation: str = "") -> Review:
    """Start a new round of votes and ask the board (less those recused from the dream) to vote; when nobody is
    left to vote, the bank manager is told it is theirs to settle."""
    latest = await uow.reviews.latest(dream.id)
    round_ = latest.round + 1 if latest else 1
    review = await uow.reviews.add(Review(dream.id, dream.branch_id, kind, round_, at, motivation.strip()))
    owner = await access.member(uow, dream.owner_id)
    sitting = await seats(uow, dream)
    if not await review_post(uow, at, review, dream, len(sitting.voters), len(sitting.recused)):
        kind_ = NoticeKind.REVIEW_REQUESTED if kind is ReviewKind.DEPOSIT else NoticeKind.WITHDRAWAL_REQUESTED
        await tell(uow, at, dream.branch_id, sitting.voters, kind_, dream_id=dream.id, review_id=review.id,
                   title=dream.title, owner=owner.display_name, story=dream.story, round=round_,
                   motivation=review.motivation, likes=await uow.bank.likes(dream.id),
                   pledges=await uow.bank.standing(dream.id),
                   needs=as_params(await covering(uow, dream.id)) if kind is ReviewKind.WITHDRAWAL else [],
                   currency=(await access.branch_of(uow, dream.branch_id)).currency)
    if not sitting.voters:
        await _tell_bank_managers(uow, at, review, dream, Tally(), sitting)
    return review


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
    was_tied = verdict_of(branch, await seats(uow, dream), Tally.of(v.choice for v in votes)).tied
    after, verdict = await weigh(uow, now, review, dream, was_tied)
    return VoteResult(review, dream, after, verdict)


async def weigh(uow: UnitOfWork, at: datetime, review: Review, dream: Dream, was_tied: bool) -> tuple[Tally, Verdict]:
    """The quorum applied to the review as it stands now (after a vote, or a board member recused): decided at once,
    or its post's tally brought up to date; the bank manager is told once it becomes theirs to settle (a tie, or
    nobody left to vote)."""
    branch = await access.branch_of(uow, review.branch_id)
    sitting, current = await seats(uow, dream), await tally(uow, review.id)
    verdict = verdict_of(branch, sitting, current)
    if verdict.outcome is not None:
        await conclude(uow, at, review, dream, verdict.outcome, settled_by=None)
    else:
        await review_post(uow, at, review, dream, len(sitting.voters), len(sitting.recused))
    if verdict.outcome is None and verdict.tied and not was_tied:
        await _tell_bank_managers(uow, at, review, dream, current, sitting)
    return current, verdict


async def _tell_bank_managers(uow: UnitOfWork, at: datetime, review: Review, dream: Dream, current: Tally,
                              sitting: Seats) -> None:
    managers = await holders(uow, dream.branch_id, Role.BANK_MANAGER)
    await tell(uow, at, dream.branch_id, managers, NoticeKind.REVIEW_TIED, review_id=review.id, dream_id=dream.id,
               title=dream.title, approve=current.approve, reject=current.reject, more_info=current.more_info,
               unseated=not sitting.voters, recused=len(sitting.recused))


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
    access.refuse(settle_refusal(review, dream, actor, roles, branch, current, await seats(uow, dream),
                                 clock.now(), await interest_of(uow, dream, actor)))
    return review, dream, current


def settle_refusal(review: Review, dream: Dream, viewer: Member, roles: set[Role] | frozenset[Role],
                   branch: Branch, current: Tally, sitting: Seats, now: datetime,
                   interest: Interest | None = None) -> Text | None:
    """Why `viewer` (holding `roles`, having declared an `interest` in the dream or not) may not settle the
    review: only the bank manager may, on someone else's dream they have no interest in, once it is tied, has
    stalled or has nobody left to vote, while it is open."""
    if not review.open:
        return closed(dream)
    if Role.BANK_MANAGER not in roles:
        return _("Only the bank manager can settle a review.")
    if dream.owner_id == viewer.id:
        return _("“{title}” is your own dream, so you cannot settle its review. Another bank manager can; the "
                 "branch admin can name one.", title=dream.title)
    if interest is not None:
        return _("You declared an interest in “{title}”, so another bank manager has to settle its review.",
                 title=dream.title)
    stalled = now - review.opened_at >= branch.stall_after
    if not (verdict_of(branch, sitting, current).tied or stalled):
        return ngettext("The board is still voting. You can settle once the votes are tied or the review "
                        "has waited {count} day.", "The board is still voting. You can settle once the votes "
                        "are tied or the review has waited {count} days.", branch.stall_after.days)
    return None


def closed(dream: Dream) -> Text:
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
    sitting = await seats(uow, dream)
    if not await review_post(uow, at, review, dream, len(sitting.voters), len(sitting.recused)):
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
        sitting = await seats(uow, dream)
        await review_post(uow, at, latest, dream, len(sitting.voters), len(sitting.recused))


async def ensure_can_vote(uow: UnitOfWork, actor: Member, review_id: int) -> tuple[Review, Dream]:
    """The checks cast_vote makes, for asking a comment before the vote is cast (a second vote is refused
    here, before any comment is asked)."""
    review = await access.review(uow, review_id)
    dream = await access.dream(uow, review.dream_id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    access.refuse(vote_refusal(review, dream, actor, roles, await _vote_of(uow, review, actor),
                               await interest_of(uow, dream, actor)))
    return review, dream


def vote_refusal(review: Review, dream: Dream, viewer: Member | None, roles: set[Role] | frozenset[Role],
                 voted: Choice | None, interest: Interest | None = None) -> Text | None:
    """Why `viewer` (holding `roles`, having `voted` already or not, having declared an `interest` in the dream
    or not) may not vote on the review: only the board may, once, on someone else's dream they have no interest
    in, while the review is open."""
    if not review.open:
        return closed(dream)
    if viewer is None or Role.BOARD not in roles:
        return _("Only the board can vote on dreams; your press changed nothing.")
    if dream.owner_id == viewer.id:
        return _("You cannot vote on your own dream.")
    if interest is not None:
        return _("You declared an interest in “{title}”, so you are recused from its vote and your press changed "
                 "nothing. Thank you for saying so.", title=dream.title)
    if voted is not None:
        return _already_voted(dream)
    return None


async def interest_of(uow: UnitOfWork, dream: Dream, member: Member | None) -> Interest | None:
    """The interest the member declared in the dream, if they did."""
    if member is None:
        return None
    return next((i for i in await uow.reviews.interests(dream.id) if i.member_id == member.id), None)


def _already_voted(dream: Dream) -> Text:
    return _("You have already voted on “{title}”.", title=dream.title)


def comment_refusal(comment: str, limit: int = COMMENT_MAX) -> Text | None:
    """Why a comment (a vote's, a settling's or a withdrawal's motivation) is too long; None when it fits."""
    if len(comment.strip()) > limit:
        return ngettext("Please keep your comment under {count} character.",
                        "Please keep your comment under {count} characters.", limit)
    return None


def declare_refusal(review: Review, dream: Dream, viewer: Member | None, roles: set[Role] | frozenset[Role],
                    interest: Interest | None) -> Text | None:
    """Why `viewer` may not declare an interest in the dream under review: only the board may, once, while the
    review is open; the dream's owner is recused from it already."""
    if not review.open:
        return closed(dream)
    if viewer is None or Role.BOARD not in roles:
        return _("Only the board declares an interest in a dream it reviews; your press changed nothing.")
    if dream.owner_id == viewer.id:
        return _("This is your own dream: you are recused from its vote already.")
    if interest is not None:
        return already_declared(dream)
    return None


def already_declared(dream: Dream) -> Text:
    return _("You have declared an interest in “{title}” already. Its card (/review) lets you take it back.",
             title=dream.title)


def take_back_refusal(review: Review, dream: Dream, interest: Interest | None) -> Text | None:
    """Why an interest may not be taken back: there is none, or the review is no longer open."""
    if not review.open:
        return closed(dream)
    if interest is None:
        return _("You have declared no interest in “{title}”; your press changed nothing.", title=dream.title)
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
    #: how many of the board are recused from the dream (its owner, those who declared an interest)
    recused: int = 0
    #: the interests declared in the dream: who, and the reason they gave
    interests: tuple[tuple[str, str], ...] = ()
    #: the viewer's own interest in the dream, if they declared one
    interest: Interest | None = None
    #: whether the dream is the viewer's own and they are on the board (so recused from it)
    own_dream: bool = False
    declare_refusal: Text | None = None
    take_back_refusal: Text | None = None


async def read_review(uow: UnitOfWork, clock: Clock, actor: Member, review_id: int) -> ReviewFacts:
    """One review as a board member or the bank manager sees it; refused to anyone else."""
    review = await access.review(uow, review_id)
    await _require_board(uow, actor, review.branch_id)
    dream = await access.dream(uow, review.dream_id)
    branch = await access.branch_of(uow, review.branch_id)
    roles = await uow.members.roles(review.branch_id, actor.id)
    current, sitting, voted = await tally(uow, review.id), await seats(uow, dream), await _vote_of(uow, review, actor)
    declared = list(await uow.reviews.interests(dream.id))
    own = next((i for i in declared if i.member_id == actor.id), None)
    return ReviewFacts(review, dream, await access.name_of(uow, dream.owner_id), current, len(sitting.voters), voted,
                       vote_refusal(review, dream, actor, roles, voted, own),
                       settle_refusal(review, dream, actor, roles, branch, current, sitting, clock.now(), own),
                       Role.BANK_MANAGER in roles, await covering(uow, dream.id), branch.currency,
                       recused=len(sitting.recused),
                       interests=tuple([(await access.name_of(uow, i.member_id), i.reason) for i in declared]),
                       interest=own, own_dream=dream.owner_id == actor.id and Role.BOARD in roles,
                       declare_refusal=declare_refusal(review, dream, actor, roles, own),
                       take_back_refusal=take_back_refusal(review, dream, own))


async def waiting_reviews(uow: UnitOfWork, clock: Clock, actor: Member, branch_id: int) -> list[ReviewFacts]:
    """The reviews open in the branch, for its board and bank manager; refused to anyone else."""
    await _require_board(uow, actor, branch_id)
    return [await read_review(uow, clock, actor, r.id) for r in await uow.reviews.open_in(branch_id)]


async def _require_board(uow: UnitOfWork, actor: Member, branch_id: int) -> None:
    await access.require_role(uow, actor, branch_id, _("Only the board reviews dreams."), Role.BOARD,
                              Role.BANK_MANAGER)
