"""How funds look: a fund's card with its link, the open funds soonest deadline first, and a fund's lines as the
notices about it say them."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ..formats import Moment, Money
from ..i18n import Text, _, join
from ..model.funds import Fund
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of


def deadline_moment(deadline: str | date, zone: str) -> Moment:
    """The last day to apply, written as a day in the reader's language."""
    day = date.fromisoformat(deadline) if isinstance(deadline, str) else deadline
    return Moment(datetime.combine(day, time(12), ZoneInfo(zone)), zone, "day")


def _amounts(p: dict[str, Any]) -> Text | None:
    smallest, largest, currency = p.get("amount_min"), p.get("amount_max"), p.get("currency") or "NOK"
    if smallest is not None and largest is not None:
        return _("Amount: {min} – {max}", min=Money(Decimal(smallest), currency), max=Money(Decimal(largest), currency))
    if largest is not None:
        return _("Amount: up to {max}", max=Money(Decimal(largest), currency))
    if smallest is not None:
        return _("Amount: from {min}", min=Money(Decimal(smallest), currency))
    return None


def fund_lines(p: dict[str, Any]) -> list[Text]:
    """What a fund says, from its plain parameters (see `usecases.funds.fund_params`)."""
    lines: list[Text] = [_("💰 {name}, from {giver}", name=p["name"], giver=p["giver"]),
                         _("For: {themes}", themes=join(list(p["themes"]))),
                         _("Apply by: {deadline}", deadline=deadline_moment(p["deadline"], p["timezone"]))]
    amounts = _amounts(p)
    if amounts is not None:
        lines.append(amounts)
    lines.append(_("Read more and apply: {link}", link=p["link"]))
    return lines


def fund_card(fund: Fund, params: dict[str, Any], staff: bool) -> Card:
    """The fund, its web address written out (so every surface shows it as it is); the branch's staff may change
    or remove it."""
    lines = fund_lines(params)
    rows: list[tuple[Act, ...]] = [(Act.to(Action.FUNDS, _("All open funds")),)]
    if staff:
        rows.append((Act.to(Action.EDIT_FUND, _("Change the fund"), fund.id),
                     Act.to(Action.REMOVE_FUND, _("Remove the fund"), fund.id)))
    return Card("fund", fund.id, lines[0], body=tuple(lines[1:]), actions=tuple(rows))


def remove_question(fund: Fund) -> Card:
    return Card("fund", fund.id, _("Remove “{name}” from the funds?", name=fund.name),
                actions=((Act.to(Action.REMOVE_FUND_SURE, _("Yes, remove it"), fund.id),
                          Act.to(Action.OPEN_FUND, _("No, keep it"), fund.id)),))


def funds_listing(found: list[Fund], zone: str, page: int = 1, staff: bool = False) -> Listing:
    """The funds one may still apply to, soonest deadline first, each opening its card; staff may add one."""
    return page_of(_("Funds you can apply to:"), found, page,
                   lambda f: Entry(f.name, _("Apply by: {deadline}", deadline=deadline_moment(f.deadline, zone)),
                                   Act.to(Action.OPEN_FUND, f.name, f.id)),
                   _("No funds are open right now."), Action.FUNDS,
                   actions=((Act.to(Action.NEW_FUND, _("Register a fund")),),) if staff else ())
