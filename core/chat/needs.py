"""A dream's needs in chat: `/needs N` shows each need with what is pledged and what is still missing; its owner
adds, changes and removes needs there until the dream becomes a project; and the notice that every need is
covered."""

from __future__ import annotations

from typing import Any

from ..i18n import Text, _
from ..model.notices import NoticeKind
from ..usecases import needs
from ..views.actions import Action, Press
from ..views.needs import needs_card, needs_to_pick
from ..views.paging import page_arg
from .buttons import ButtonCodec
from .dreams import open_button
from .layout import as_message
from .replies import Button, Message
from .turn import Turn


async def needs_(t: Turn) -> list[Message]:
    return await open_needs(t, t.number_arg("/needs 3"))


async def open_needs(t: Turn, dream_id: int) -> list[Message]:
    return [as_message(needs_card(await needs.read_needs(t.uow, t.actor, dream_id)), t.codec)]


async def add(t: Turn, press: Press) -> list[Message]:
    facts = await needs.ensure_can_change_needs(t.uow, t.actor, press.number(0))
    return await t.start_dialog("need_add", {"dream_id": facts.dream.id})


async def change(t: Turn, press: Press) -> list[Message]:
    """The owner picks a need (a page of them), then changes it, starting from what it says now."""
    dream_id, need_id = press.number(0), press.number(1)
    facts = await needs.ensure_can_change_needs(t.uow, t.actor, dream_id)
    if not need_id:
        return [as_message(needs_to_pick(facts, Action.NEED_CHANGE, page_arg(press.args, 2)), t.codec)]
    need = await needs.need_of(t.uow, facts.dream.id, need_id)
    previous = {"kind": need.kind.value, "description": need.description,
                "amount": str(need.amount) if need.amount is not None else None}
    return await t.start_dialog("need_change", {"need_id": need.id}, previous)


async def remove(t: Turn, press: Press) -> list[Message]:
    dream_id, need_id = press.number(0), press.number(1)
    if not need_id:
        facts = await needs.ensure_can_change_needs(t.uow, t.actor, dream_id)
        return [as_message(needs_to_pick(facts, Action.NEED_REMOVE, page_arg(press.args, 2)), t.codec)]
    await needs.need_of(t.uow, dream_id, need_id)
    await needs.remove_need(t.uow, t.clock, t.actor, need_id)
    return [Message.of(_("The need is off the list.")), *await open_needs(t, dream_id)]


COMMANDS = {"needs": needs_}

PRESSES = {
    Action.NEEDS: lambda t, p: open_needs(t, p.number(0)),
    Action.NEED_ADD: add,
    Action.NEED_CHANGE: change,
    Action.NEED_REMOVE: remove,
}


# -- notices -------------------------------------------------------------------------------------

def _covered(p: dict[str, Any]) -> list[Text]:
    return [_("🎉 Every need of “{title}” is covered by offers of help!", title=p["title"]),
            _("When you are ready, ask the board to make it a project in the factory.")]


def _withdraw(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Withdraw into the factory"), codec.encode(Action.WITHDRAW, p["dream_id"]))],
            *open_button(codec, p)]


NOTICES = {NoticeKind.NEEDS_COVERED: (_covered, _withdraw)}
