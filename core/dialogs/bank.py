"""The dialog of offering help to a dream, and what happens when it is finished."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..i18n import _
from ..model.bank import AMOUNT_MAX, PLEDGE_MAX
from ..model.branches import Branch
from ..model.dreams import Need
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import access, bank
from ..views.model import Note, View
from .dreams import NEED_OPTIONS
from .forms import Field, FieldKind, Form

Answers = dict[str, Any]


async def _pledge(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    amount = Decimal(a["amount"]) if a.get("amount") else None
    pledge = await bank.pledge_help(uow, clock, actor, ctx["dream_id"], Need(a["kind"]), a["description"], amount)
    dream = await access.dream(uow, pledge.dream_id)
    return [Note.of(_("Thank you! Your offer of help is on “{title}”, and its owner has been told. You will hear "
                      "how it goes.", title=dream.title))]


PLEDGE = Form("pledge", _("Offer help"), (
    Field("kind", FieldKind.CHOICE, _("What kind of help can you offer?"), options=NEED_OPTIONS),
    Field("description", FieldKind.LONG_TEXT, _("Describe what you can do or give."), max_length=PLEDGE_MAX),
    Field("amount", FieldKind.NUMBER, _("An amount, if it helps to say one (optional)."), required=False,
          minimum=Decimal("0.01"), maximum=AMOUNT_MAX),
), finish=_pledge)

FORMS = (PLEDGE,)
