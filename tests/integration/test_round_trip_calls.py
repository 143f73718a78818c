"""Calls for participation, sign-ups, and a call's audience fanned out to the pådrivere it is meant for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import Conflict
from core.model.branches import Branch
from core.model.calls import Call, CallStatus, Signup
from core.model.padrivere import ApplicationStatus
from core.model.members import Member, Role
from core.model.notices import Broadcast, NoticeKind

from tests.factories import AT, Seed, a_call, an_application, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestCalls:
    async def test_a_call_keeps_its_competences_once_each_in_order_and_saving_replaces_them(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            added = await uow.calls.add(a_call(s, ["gardening", "cooking", "gardening"]))
            await uow.commit()
        assert added.id is not None and added.competences == ["gardening", "cooking"]
        async with uow_factory() as uow:
            assert await uow.calls.get(added.id) == added
            assert await uow.calls.get(added.id + 1000) is None
        changed = replace(added, competences=["technology"], status=CallStatus.FULL, needed=2, when="Sunday")
        async with uow_factory() as uow:
            await uow.calls.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.calls.get(added.id, for_update=True) == changed

    async def test_open_calls_are_those_not_closed_in_the_branch_oldest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            full = await uow.calls.add(a_call(s, [], minutes=5, status=CallStatus.FULL, title="Full"))
            open_ = await uow.calls.add(a_call(s, ["cooking"], minutes=1, title="Open"))
            await uow.calls.add(a_call(s, [], status=CallStatus.CLOSED, title="Closed"))
            await uow.calls.add(a_call(s, [], branch_id=elsewhere.id, title="Elsewhere"))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.calls.open_in(s.branch.id)) == [open_, full]


class TestSignups:
    async def test_signing_up_twice_is_a_conflict_and_leaves_the_transaction_usable(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            call = await uow.calls.add(a_call(s, []))
            await uow.calls.add_signup(Signup(call.id, s.bjorn.id, later(3)))
            with pytest.raises(Conflict):
                await uow.calls.add_signup(Signup(call.id, s.bjorn.id, later(4)))
            await uow.calls.add_signup(Signup(call.id, s.anna.id, later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.calls.signups(call.id)) == [Signup(call.id, s.anna.id, later(2)),
                                                              Signup(call.id, s.bjorn.id, later(3))]

    async def test_a_member_can_leave_a_call_once_and_their_calls_are_listed_in_order(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first, second, third = [await uow.calls.add(a_call(s, [], title=f"Call {n}")) for n in range(3)]
            await uow.calls.add_signup(Signup(second.id, s.anna.id, later(1)))
            await uow.calls.add_signup(Signup(first.id, s.anna.id, later(2)))
            await uow.calls.add_signup(Signup(third.id, s.anna.id, later(3)))
            await uow.calls.add_signup(Signup(third.id, s.bjorn.id, later(4)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.calls.remove_signup(third.id, s.anna.id) is True
            assert await uow.calls.remove_signup(third.id, s.anna.id) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.calls.answered_by(s.anna.id)) == [second.id, first.id]
            assert list(await uow.calls.answered_by(s.bjorn.id)) == [third.id]
            assert [x.member_id for x in await uow.calls.signups(third.id)] == [s.bjorn.id]


class TestSignupTimes:
    async def test_call_and_signup_times_come_back_aware_and_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            call = await uow.calls.add(a_call(s, []))
            await uow.calls.add_signup(Signup(call.id, s.anna.id, later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.calls.get(call.id)
            [signup] = await uow.calls.signups(call.id)
        assert (again.created_at, signup.at) == (AT, later(1)) and is_utc(again.created_at) and is_utc(signup.at)


async def _circle(db, s: Seed) -> dict[str, Member]:
    """Anna and Bjørn are pådrivere; Carl was one until the role was taken back; Dora waits for a decision;
    Erik holds the role without an application; Frode is a pådriver in another branch."""
    async with db() as uow:
        elsewhere = await uow.branches.add(Branch("havby", "Havby"))
        carl, dora, erik = [await uow.members.add(Member(name, s.branch.id, None, AT)) for name in ("Carl", "Dora",
                                                                                                    "Erik")]
        frode = await uow.members.add(Member("Frode", elsewhere.id, None, AT))
        approved = dict(status=ApplicationStatus.APPROVED, decided_minutes=1, decided_by=s.anna.id)
        for branch_id, member, competences, extra in (
                (s.branch.id, s.anna, ["gardening", "cooking"], approved),
                (s.branch.id, s.bjorn, ["technology"], approved),
                (s.branch.id, carl, ["gardening"], approved),
                (s.branch.id, dora, ["gardening"], {}),
                (elsewhere.id, frode, ["gardening"], approved)):
            await uow.padrivere.save(an_application(branch_id, member, competences, **extra))
        for branch_id, member in ((s.branch.id, s.anna), (s.branch.id, s.bjorn), (s.branch.id, carl),
                                  (s.branch.id, erik), (elsewhere.id, frode)):
            await uow.members.grant(branch_id, member.id, Role.PADRIVER)
        await uow.members.revoke(s.branch.id, carl.id, Role.PADRIVER)
        await uow.commit()
    return {"anna": s.anna, "bjorn": s.bjorn, "carl": carl, "dora": dora, "erik": erik, "frode": frode}


async def _fan_out(db, s: Seed, people: dict[str, Member], call: Call, branch_id: int | None = None
                   ) -> tuple[int, list[str]]:
    """Broadcast to the call's audience; the total, and who got a notice of it."""
    async with db() as uow:
        added = await uow.calls.add(call)
        broadcast = await uow.broadcasts.add(Broadcast(
            branch_id or s.branch.id, NoticeKind.CALL_POSTED, {"call_id": added.id}, added.audience(), later(10)))
        await uow.commit()
    async with db() as uow:
        reached = [name for name, member in people.items()
                   if any(n.broadcast_id == broadcast.id for n in await uow.outbox.pending_for(member.id))]
        progress = await uow.broadcasts.progress(broadcast.id)
    assert progress.total == broadcast.total
    return broadcast.total, reached


class TestCallAudience:
    async def test_a_call_reaches_the_padrivere_with_a_matching_competence_once_each(self, uow_factory):
        s = await seed(uow_factory)
        people = await _circle(uow_factory, s)

        assert await _fan_out(uow_factory, s, people, a_call(s, ["gardening", "cooking", "music"])) == (1, ["anna"])
        assert await _fan_out(uow_factory, s, people, a_call(s, ["technology", "cooking"])) == (2, ["anna", "bjorn"])

    async def test_a_call_naming_no_competence_reaches_every_approved_padriver_holding_the_role(self, uow_factory):
        s = await seed(uow_factory)
        people = await _circle(uow_factory, s)

        assert await _fan_out(uow_factory, s, people, a_call(s, [])) == (2, ["anna", "bjorn"])

    async def test_a_call_nobody_has_the_competence_for_reaches_nobody(self, uow_factory):
        s = await seed(uow_factory)
        people = await _circle(uow_factory, s)

        assert await _fan_out(uow_factory, s, people, a_call(s, ["sailing"])) == (0, [])

    async def test_a_call_is_only_fanned_out_in_its_own_branch(self, uow_factory):
        s = await seed(uow_factory)
        people = await _circle(uow_factory, s)
        frode_branch = people["frode"].branch_id

        assert await _fan_out(uow_factory, s, people, a_call(s, []), branch_id=frode_branch) == (0, [])
        assert await _fan_out(uow_factory, s, people, a_call(s, ["gardening"], branch_id=frode_branch),
                              branch_id=frode_branch) == (1, ["frode"])
