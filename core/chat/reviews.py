"""The board's reviews in chat: the list waiting, a review's card, votes and settling, declaring an interest (and
taking it back), and what the notices about reviews say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, ngettext
from ..model.needs import from_params
from ..model.notices import NoticeKind
from ..model.quorum import Tally
from ..model.reviews import CHOICE_LABELS, Choice
from ..usecases import recusal, reviews
from ..views.actions import Action, Press
from ..views.needs import coverage_lines
from ..views.paging import page_arg
from ..views.reviews import (CHOICE_CODES, board_lines, recusal_receipt, review_card, vote_receipt, vote_rows,
                             waiting_list)
from ..views.text import excerpt
from .buttons import ButtonCodec
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn


async def waiting(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(waiting_list(await reviews.waiting_reviews(t.uow, t.clock, t.actor, t.branch.id), page),
                       t.codec)]


async def open_review(t: Turn, press: Press) -> list[Message]:
    return [as_message(review_card(await reviews.read_review(t.uow, t.clock, t.actor, press.number(0))), t.codec)]


def _choice(press: Press) -> Choice:
    choice = CHOICE_CODES.get(press.args[1])
    if choice is None:
        raise ValueError(press.args[1])  # the conversation says the button is not valid
    return choice


async def vote(t: Turn, press: Press) -> list[Message]:
    """Approving counts at once; rejecting or asking for more first asks why (a vote already cast is refused
    before anything is asked)."""
    choice, review_id = _choice(press), press.number(0)
    if choice is Choice.APPROVE:
        return [as_message(vote_receipt(await reviews.cast_vote(t.uow, t.clock, t.actor, review_id, choice)),
                           t.codec)]
    await reviews.ensure_can_vote(t.uow, t.actor, review_id)
    return await t.start_dialog("comment", {"review_id": review_id, "choice": choice.value})


async def settle(t: Turn, press: Press) -> list[Message]:
    choice, review_id = _choice(press), press.number(0)
    await reviews.ensure_can_settle(t.uow, t.clock, t.actor, review_id)
    return await t.start_dialog("comment", {"review_id": review_id, "choice": choice.value, "settle": True})


async def declare_interest(t: Turn, press: Press) -> list[Message]:
    """One who may declare an interest is asked the reason (optional) first; anyone else is refused at once."""
    review_id = press.number(0)
    await recusal.ensure_can_declare(t.uow, t.actor, review_id)
    return await t.start_dialog("interest", {"review_id": review_id})


async def take_back_interest(t: Turn, press: Press) -> list[Message]:
    review_id = press.number(0)
    done = await recusal.take_back_interest(t.uow, t.clock, t.actor, review_id)
    return [as_message(recusal_receipt(done, declared=False), t.codec),
            as_message(review_card(await reviews.read_review(t.uow, t.clock, t.actor, review_id)), t.codec)]


COMMANDS = {"review": waiting}

PRESSES = {
    Action.REVIEWS: lambda t, p: waiting(t, page_arg(p.args)), Action.OPEN_REVIEW: open_review,
    Action.VOTE: vote, Action.SETTLE: settle, Action.DECLARE_INTEREST: declare_interest,
    Action.TAKE_BACK_INTEREST: take_back_interest,
}


# -- notices -------------------------------------------------------------------------------------

def _votes(codec: ButtonCodec, action: Action, review_id: int) -> list[list[Button]]:
    if action is Action.VOTE:  # the board may declare an interest instead
        return as_buttons(vote_rows(review_id), codec)
    return [[Button(CHOICE_LABELS[c], codec.encode(action, review_id, code))] for code, c in CHOICE_CODES.items()]


def _board_decided(p: dict[str, Any]) -> list[Text]:
    outcome = CHOICE_LABELS[Choice(p["outcome"])]
    if p["kind"] == "withdrawal":
        return [_("The board's decision on withdrawing “{title}”: {outcome}.", title=p["title"], outcome=outcome)]
    return [_("The board's decision on “{title}”: {outcome}.", title=p["title"], outcome=outcome)]


def _review_requested(p: dict[str, Any]) -> list[Text]:
    head = _("🗳 A new dream to review: “{title}” by {owner}.", title=p["title"], owner=p["owner"]) \
        if p.get("round", 1) == 1 else \
        _("🗳 “{title}” by {owner} is back, amended, for review.", title=p["title"], owner=p["owner"])
    return [head, excerpt(p["story"], 600)]


def _withdrawal_asked(p: dict[str, Any]) -> Text:
    return _("🏭 {owner} asks to make “{title}” a project in the factory.", owner=p["owner"], title=p["title"])


def _withdrawal_requested(p: dict[str, Any]) -> list[Text]:
    lines = [_withdrawal_asked(p),
             _("{likes}, {pledges} so far.", likes=ngettext("{count} like", "{count} likes", p["likes"]),
               pledges=ngettext("{count} offer of help", "{count} offers of help", p["pledges"]))]
    if p.get("motivation"):
        lines.append(_("The owner says: {text}", text=excerpt(p["motivation"], 600)))
    return lines + _coverage(p)


def _coverage(p: dict[str, Any]) -> list[Text]:
    """What a withdrawal is decided on: each need, with what is pledged against it (none for older notices)."""
    if not p.get("needs"):
        return []
    return [_("What the dream needs, and what is pledged:"),
            *coverage_lines(from_params(p["needs"]), p.get("currency", "NOK"))]


def _review_tied(p: dict[str, Any]) -> list[Text]:
    if p.get("unseated"):
        return [_("⚖ Nobody on the board may vote on “{title}” ({recused} recused). As bank manager you must settle "
                  "it.", title=p["title"], recused=p.get("recused", 0))]
    return [_("⚖ The board is tied on “{title}” ({approve} approve, {reject} reject, {more_info} ask for more). As "
              "bank manager you can settle it.", title=p["title"], approve=p["approve"], reject=p["reject"],
              more_info=p["more_info"])]


def _review_post(p: dict[str, Any]) -> list[Text]:
    if p["kind"] == "withdrawal":
        lines = [_withdrawal_asked(p)]
        if p.get("motivation"):
            lines.append(_("The owner says: {text}", text=excerpt(p["motivation"], 600)))
        lines += _coverage(p)
    else:
        lines = _review_requested(p)
    lines += board_lines(Tally(p["approve"], p["reject"], p["more_info"]), p["voters"], p.get("recused", 0),
                         not p["outcome"])
    if p["outcome"] == "closed":
        lines.append(_("The owner took the dream out; the vote is closed."))
    elif p["outcome"]:
        lines.append(_("Decided: {outcome}", outcome=CHOICE_LABELS[Choice(p["outcome"])]))
    return lines


NOTICES = {
    NoticeKind.REVIEW_REQUESTED: (_review_requested, lambda c, p: _votes(c, Action.VOTE, p["review_id"])),
    NoticeKind.WITHDRAWAL_REQUESTED: (_withdrawal_requested, lambda c, p: _votes(c, Action.VOTE, p["review_id"])),
    NoticeKind.REVIEW_TIED: (_review_tied, lambda c, p: _votes(c, Action.SETTLE, p["review_id"])),
    NoticeKind.BOARD_DECIDED: (_board_decided, lambda c, p: []),
    NoticeKind.REVIEW_POST: (_review_post, lambda c, p: [] if p["outcome"] else _votes(c, Action.VOTE,
                                                                                        p["review_id"])),
}
