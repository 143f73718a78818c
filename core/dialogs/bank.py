"""The dialogs of offering help against one of a dream's needs and of changing an offer, and what happens when
they are finished."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..errors import Refused
from ..i18n import Text, _
from ..model.bank import AMOUNT_MAX, PLEDGE_MAX
from ..model.branches import Branch
from ..model.dreams import Need
from ..model.members import Member
from ..model.needs import check_amount
from ..ports import UnitOfWork
from ..usecases import access, bank, pledges
from ..views.actions import Action
from ..views.model import Act, Note, View
from .forms import Check, Field, FieldKind, Form, Situation

Answers = dict[str, Any]

#: where the pledge dialog's context lists the needs counted in an amount, and each need's kind, by id
COUNTED, KINDS = "counted", "kinds"


async def _pledge(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    amount = Decimal(a["amount"]) if a.get("amount") else None
    pledge = await bank.pledge_help(uow, clock, actor, ctx["dream_id"], int(a["need"]), a["description"], amount)
    dream = await access.dream(uow, pledge.dream_id)
    return [Note.of(_("Thank you! Your offer of help is on “{title}”, and its owner has been told. You will hear "
                      "how it goes.", title=dream.title),
                    actions=[[Act.to(Action.OPEN_PLEDGE, _("Your offer"), pledge.id),
                              Act.to(Action.MY_PLEDGES, _("All your offers"))]])]


async def _change(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    amount = Decimal(a["amount"]) if a.get("amount") else None
    pledge = await pledges.change_pledge(uow, clock, actor, ctx["pledge_id"], a["description"], amount)
    dream = await access.dream(uow, pledge.dream_id)
    return [Note.of(_("Your offer of help to “{title}” is changed, and its owner has been told.", title=dream.title),
                    actions=[[Act.to(Action.OPEN_PLEDGE, _("Your offer"), pledge.id)]])]


def _amount_fits(a: Answers, at: Situation) -> Text | None:
    """An amount within the limits of its need's kind (hours, money or a count)."""
    kind = (at.context.get(KINDS) or {}).get(str(a.get("need", "")), at.context.get("kind"))
    if a.get("amount") is None:
        return None
    try:
        check_amount(Need(kind) if kind in Need._value2member_map_ else Need.OTHER, a["amount"])
    except Refused as refused:
        return refused.reason
    return None


_DESCRIPTION = Field("description", FieldKind.LONG_TEXT, _("Describe what you can do or give."), max_length=PLEDGE_MAX)


def _amount(when: tuple[str, str] = ()) -> Field:
    return Field("amount", FieldKind.NUMBER, _("How much of it can you give? In hours for time, as a sum for money, "
                                               "as a count for anything else."),
                 minimum=Decimal("0.01"), maximum=AMOUNT_MAX, when=when)


PLEDGE = Form("pledge", _("Offer help"), (
    Field("need", FieldKind.CHOICE, _("Which of the dream's needs can you help with?"), options_from="needs"),
    _DESCRIPTION,
    _amount(("need", COUNTED)),
), checks=(Check(("need", "amount"), _amount_fits),), finish=_pledge)

#: changing an offer set against a need without an amount, and against one counted in an amount
PLEDGE_CHANGE = Form("pledge_change", _("Change your offer of help"), (_DESCRIPTION,), finish=_change)
PLEDGE_CHANGE_AMOUNT = Form("pledge_change_amount", _("Change your offer of help"), (_DESCRIPTION, _amount()),
                            checks=(Check(("amount",), _amount_fits),), finish=_change)

FORMS = (PLEDGE, PLEDGE_CHANGE, PLEDGE_CHANGE_AMOUNT)
