"""Funds in chat: the open funds, a fund's card, the staff's dialogs to register, change and remove one, and what
the notices about funds say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, ngettext
from ..model.notices import NoticeKind
from ..usecases import funds
from ..views.funds import fund_card, fund_lines, funds_listing, remove_question
from ..views.model import Note
from ..views.paging import page_arg
from ..dialogs.funds import previous_answers
from .buttons import Action, Press
from .layout import as_message
from .replies import Message
from .turn import Turn


async def fund_view(t: Turn, fund_id: int, replaces: bool = True) -> Message:
    fund = await funds.fund_of(t.uow, t.actor, fund_id)
    staff = await funds.is_staff(t.uow, t.actor, t.branch.id)
    return as_message(fund_card(fund, funds.fund_params(fund, t.branch), staff), t.codec, replaces=replaces)


async def new_fund(t: Turn) -> list[Message]:
    await funds.require_staff(t.uow, t.actor, t.branch.id)
    return await t.start_dialog("fund")


async def funds_(t: Turn, page: int = 1) -> list[Message]:
    staff = await funds.is_staff(t.uow, t.actor, t.branch.id)
    found = await funds.open_funds(t.uow, t.clock, t.actor, t.branch)
    return [as_message(funds_listing(found, t.branch.timezone, page, staff), t.codec)]


async def edit_fund(t: Turn, press: Press) -> list[Message]:
    fund = await funds.fund_of(t.uow, t.actor, press.number(0))
    await funds.require_staff(t.uow, t.actor, fund.branch_id)
    return await t.start_dialog("fund_edit", {"fund_id": fund.id}, previous_answers(fund))


async def remove_fund(t: Turn, press: Press) -> list[Message]:
    fund = await funds.fund_of(t.uow, t.actor, press.number(0))
    await funds.require_staff(t.uow, t.actor, fund.branch_id)
    return [as_message(remove_question(fund), t.codec)]


async def remove_fund_sure(t: Turn, press: Press) -> list[Message]:
    removed = await funds.remove_fund(t.uow, t.clock, t.actor, press.number(0))
    return [as_message(Note.of(_("“{name}” is removed from the funds.", name=removed.name)), t.codec),
            *await funds_(t)]


async def _open(t: Turn, press: Press) -> list[Message]:
    return [await fund_view(t, press.number(0), replaces=False)]


COMMANDS = {"newfund": new_fund, "funds": lambda t: funds_(t, page_arg(t.args))}
PRESSES = {
    Action.FUNDS: lambda t, p: funds_(t, p.number(0) if p.args else 1), Action.NEW_FUND: lambda t, p: new_fund(t),
    Action.OPEN_FUND: _open, Action.EDIT_FUND: edit_fund, Action.REMOVE_FUND: remove_fund,
    Action.REMOVE_FUND_SURE: remove_fund_sure,
}


def _target(p: dict[str, Any]) -> Text:
    if p.get("target") == "project":
        return _("Your project “{title}” may fit this fund:", title=p["title"])
    return _("Your dream “{title}” may fit this fund:", title=p["title"])


def _reminder(p: dict[str, Any]) -> list[Text]:
    return [ngettext("⏰ {count} day left to apply to “{name}”.", "⏰ {count} days left to apply to “{name}”.",
                     p["days"], name=p["name"]), _target(p), *fund_lines(p)]


NOTICES = {
    NoticeKind.FUND_MATCH: (lambda p: [_target(p), *fund_lines(p)], lambda c, p: []),
    NoticeKind.FUND_REMINDER: (_reminder, lambda c, p: []),
    NoticeKind.FUND_POST: (lambda p: [_("A new fund to apply to:"), *fund_lines(p)], lambda c, p: []),
}
