"""How a call for participation looks to one member: its card with “I'm in”, and the list of open calls."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, join, ngettext
from ..model.calls import Call, CallStatus
from ..usecases import calls
from ..usecases.calls import CallFacts
from .actions import Action
from .model import Act, Card, Entry, Listing
from .paging import page_of
from .text import excerpt


def call_lines(p: dict[str, Any]) -> list[Text]:
    """What a call says, from its plain parameters (see `usecases.calls.call_params`)."""
    lines: list[Text] = [_("🙋 Call: {title}", title=p["title"]), _("When: {when}", when=p["when"])]
    if p.get("description"):
        lines.append(excerpt(p["description"], 900))
    if p.get("competences"):
        lines.append(_("For those who know: {list}", list=join(p["competences"])))
    lines.append(ngettext("{taken} of {count} person so far.", "{taken} of {count} people so far.", p["needed"],
                          taken=p["taken"]))
    return lines


def join_act(call_id: int, refused: Text | None = None) -> Act:
    return Act.to(Action.JOIN_CALL, _("I'm in"), call_id, refused=refused)


def call_card(facts: CallFacts) -> Card:
    """The call, with “I'm in” (or “I can't after all” for those in); the community manager may close it."""
    call = facts.call
    lines = call_lines(calls.call_params(call, facts.taken))
    rows: list[tuple[Act, ...]] = []
    if facts.mine:
        lines.append(_("You are in. Thank you!"))
        rows.append((Act.to(Action.LEAVE_CALL, _("I can't after all"), call.id,
                            refused=calls.leave_refusal(call, facts.mine)),))
    else:
        if call.status is not CallStatus.OPEN:
            lines.append(_("It has all the people it needs.") if call.status is CallStatus.FULL
                         else _("The call is closed."))
        rows.append((join_act(call.id, calls.join_refusal(call, set(facts.roles), facts.mine)),))
    if facts.manager:
        rows.append((Act.to(Action.CLOSE_CALL, _("Close the call"), call.id, refused=calls.close_refusal(call)),))
    return Card("call", call.id, lines[0], body=tuple(lines[1:]), actions=tuple(rows))


def calls_listing(found: list[Call], page: int = 1, manager: bool = False) -> Listing:
    """The open calls, a page at a time, each opening its card; the community manager may ask for a hand."""
    return page_of(_("Calls for a hand that are open:"), found, page,
                   lambda c: Entry(c.title, c.when, Act.to(Action.OPEN_CALL, c.title, c.id)),
                   _("No calls for participation are open right now."), Action.CALLS,
                   actions=((Act.to(Action.NEW_CALL, _("New call for participation")),),) if manager else ())
