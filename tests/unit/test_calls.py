"""Calls for participation: sent to matching pådrivere, answered until full."""

from __future__ import annotations

import pytest

from core.model.calls import CallStatus
from core.model.members import Role
from core.model.notices import NoticeKind
from core.usecases import calls
from core.views import calls as call_views
from core.views.actions import Action
from core.views.model import PAGE_SIZE
from tests.unit.circle import finish, join, make_padriver, notices_of, offered, post_call, refusal, refused, said


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


# -- what a call looks like -------------------------------------------------------------------------


async def a_call(v, needed: int = 2) -> int:
    async with v.db() as uow:
        call, _broadcast = await calls.post_call(uow, v.clock, v.hanne, v.branch,
                                                 calls.CallDraft("Carry chairs", "", "Friday", needed, []))
        await uow.commit()
    return call.id


async def call_card(v, viewer, call_id: int):
    async with v.db() as uow:
        return call_views.call_card(await calls.call_facts(uow, viewer, call_id))


class TestCallCard:
    async def test_a_padriver_may_join_and_the_manager_may_close(self, everyone):
        call_id = await a_call(everyone)

        assert offered(await call_card(everyone, everyone.frida, call_id)) == {Action.JOIN_CALL}
        assert Action.CLOSE_CALL in offered(await call_card(everyone, everyone.hanne, call_id))

    @pytest.mark.parametrize("name", ["anna", "karl"])
    async def test_a_resident_or_consultant_is_refused_joining_with_the_use_cases_reason(self, everyone, name):
        call_id = await a_call(everyone)
        viewer = getattr(everyone, name)

        card = await call_card(everyone, viewer, call_id)

        assert offered(card) == set()
        assert card.act(Action.JOIN_CALL).refused == await refusal(
            everyone.db, lambda uow: calls.join_call(uow, everyone.clock, viewer, call_id))
        assert card.act(Action.CLOSE_CALL) is None

    async def test_one_who_is_in_may_leave_and_a_full_call_refuses_others_as_joining_would(self, everyone):
        call_id = await a_call(everyone, needed=1)
        async with everyone.db() as uow:
            await calls.join_call(uow, everyone.clock, everyone.frida, call_id)
            await uow.members.grant(everyone.branch.id, everyone.anna.id, Role.PADRIVER)
            await uow.commit()

        mine = await call_card(everyone, everyone.frida, call_id)
        other = await call_card(everyone, everyone.anna, call_id)

        assert offered(mine) == {Action.LEAVE_CALL}
        assert other.act(Action.JOIN_CALL).refused == await refusal(
            everyone.db, lambda uow: calls.join_call(uow, everyone.clock, everyone.anna, call_id))

    async def test_a_closed_call_cannot_be_closed_again(self, everyone):
        call_id = await a_call(everyone)
        async with everyone.db() as uow:
            await calls.close_call(uow, everyone.clock, everyone.hanne, call_id)
            await uow.commit()

        card = await call_card(everyone, everyone.hanne, call_id)

        assert card.act(Action.CLOSE_CALL).refused == await refusal(
            everyone.db, lambda uow: calls.close_call(uow, everyone.clock, everyone.hanne, call_id))

    async def test_the_list_offers_a_new_call_to_the_community_manager_only(self, everyone):
        async with everyone.db() as uow:
            found = await calls.open_calls(uow, everyone.hanne)

        assert call_views.calls_listing(found, manager=True).actions[0][0].action is Action.NEW_CALL
        assert call_views.calls_listing(found).actions == ()

    async def test_open_calls_are_listed_a_page_at_a_time(self, everyone):
        for _n in range(PAGE_SIZE + 1):
            await a_call(everyone)

        async with everyone.db() as uow:
            listing = call_views.calls_listing(await calls.open_calls(uow, everyone.frida), page=2)

        assert (len(listing.entries), listing.page, listing.pages) == (1, 2, 2)
        assert listing.entries[0].open.action is Action.OPEN_CALL and listing.previous.args == ("1",)


# -- the form --------------------------------------------------------------------------------------


async def test_a_call_is_posted_to_the_padrivere(circle):
    [note] = await finish(circle, "call", circle.hanne, dict(title="Carry chairs", description="", when="Friday",
                                                              needed="2", competences=[]))

    async with circle.db() as uow:
        [call] = await uow.calls.open_in(circle.branch.id)
    assert call.title == "Carry chairs" and call.needed == 2 and "went to" in said(note)
