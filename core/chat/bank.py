"""The bank in chat: its list of dreams, likes, offers of help, and the notice of an offer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import Text, _, ngettext
from ..model.bank import BankQuery, amount_shown
from ..model.dreams import NEED_LABELS, Need
from ..model.notices import NoticeKind
from ..usecases import access, bank
from ..views.actions import Action, Press
from ..views.bank import bank_list
from ..views.paging import page_arg
from ..views.text import excerpt
from .dreams import open_button
from .layout import as_message
from .replies import Message
from .turn import Turn


async def bank_(t: Turn, page: int = 1) -> list[Message]:
    found = await bank.bank_page(t.uow, t.branch.id, BankQuery(page=page))
    return [as_message(bank_list(t.branch, found, page), t.codec)]


async def like(t: Turn, press: Press) -> list[Message]:
    count = await bank.like_dream(t.uow, t.clock, t.actor, press.number(0))
    found = await access.dream(t.uow, press.number(0))
    return [Message.of(_("♥ You like “{title}” ({likes}).", title=found.title,
                         likes=ngettext("{count} like", "{count} likes", count)),
                       topic=f"dream:{found.id}")]


async def offer_help(t: Turn, dream_id: int) -> list[Message]:
    """The pledge dialog for a dream that takes offers (a share link's `p12`, or the "I can help" button)."""
    found = await bank.ensure_can_pledge(t.uow, t.actor, dream_id)
    return [Message.of(_("Thank you for wanting to help “{title}”!", title=found.title)),
            *await t.start_dialog("pledge", {"dream_id": found.id})]


COMMANDS = {"bank": lambda t: bank_(t, page_arg(t.args))}

PRESSES = {
    Action.BANK: lambda t, p: bank_(t, page_arg(p.args)), Action.LIKE: like,
    Action.PLEDGE: lambda t, p: offer_help(t, p.number(0)),
}


def _pledge(p: dict[str, Any]) -> list[Text]:
    amount = _(" ({amount})", amount=amount_shown(Need(p["kind"]), Decimal(p["amount"]), p.get("currency", "NOK"))) \
        if p.get("amount") else ""
    return [_("🤝 {helper} offers help to “{title}”: {kind}{amount}.", helper=p["helper"], title=p["title"],
              kind=NEED_LABELS[Need(p["kind"])], amount=amount), excerpt(p["description"], 1000)]


NOTICES = {NoticeKind.PLEDGE_RECEIVED: (_pledge, open_button)}
