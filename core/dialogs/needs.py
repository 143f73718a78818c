"""The dialogs of a dream's list of needs: adding a need and changing one (its kind, what exactly is needed, and
how much), and what happens when they are finished."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..errors import Refused
from ..i18n import Text, _
from ..model.branches import Branch
from ..model.dreams import Need
from ..model.members import Member
from ..model.needs import AMOUNT_LIMITS, NEED_TEXT_MAX, check_amount
from ..ports import UnitOfWork
from ..usecases import needs
from ..views.actions import Action
from ..views.model import Act, Note, View
from .dreams import NEED_OPTIONS
from .forms import Check, Field, FieldKind, Form, Situation

Answers = dict[str, Any]


async def _add(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers, ctx: Answers) -> list[View]:
    need = await needs.add_need(uow, clock, actor, ctx["dream_id"], Need(a["kind"]), a["description"],
                                Decimal(a["amount"]) if a.get("amount") else None)
    return [_listed(need.dream_id, _("The need is on the list."))]


async def _change(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: Answers,
                  ctx: Answers) -> list[View]:
    need = await needs.change_need(uow, clock, actor, ctx["need_id"], Need(a["kind"]), a["description"],
                                   Decimal(a["amount"]) if a.get("amount") else None)
    return [_listed(need.dream_id, _("The need is changed."))]


def _listed(dream_id: int, said: Text) -> Note:
    return Note.of(said, actions=[[Act.to(Action.NEEDS, _("The needs"), dream_id),
                                   Act.to(Action.OPEN_DREAM, _("Open the dream"), dream_id)]])


def _amount_fits(a: Answers, at: Situation) -> Text | None:
    """An amount within the limits of the need's kind: hours and money to the hundredth, anything else whole."""
    if a.get("amount") is None or a.get("kind") is None:
        return None
    try:
        check_amount(Need(a["kind"]), a["amount"])
    except Refused as refused:
        return refused.reason
    return None


_FIELDS = (
    Field("kind", FieldKind.CHOICE, _("What kind of need is it?"), options=NEED_OPTIONS),
    Field("description", FieldKind.LONG_TEXT, _("What exactly is needed? (for example: hands to build the beds on "
                                                "Saturdays)"), max_length=NEED_TEXT_MAX),
    Field("amount", FieldKind.NUMBER, _("How much is needed? Hours for time, a sum for money, a count for anything "
                                        "else. Skip it if it cannot be counted."),
          required=False, minimum=Decimal("0.01"), maximum=AMOUNT_LIMITS[Need.MONEY]),
)
_CHECKS = (Check(("kind", "amount"), _amount_fits, blame="amount"),)

NEED_ADD = Form("need_add", _("A need of the dream"), _FIELDS, checks=_CHECKS, finish=_add)
NEED_CHANGE = Form("need_change", _("Change a need"), _FIELDS, checks=_CHECKS, finish=_change)

FORMS = (NEED_ADD, NEED_CHANGE)
