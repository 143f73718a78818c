"""The bank in chat: its list of dreams, likes, offers of help against a dream's needs, and the notice of an
offer (with the owner's answers to it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..dialogs.bank import COUNTED, KINDS
from ..errors import Refused
from ..i18n import Text, _, ngettext, translate
from ..model.bank import BankQuery, amount_shown
from ..model.dreams import NEED_LABELS, Need
from ..model.notices import NoticeKind
from ..usecases import bank, needs
from ..views.actions import Action, Press
from ..views.bank import bank_list
from ..views.needs import need_options
from ..views.paging import page_arg
from ..views.pledges import answer_acts
from ..views.text import excerpt
from .buttons import ButtonCodec
from .dreams import open_button
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn

#: a need's label as the pledge dialog offers it (a Discord select's option takes 100 characters)
OPTION_MAX = 90


async def bank_(t: Turn, page: int = 1) -> list[Message]:
    found = await bank.bank_page(t.uow, t.branch.id, BankQuery(page=page))
    return [as_message(bank_list(t.branch, found, page), t.codec)]


async def like(t: Turn, press: Press) -> list[Message]:
    found, count = await bank.give_like(t.uow, t.clock, t.actor, press.number(0))
    return [Message.of(_("♥ You like “{title}” ({likes}).", title=found.title,
                         likes=ngettext("{count} like", "{count} likes", count)),
                       topic=f"dream:{found.id}")]


async def offer_help(t: Turn, dream_id: int) -> list[Message]:
    """The pledge dialog for a dream that takes offers (a share link's `p12`, or the "I can help" button): first
    which need, each with what is still missing; then what and, for a counted need, how much."""
    found = await bank.ensure_can_pledge(t.uow, t.actor, dream_id)
    facts = await needs.read_needs(t.uow, t.actor, found.id)
    if not facts.coverage:
        raise Refused(_("“{title}” lists no needs yet, so there is nothing to offer help with.", title=found.title))
    language = t.actor.speaks(t.branch.language)
    context = {"dream_id": found.id,
               "needs": [[need_id, excerpt(translate(label, language), OPTION_MAX)]
                         for need_id, label in need_options(facts)],
               COUNTED: [c.need.id for c in facts.coverage if c.need.amount is not None],
               KINDS: {str(c.need.id): c.need.kind.value for c in facts.coverage}}
    return [Message.of(_("Thank you for wanting to help “{title}”!", title=found.title)),
            *await t.start_dialog("pledge", context)]


COMMANDS = {"bank": lambda t: bank_(t, page_arg(t.args))}

PRESSES = {
    Action.BANK: lambda t, p: bank_(t, page_arg(p.args)), Action.LIKE: like,
    Action.PLEDGE: lambda t, p: offer_help(t, p.number(0)),
}


def offered(p: dict[str, Any]) -> Text:
    """The need an offer is set against (its kind, and its description when it has one), and how much."""
    kind = NEED_LABELS[Need(p["kind"])]
    need = _("{kind}: {description}", kind=kind, description=excerpt(p["need"], 80)) if p.get("need") else kind
    amount = _(" ({amount})", amount=amount_shown(Need(p["kind"]), Decimal(p["amount"]), p.get("currency", "NOK"))) \
        if p.get("amount") else ""
    return _("{need}{amount}", need=need, amount=amount)


def _pledge(p: dict[str, Any]) -> list[Text]:
    return [_("🤝 {helper} offers help to “{title}”: {kind}.", helper=p["helper"], title=p["title"],
              kind=offered(p)), excerpt(p["description"], 1000)]


def _pledge_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    """The owner answers the offer from its notice (the press is checked again when it comes)."""
    if not p.get("pledge_id"):  # a notice written before offers were answered
        return open_button(codec, p)
    return [*as_buttons(answer_acts(p["pledge_id"]), codec), *open_button(codec, p)]


NOTICES = {NoticeKind.PLEDGE_RECEIVED: (_pledge, _pledge_buttons)}
