"""Calls for participation in chat: the open calls, a call's card with “I'm in”, the manager's dialog, and what
the notices about calls say."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _, join, ngettext
from ..usecases import calls, padrivere
from ..views.calls import call_card, call_lines, calls_listing, join_act
from .buttons import Action, ButtonCodec, Press
from .layout import as_buttons, as_message
from .replies import Button, Message
from .turn import Turn


async def call_view(t: Turn, call_id: int, replaces: bool = True) -> Message:
    return as_message(call_card(await calls.call_facts(t.uow, t.actor, call_id)), t.codec, replaces=replaces)


async def new_call(t: Turn) -> list[Message]:
    await padrivere.require_manager(t.uow, t.actor, t.branch.id)
    context = {"competences": [[c, c] for c in padrivere.competence_list(t.branch)]}
    return await t.start_dialog("call", context)


async def calls_(t: Turn, page: int = 1) -> list[Message]:
    manager = await padrivere.is_manager(t.uow, t.actor, t.branch.id)
    return [as_message(calls_listing(await calls.open_calls(t.uow, t.actor), page, manager), t.codec)]


async def join_call(t: Turn, press: Press) -> list[Message]:
    answered = await calls.join_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, answered.call.id or 0)]


async def leave_call(t: Turn, press: Press) -> list[Message]:
    answered = await calls.leave_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, answered.call.id or 0)]


async def close_call(t: Turn, press: Press) -> list[Message]:
    closed = await calls.close_call(t.uow, t.clock, t.actor, press.number(0))
    return [await call_view(t, closed.id or 0)]


async def _open(t: Turn, press: Press) -> list[Message]:
    return [await call_view(t, press.number(0), replaces=False)]


COMMANDS = {"call": new_call, "calls": calls_}
PRESSES = {
    Action.CALLS: lambda t, p: calls_(t, p.number(0) if p.args else 1), Action.NEW_CALL: lambda t, p: new_call(t),
    Action.OPEN_CALL: _open,
    Action.JOIN_CALL: join_call, Action.LEAVE_CALL: leave_call, Action.CLOSE_CALL: close_call,
}


def _full(p: dict[str, Any]) -> list[Text]:
    return [ngettext("✅ “{title}” is full: {count} person is in.", "✅ “{title}” is full: {count} people are in.",
                     p["needed"], title=p["title"]),
            _("Who: {names}", names=join(p.get("names") or []))]


def _posted_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return as_buttons([[join_act(p["call_id"])]], codec)


NOTICES = {
    "call_posted": (lambda p: [_("A call for a hand, for you as a pådriver:"), *call_lines(p)], _posted_buttons),
    "call_full": (_full, lambda c, p: []),
}
