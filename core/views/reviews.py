"""How a review looks to the board: its card with the votes this viewer may cast (or the interest they may
declare, which recuses them), and the list waiting."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.quorum import Tally
from ..model.reviews import CHOICE_LABELS, Choice, ReviewKind
from ..usecases.recusal import Recusal
from ..usecases.reviews import ReviewFacts, VoteResult
from .actions import Action
from .model import Act, Card, Entry, Listing, Note
from .needs import coverage_lines
from .paging import page_of
from .text import excerpt

#: the choice a vote or settle press carries, by its one-letter code
CHOICE_CODES = {"a": Choice.APPROVE, "r": Choice.REJECT, "i": Choice.MORE_INFO}
_CODE_OF = {choice: code for code, choice in CHOICE_CODES.items()}


def choice_acts(action: Action, review_id: int, refused: Text | None = None) -> tuple[tuple[Act, ...], ...]:
    """A row per choice, for voting (or, with SETTLE, for the bank manager's decision)."""
    return tuple((Act.to(action, CHOICE_LABELS[c], review_id, _CODE_OF[c], refused=refused),) for c in Choice)


#: what a board member presses, beside the votes, to stand aside from a dream they have an interest in
DECLARE_LABEL = _("I have an interest (recuse)")
#: said where nobody on the board may vote on a dream, so that it is not left waiting unseen
UNSEATED = _("Nobody on the board is left to vote, so the board cannot decide: the bank manager must settle it.")


def vote_rows(review_id: int) -> tuple[tuple[Act, ...], ...]:
    """The votes, one a row, and the declaration of an interest under them: what the board is offered."""
    return choice_acts(Action.VOTE, review_id) + ((Act.to(Action.DECLARE_INTEREST, DECLARE_LABEL, review_id),),)


def tally_line(tally: Tally, voters: int, recused: int = 0) -> Text:
    if recused:
        return _("Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters} (recused: {recused})",
                 a=tally.approve, r=tally.reject, i=tally.more_info, cast=tally.cast, voters=voters, recused=recused)
    return _("Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters}",
             a=tally.approve, r=tally.reject, i=tally.more_info, cast=tally.cast, voters=voters)


def board_lines(tally: Tally, voters: int, recused: int, open_: bool) -> list[Text]:
    """The tally, and while the review is open with nobody left to vote, that the bank manager must settle it."""
    return [tally_line(tally, voters, recused), *([UNSEATED] if open_ and voters == 0 and recused else [])]


def heading(facts: ReviewFacts) -> Text:
    title, owner = facts.dream.title, facts.owner
    if facts.review.kind is ReviewKind.DEPOSIT:
        return _("🗳 Review of “{title}” by {owner}", title=title, owner=owner)
    return _("🏭 Withdrawal of “{title}” into the factory, asked by {owner}", title=title, owner=owner)


def review_card(facts: ReviewFacts) -> Card:
    """A review as a board member or the bank manager sees it: the votes they may cast, and (for the bank
    manager) the settling, each allowed or refused by its use case."""
    review = facts.review
    body: list[Text | str] = [excerpt(facts.dream.story, 400)]
    if review.motivation:
        body.append(_("The owner says: {text}", text=excerpt(review.motivation, 400)))
    if review.kind is ReviewKind.WITHDRAWAL and facts.needs:
        body.append(_("What the dream needs, and what is pledged:"))
        body += coverage_lines(facts.needs, facts.currency)
    body += board_lines(facts.tally, facts.voters, facts.recused, review.open)
    body += [_("{name} declared an interest: {reason}", name=name, reason=reason) if reason else
             _("{name} declared an interest.", name=name) for name, reason in facts.interests]
    if facts.voted is not None:
        body.append(_("You voted: {choice}", choice=CHOICE_LABELS[facts.voted]))
    if facts.own_dream:
        body.append(_("This is your own dream, so you are recused from its vote."))
    rows = choice_acts(Action.VOTE, review.id, facts.vote_refusal)
    if facts.interest is not None:
        rows += ((Act.to(Action.TAKE_BACK_INTEREST, _("Take back my interest"), review.id,
                         refused=facts.take_back_refusal),),)
    else:
        rows += ((Act.to(Action.DECLARE_INTEREST, DECLARE_LABEL, review.id, refused=facts.declare_refusal),),)
    if facts.bank_manager:
        if facts.settle_refusal is None:
            body.append(_("As bank manager you can settle it when tied or stalled:"))
        rows += choice_acts(Action.SETTLE, review.id, facts.settle_refusal)
    return Card("review", review.id, heading(facts), body=tuple(body), actions=rows)


def waiting_list(waiting: list[ReviewFacts], page: int = 1) -> Listing:
    """The reviews open in the branch, each opening its card."""
    return page_of(_("Dreams waiting for the board:"), waiting, page, _entry,
                   _("Nothing is waiting for the board. Thank you!"), Action.REVIEWS)


def _entry(facts: ReviewFacts) -> Entry:
    detail = _("You voted: {choice}", choice=CHOICE_LABELS[facts.voted]) if facts.voted is not None else \
        _("You are recused") if facts.interest is not None or facts.own_dream else \
        _("{cast} of {voters} voted", cast=facts.tally.cast, voters=facts.voters)
    return Entry(excerpt(facts.dream.title, 40), detail, Act.to(Action.OPEN_REVIEW, facts.dream.title,
                                                                facts.review.id))


def vote_receipt(result: VoteResult) -> Note:
    """What a board member is told once their vote is counted, and what it did."""
    lines = [_("Your vote on “{title}” is counted.", title=result.dream.title)]
    if result.verdict.outcome is not None:
        lines.append(_("That decided it; the owner has been told."))
    elif result.verdict.tied:
        lines.append(_("The board is tied; the bank manager will settle it."))
    return Note.of(*lines, topic=f"review:{result.review.id}")


def recusal_receipt(result: Recusal, declared: bool = True) -> Note:
    """What a board member is told once their interest is declared (or taken back), and what that did."""
    title = result.dream.title
    if not declared:
        return Note.of(_("You took back your interest in “{title}”: you may vote on it again.", title=title),
                       topic=f"review:{result.review.id}")
    lines = [_("You declared an interest in “{title}” and are recused from its vote. Thank you for saying so.",
               title=title)]
    if result.withdrawn is not None:
        lines.append(_("Your vote ({choice}) is taken back.", choice=CHOICE_LABELS[result.withdrawn]))
    if result.verdict.outcome is not None:
        lines.append(_("The board decided without you; the owner has been told."))
    elif result.verdict.unseated:
        lines.append(UNSEATED)
    elif result.verdict.tied:
        lines.append(_("The board is tied; the bank manager will settle it."))
    return Note.of(*lines, topic=f"review:{result.review.id}")
