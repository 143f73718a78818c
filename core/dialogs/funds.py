"""The staff's dialogs for funds: registering one, and changing it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..clock import Clock
from ..formats import Number
from ..i18n import Text, _, join, ngettext
from ..model.branches import Branch
from ..model.funds import (AMOUNT_MAX, FUND_NAME_MAX, GIVER_MAX, LINK_MAX, THEME_MAX, THEMES_MAX, Fund,
                           amounts_problem, deadline_problem, link_problem, theme_list)
from ..model.members import Member
from ..ports import UnitOfWork
from ..usecases import funds
from ..views.funds import fund_card
from ..views.model import Note, View
from .forms import Check, Field, FieldKind, Form, Situation

_FIELDS = (
    Field("name", FieldKind.TEXT, _("What is the fund or pool called?"), max_length=FUND_NAME_MAX),
    Field("giver", FieldKind.TEXT, _("Who gives it?"), max_length=GIVER_MAX),
    Field("themes", FieldKind.TEXT, _("What is it for? A few short themes, with commas between them (for example: "
                                      "nature, culture, money)."), max_length=THEMES_MAX * (THEME_MAX + 2)),
    Field("amount_min", FieldKind.NUMBER, _("The smallest amount one may apply for? (optional)"), required=False,
          minimum=Decimal(0), maximum=Decimal(AMOUNT_MAX), whole=True),
    Field("amount_max", FieldKind.NUMBER, _("The largest amount one may apply for? (optional)"), required=False,
          minimum=Decimal(0), maximum=Decimal(AMOUNT_MAX), whole=True),
    Field("deadline", FieldKind.DATE, _("The last day to apply? (YYYY-MM-DD)")),
    Field("link", FieldKind.TEXT, _("The web address where one reads more and applies?"), max_length=LINK_MAX),
)


def _number(a: dict[str, Any], name: str) -> int | None:
    return int(a[name]) if a.get(name) not in (None, "") else None


def _themes(a: dict[str, Any], at: Situation) -> Text | None:
    themes = theme_list(a["themes"])
    if not themes or len(themes) > THEMES_MAX or any(len(t) > THEME_MAX for t in themes):
        return _("Please give one to {max} short themes, with commas between them.", max=THEMES_MAX)
    return None


# the same rules the use case applies when the fund is saved, each asked as soon as its fields are known
_CHECKS = (
    Check(("themes",), _themes),
    Check(("amount_min", "amount_max"), lambda a, at: amounts_problem(_number(a, "amount_min"),
                                                                       _number(a, "amount_max"))),
    Check(("deadline",), lambda a, at: deadline_problem(date.fromisoformat(a["deadline"]),
                                                        funds.today_in_zone(at.timezone, at.now))),
    Check(("link",), lambda a, at: link_problem(a["link"])),
)


def _summary(a: dict[str, Any]) -> list[Text]:
    lines = [_("Fund: {name}, from {giver}", name=a["name"], giver=a["giver"]),
             _("For: {themes}", themes=join(list(theme_list(a["themes"])))),
             _("Apply by: {deadline}", deadline=a["deadline"])]
    smallest, largest = _number(a, "amount_min"), _number(a, "amount_max")
    if smallest is not None and largest is not None:
        lines.append(_("Amount: {min} – {max}", min=Number(smallest), max=Number(largest)))
    elif largest is not None:
        lines.append(_("Amount: up to {max}", max=Number(largest)))
    elif smallest is not None:
        lines.append(_("Amount: from {min}", min=Number(smallest)))
    lines.append(_("Link: {link}", link=a["link"]))
    return lines


def draft(a: dict[str, Any]) -> funds.FundDraft:
    return funds.FundDraft(a["name"], a["giver"], theme_list(a["themes"]), date.fromisoformat(a["deadline"]),
                           a["link"], _number(a, "amount_min"), _number(a, "amount_max"))


def previous_answers(fund: Fund) -> dict[str, Any]:
    """The fund as the answers that made it, so changing it starts from what it is."""
    return {"name": fund.name, "giver": fund.giver, "themes": ", ".join(fund.themes),
            "amount_min": str(fund.amount_min) if fund.amount_min is not None else None,
            "amount_max": str(fund.amount_max) if fund.amount_max is not None else None,
            "deadline": fund.deadline.isoformat(), "link": fund.link}


async def finish_fund(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                      ctx: dict[str, Any]) -> list[View]:
    fund, told = await funds.register_fund(uow, clock, actor, branch, draft(a))
    return [Note.of(ngettext("“{name}” is registered, and {count} person with a matching dream or project is told.",
                             "“{name}” is registered, and {count} people with a matching dream or project are told.",
                             told, name=fund.name)),
            fund_card(fund, funds.fund_params(fund, branch), True)]


async def finish_edit(uow: UnitOfWork, clock: Clock, actor: Member, branch: Branch, a: dict[str, Any],
                      ctx: dict[str, Any]) -> list[View]:
    changed = await funds.edit_fund(uow, clock, actor, branch, ctx["fund_id"], draft(a))
    return [Note.of(_("“{name}” is changed.", name=changed.name)),
            fund_card(changed, funds.fund_params(changed, branch), True)]


FUND = Form("fund", _("Register a fund"), _FIELDS, summary=_summary, confirm_label=_("Register the fund"),
            checks=_CHECKS, finish=finish_fund)
FUND_EDIT = Form("fund_edit", _("Change the fund"), _FIELDS, summary=_summary, confirm_label=_("Save the fund"),
                 checks=_CHECKS, finish=finish_edit)

FORMS = (FUND, FUND_EDIT)
