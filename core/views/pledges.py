"""How a pledge looks: its card with what its pledger (change, withdraw, confirm) or the dream's owner (accept,
thank, decline) may do, one's own pledges, and the owner's list of a dream's pledges."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.bank import PLEDGE_STATE_LABELS, Pledge, PledgeState, amount_shown
from ..model.dreams import NEED_LABELS, DreamState
from ..model.needs import DreamNeed
from ..usecases.pledges import Answer, PledgeFacts
from .actions import Action
from .model import Act, Card, Entry, Fact, Listing
from .needs import short_name
from .paging import page_of
from .text import excerpt

#: an answer's one-letter code on a button
ANSWER_CODES = {"a": Answer.ACCEPT, "t": Answer.THANK, "d": Answer.DECLINE}
_CODE_OF = {answer: code for code, answer in ANSWER_CODES.items()}
ANSWER_LABELS = {Answer.ACCEPT: _("Accept"), Answer.THANK: _("Thank"), Answer.DECLINE: _("Decline")}


def need_of(pledge: Pledge, need: DreamNeed | None) -> Text:
    """The need a pledge is set against, or its kind when it is set against none."""
    return short_name(need) if need is not None else NEED_LABELS[pledge.kind]


def with_amount(pledge: Pledge, currency: str) -> Text | str:
    return _(" ({amount})", amount=amount_shown(pledge.kind, pledge.amount, currency)) \
        if pledge.amount is not None else ""


def answer_acts(pledge_id: int, refused=lambda answer: None) -> tuple[tuple[Act, ...], ...]:
    """The owner's answers to a pledge: accept and thank side by side, decline below."""
    act = {a: Act.to(Action.ANSWER_PLEDGE, ANSWER_LABELS[a], pledge_id, _CODE_OF[a], refused=refused(a))
           for a in Answer}
    return (act[Answer.ACCEPT], act[Answer.THANK]), (act[Answer.DECLINE],)


def pledge_card(facts: PledgeFacts) -> Card:
    """A pledge as its pledger or the dream's owner sees it, each action allowed or refused by its use case."""
    pledge, dream = facts.pledge, facts.dream
    fields = [Fact(_("Need"), need_of(pledge, facts.need))]
    if pledge.amount is not None:
        fields.append(Fact(_("Amount"), amount_shown(pledge.kind, pledge.amount, facts.currency)))
    body: list[Text | str] = [pledge.description]
    if pledge.thanked:
        body.append(_("The owner has thanked you for it.") if facts.mine else _("You have thanked them for it."))
    rows: list[tuple[Act, ...]] = []
    if facts.mine:
        title = _("🤝 Your offer of help to “{title}”", title=dream.title)
        if dream.state is DreamState.PROJECT and pledge.state in (PledgeState.OFFERED, PledgeState.ACCEPTED):
            rows.append((Act.to(Action.CONFIRM_PLEDGE, _("It still stands"), pledge.id,
                                refused=facts.confirm_refused),))
        rows.append((Act.to(Action.CHANGE_PLEDGE, _("Change my offer"), pledge.id, refused=facts.change_refused),
                     Act.to(Action.WITHDRAW_PLEDGE, _("Withdraw my offer"), pledge.id,
                            refused=facts.change_refused)))
    else:
        title = _("🤝 {name} offers help to “{title}”", name=facts.pledger, title=dream.title)
        if facts.owner:
            rows += answer_acts(pledge.id, facts.answer_refused)
    rows.append((Act.to(Action.OPEN_DREAM, _("Open the dream"), dream.id),))
    return Card("pledge", pledge.id, title, PLEDGE_STATE_LABELS[pledge.state], tuple(fields), tuple(body),
                tuple(rows))


def my_pledges(found: list[PledgeFacts], page: int = 1) -> Listing:
    """The member's own pledges, the newest first, each opening its card."""
    return page_of(_("Your offers of help:"), found, page,
                   lambda f: Entry(excerpt(f.dream.title, 40), _("{need}: {text} ({state})",
                                                                 need=need_of(f.pledge, f.need),
                                                                 text=excerpt(f.pledge.description, 60),
                                                                 state=PLEDGE_STATE_LABELS[f.pledge.state]),
                                   Act.to(Action.OPEN_PLEDGE, excerpt(f.dream.title, 40), f.pledge.id)),
                   _("You have not offered help yet. /bank shows dreams you could help."), Action.MY_PLEDGES)


def dream_pledges(dream_id: int, title: str, found: list[PledgeFacts], page: int = 1) -> Listing:
    """Every pledge to the owner's dream, each opening its card to accept, thank or decline it."""
    return page_of(_("Offers of help to “{title}”:", title=title), found, page,
                   lambda f: Entry(f.pledger, _("{need}: {text} ({state})", need=need_of(f.pledge, f.need),
                                                text=excerpt(f.pledge.description, 60),
                                                state=PLEDGE_STATE_LABELS[f.pledge.state]),
                                   Act.to(Action.OPEN_PLEDGE, f.pledger, f.pledge.id)),
                   _("Nobody has offered help yet."), Action.DREAM_PLEDGES, dream_id)
