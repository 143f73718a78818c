"""Offers of help in chat: `/mypledges` lists one's own, each opening its card to change or withdraw it; the
owner answers a dream's offers (accept, thank, decline); a pledger confirms their offer when the dream becomes a
project; and what the notices about offers say."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import Text, _
from ..model.bank import amount_shown
from ..model.dreams import Need
from ..model.notices import NoticeKind
from ..usecases import pledges
from ..views.actions import Action, Press
from ..views.paging import page_arg
from ..views.pledges import ANSWER_CODES, dream_pledges, my_pledges, pledge_card
from ..views.text import excerpt
from .buttons import ButtonCodec
from .dreams import open_button
from .layout import as_message
from .replies import Button, Message
from .turn import Turn


async def mine(t: Turn, page: int = 1) -> list[Message]:
    return [as_message(my_pledges(await pledges.my_pledges(t.uow, t.actor), page), t.codec)]


async def open_pledge(t: Turn, pledge_id: int) -> list[Message]:
    return [as_message(pledge_card(await pledges.read_pledge(t.uow, t.actor, pledge_id)), t.codec)]


async def of_dream(t: Turn, press: Press) -> list[Message]:
    dream, found = await pledges.dream_pledges(t.uow, t.actor, press.number(0))
    return [as_message(dream_pledges(dream.id, dream.title, found, page_arg(press.args, 1)), t.codec)]


async def change(t: Turn, press: Press) -> list[Message]:
    """The pledger changes their offer, starting from what it says now (and how much, for a counted need)."""
    facts = await pledges.ensure_can_change(t.uow, t.actor, press.number(0))
    pledge = facts.pledge
    counted = facts.need is not None and facts.need.amount is not None
    previous = {"description": pledge.description}
    if counted and pledge.amount is not None:
        previous["amount"] = str(pledge.amount)
    return await t.start_dialog("pledge_change_amount" if counted else "pledge_change",
                                {"pledge_id": pledge.id, "kind": pledge.kind.value}, previous)


async def withdraw(t: Turn, press: Press) -> list[Message]:
    pledge = await pledges.withdraw_pledge(t.uow, t.clock, t.actor, press.number(0))
    return [Message.of(_("Your offer of help is withdrawn, and the dream's owner has been told. Thank you for "
                         "having offered it.")), *await open_pledge(t, pledge.id)]


async def answer(t: Turn, press: Press) -> list[Message]:
    given = ANSWER_CODES.get(press.args[1])
    if given is None:
        raise ValueError(press.args[1])  # the conversation says the button is not valid
    pledge = await pledges.answer_pledge(t.uow, t.clock, t.actor, press.number(0), given)
    said = {pledges.Answer.ACCEPT: _("You accepted the offer; its pledger has been told."),
            pledges.Answer.THANK: _("Your thanks are on their way."),
            pledges.Answer.DECLINE: _("You declined the offer; its pledger has been told, kindly.")}[given]
    return [Message.of(said), *await open_pledge(t, pledge.id)]


async def confirm(t: Turn, press: Press) -> list[Message]:
    pledge = await pledges.confirm_pledge(t.uow, t.clock, t.actor, press.number(0))
    return [Message.of(_("Thank you! Your offer stands for the project, and it is among the plan's resources.")),
            *await open_pledge(t, pledge.id)]


COMMANDS = {"mypledges": lambda t: mine(t, page_arg(t.args))}

PRESSES = {
    Action.MY_PLEDGES: lambda t, p: mine(t, page_arg(p.args)),
    Action.OPEN_PLEDGE: lambda t, p: open_pledge(t, p.number(0)),
    Action.DREAM_PLEDGES: of_dream,
    Action.CHANGE_PLEDGE: change,
    Action.WITHDRAW_PLEDGE: withdraw,
    Action.ANSWER_PLEDGE: answer,
    Action.CONFIRM_PLEDGE: confirm,
}


# -- notices -------------------------------------------------------------------------------------

def _open_pledge(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the offer"), codec.encode(Action.OPEN_PLEDGE, p["pledge_id"]))]]


def _answered(p: dict[str, Any]) -> list[Text | str]:
    who = dict(owner=p["owner"], title=p["title"])
    head = {
        "accept": _("🤝 {owner} accepted your offer of help to “{title}”.", **who),
        "thank": _("💐 {owner} thanks you for your offer of help to “{title}”.", **who),
        "decline": _("{owner} cannot use your offer of help to “{title}” this time, and thanks you for it.", **who),
    }[p["answer"]]
    return [head, excerpt(p["description"], 300)]


def _changed(p: dict[str, Any]) -> list[Text | str]:
    who = dict(helper=p["helper"], title=p["title"])
    if p["change"] == "withdrawn":
        return [_("{helper} withdrew their offer of help to “{title}”.", **who), excerpt(p["description"], 300)]
    if p["change"] == "confirmed":
        return [_("✅ {helper} confirms their offer of help to “{title}” still stands; it is among the plan's "
                  "resources.", **who), excerpt(p["description"], 300)]
    amount = amount_shown(Need(p["kind"]), Decimal(p["amount"]), p.get("currency", "NOK")) if p.get("amount") \
        else None
    return [_("🤝 {helper} changed their offer of help to “{title}”.", **who), excerpt(p["description"], 300),
            *([_("Amount: {amount}", amount=amount)] if amount is not None else [])]


def _confirm(p: dict[str, Any]) -> list[Text | str]:
    return [_("🤝 Does your offer of help to “{title}” still stand, now that it is a project? The team plans with "
              "the offers that do.", title=p["title"]),
            excerpt(p["description"], 300)]


def _confirm_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("It still stands"), codec.encode(Action.CONFIRM_PLEDGE, p["pledge_id"]))],
            [Button(_("Withdraw my offer"), codec.encode(Action.WITHDRAW_PLEDGE, p["pledge_id"]))]]


NOTICES = {
    NoticeKind.PLEDGE_ANSWERED: (_answered, _open_pledge),
    NoticeKind.PLEDGE_CHANGED: (_changed, lambda c, p: open_button(c, p) if p["change"] == "withdrawn"
                                else _open_pledge(c, p)),
    NoticeKind.PLEDGE_CONFIRM: (_confirm, _confirm_buttons),
}
