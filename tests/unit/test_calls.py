"""Calls for participation: sent to matching pådrivere, answered until full."""

from __future__ import annotations

from core.model.calls import CallStatus
from core.model.notices import NoticeKind
from core.usecases import calls
from tests.unit.circle import join, make_padriver, notices_of, post_call, refused


async def test_a_call_goes_to_matching_padrivere_and_fills_up(circle):
    await make_padriver(circle, "anna", ["building and repairs"])
    await make_padriver(circle, "frida", ["cooking"])
    await make_padriver(circle, "bjorn", ["building and repairs", "gardening"])
    call = await post_call(circle, needed=2, competences=["building and repairs"])
    assert [n.params["title"] for n in await notices_of(circle.db, circle.anna.id, NoticeKind.CALL_POSTED)] \
        == ["Paint the boathouse"]
    assert not await notices_of(circle.db, circle.frida.id, NoticeKind.CALL_POSTED)
    assert not (await join(circle, "anna", call.id)).now_full
    with refused("already"):
        await join(circle, "anna", call.id)
    assert (await join(circle, "bjorn", call.id)).now_full
    with refused("has all the people"):
        await join(circle, "frida", call.id)
    [full] = await notices_of(circle.db, circle.hanne.id, NoticeKind.CALL_FULL)
    assert full.params["names"] == ["Anna", "Bjorn"]
    async with circle.db() as uow:
        left = await calls.leave_call(uow, circle.clock, circle.anna, call.id)
        await uow.commit()
    assert left.call.status is CallStatus.OPEN and left.taken == 1


async def test_calls_are_for_padrivere(circle):
    call = await post_call(circle)
    with refused("for the branch's pådrivere"):
        await join(circle, "frida", call.id)
