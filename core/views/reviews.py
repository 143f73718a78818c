"""How a review looks to the board: its card with the votes this viewer may cast, and the list waiting."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.quorum import Tally
from ..model.reviews import CHOICE_LABELS, Choice, ReviewKind
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


def tally_line(tally: Tally, voters: int) -> Text:
    return _("Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters}",
             a=tally.approve, r=tally.reject, i=tally.more_info, cast=tally.cast, voters=voters)


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
    body.append(tally_line(facts.tally, facts.voters))
    if facts.voted is not None:
        body.append(_("You voted: {choice}", choice=CHOICE_LABELS[facts.voted]))
    rows = choice_acts(Action.VOTE, review.id, facts.vote_refusal)
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
