"""Pådriver applications, the approved circle, and what each pådriver has done."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from core.model.bank import STANDING, Pledge, PledgeState
from core.model.branches import Branch
from core.model.calls import Signup
from core.model.events import Answer, Rsvp
from core.model.padrivere import ApplicationStatus, Contributions
from core.model.dreams import DreamState, Need
from core.model.members import Member, Role
from core.model.projects import Project, TeamMember

from tests.factories import AT, a_call, a_dream, an_application, an_event, later, seed
from tests.integration.round_trips import ON_POSTGRES, is_utc

pytestmark = pytest.mark.in_memory_too


APPROVED = ApplicationStatus.APPROVED


async def _members(db, s, *names: str) -> list[Member]:
    async with db() as uow:
        added = [await uow.members.add(Member(name, s.branch.id, None, AT)) for name in names]
        await uow.commit()
    return added


class TestApplications:
    async def test_an_application_comes_back_with_its_competences_in_the_order_chosen(self, uow_factory):
        s = await seed(uow_factory)
        application = an_application(s.branch.id, s.anna, ["technology", "gardening", "cooking"])
        async with uow_factory() as uow:
            saved = await uow.padrivere.save(application)
            await uow.commit()
        assert saved.id is not None and saved == replace(application, id=saved.id)
        async with uow_factory() as uow:
            assert await uow.padrivere.get(s.branch.id, s.anna.id) == saved
            assert await uow.padrivere.by_id(saved.id) == saved
            assert await uow.padrivere.by_id(saved.id, for_update=True) == saved
            assert await uow.padrivere.get(s.branch.id, s.bjorn.id) is None
            assert await uow.padrivere.by_id(saved.id + 1000) is None

    async def test_saving_again_replaces_the_members_one_application_and_its_competences(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first = await uow.padrivere.save(an_application(s.branch.id, s.anna, ["gardening", "cooking"]))
            await uow.commit()
        decided = an_application(s.branch.id, s.anna, ["cooking", "music", "cooking"], minutes=1, status=APPROVED,
                                 decided_minutes=5, decided_by=s.bjorn.id, public=False)
        async with uow_factory() as uow:
            second = await uow.padrivere.save(decided)
            await uow.commit()
        assert second.id == first.id
        assert second.competences == ["cooking", "music"]
        async with uow_factory() as uow:
            again = await uow.padrivere.get(s.branch.id, s.anna.id)
            pending = list(await uow.padrivere.pending(s.branch.id))
        assert again == second and (again.status, again.decided_by, again.reason) == (APPROVED, s.bjorn.id, "welcome")
        assert pending == []

    async def test_pending_applications_come_oldest_first_and_decided_ones_are_left_out(self, uow_factory):
        s = await seed(uow_factory)
        [carl] = await _members(uow_factory, s, "Carl")
        async with uow_factory() as uow:
            late = await uow.padrivere.save(an_application(s.branch.id, s.anna, ["cooking"], minutes=9))
            early = await uow.padrivere.save(an_application(s.branch.id, s.bjorn, [], minutes=1))
            await uow.padrivere.save(an_application(s.branch.id, carl, ["cooking"], status=ApplicationStatus.DECLINED,
                                                    decided_minutes=2, decided_by=s.anna.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.padrivere.pending(s.branch.id)) == [early, late]
            assert list(await uow.padrivere.pending(s.branch.id + 1000)) == []

    async def test_approved_are_those_still_holding_the_role_oldest_first_and_public_only_when_asked(
            self, uow_factory):
        s = await seed(uow_factory)
        carl, dora = await _members(uow_factory, s, "Carl", "Dora")
        async with uow_factory() as uow:
            anna = await uow.padrivere.save(an_application(s.branch.id, s.anna, ["cooking"], status=APPROVED,
                                                           decided_minutes=5, decided_by=s.bjorn.id))
            bjorn = await uow.padrivere.save(an_application(s.branch.id, s.bjorn, ["technology"], status=APPROVED,
                                                            decided_minutes=2, decided_by=s.anna.id, public=False))
            await uow.padrivere.save(an_application(s.branch.id, carl, [], status=APPROVED, decided_minutes=1,
                                                    decided_by=s.anna.id))
            await uow.padrivere.save(an_application(s.branch.id, dora, ["cooking"]))
            for member in (s.anna, s.bjorn, carl, dora):
                await uow.members.grant(s.branch.id, member.id, Role.PADRIVER)
            await uow.members.revoke(s.branch.id, carl.id, Role.PADRIVER)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.padrivere.approved(s.branch.id)) == [bjorn, anna]
            assert list(await uow.padrivere.approved(s.branch.id, public_only=True)) == [anna]


class TestApplicationTimes:
    async def test_application_times_come_back_aware_and_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            saved = await uow.padrivere.save(an_application(s.branch.id, s.anna, [], status=APPROVED,
                                                            decided_minutes=3, decided_by=s.bjorn.id))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.padrivere.by_id(saved.id)
        assert (again.applied_at, again.decided_at) == (AT, later(3))
        assert is_utc(again.applied_at) and is_utc(again.decided_at)

    @ON_POSTGRES
    async def test_deciding_an_application_locks_it_until_the_first_decision_is_committed(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            saved = await uow.padrivere.save(an_application(s.branch.id, s.anna, ["cooking"]))
            await uow.commit()

        async def second_look():
            async with uow_factory() as other:
                return await other.padrivere.by_id(saved.id, for_update=True)

        async with uow_factory() as uow:
            mine = await uow.padrivere.by_id(saved.id, for_update=True)
            waiting = asyncio.create_task(second_look())
            await asyncio.sleep(0.3)
            assert not waiting.done()
            await uow.padrivere.save(replace(mine, status=APPROVED, decided_at=later(1), decided_by=s.bjorn.id))
            await uow.commit()
        seen = await asyncio.wait_for(waiting, 5)
        assert seen.status is APPROVED


class TestContributions:
    async def test_pledges_events_calls_and_project_roles_are_counted_in_the_branch(self, uow_factory):
        s = await seed(uow_factory)
        now = later(600)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            bench = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            garden = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED, minutes=1))
            far = await uow.dreams.add(replace(a_dream(s, state=DreamState.APPROVED), branch_id=elsewhere.id))
            for dream, member in ((bench, s.anna), (garden, s.anna), (bench, s.bjorn), (far, s.anna)):
                await uow.bank.add_pledge(Pledge(dream.id, member.id, Need.TIME, "A Saturday", None, later(1)))
            held = await uow.events.add(an_event(s, starts=60))
            cancelled = await uow.events.add(an_event(s, starts=60, cancelled=30))
            ahead = await uow.events.add(an_event(s, starts=900))
            away = await uow.events.add(an_event(s, starts=60, branch_id=elsewhere.id))
            answers = [(held, s.anna, Answer.GOING, False), (held, s.bjorn, Answer.GOING, True),
                       (cancelled, s.anna, Answer.GOING, False), (ahead, s.anna, Answer.GOING, False),
                       (away, s.anna, Answer.GOING, False), (ahead, s.bjorn, Answer.MAYBE, False)]
            for seq, (event, member, answer, waiting) in enumerate(answers, 1):
                await uow.events.put_rsvp(Rsvp(event.id, member.id, answer, later(seq), seq, waiting))
            paint = await uow.calls.add(a_call(s, ["gardening"]))
            dig = await uow.calls.add(a_call(s, [], title="Dig"))
            far_call = await uow.calls.add(a_call(s, [], branch_id=elsewhere.id))
            for call, member in ((paint, s.anna), (dig, s.anna), (paint, s.bjorn), (far_call, s.anna)):
                await uow.calls.add_signup(Signup(call.id, member.id, later(2)))
            second = await uow.projects.add(Project(garden.id, s.branch.id, "Community garden", s.anna.id, later(9)))
            first = await uow.projects.add(Project(bench.id, s.branch.id, "Fjord bench", s.bjorn.id, later(3)))
            await uow.projects.add_team_member(TeamMember(second.id, s.anna.id, "lead"))
            await uow.projects.add_team_member(TeamMember(first.id, s.anna.id, "carpenter"))
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.padrivere.contributions(s.branch.id, [s.anna.id, s.bjorn.id, s.bjorn.id + 1000], now)
        assert found == {
            s.anna.id: Contributions(2, 1, 2, (("Fjord bench", "carpenter"), ("Community garden", "lead"))),
            s.bjorn.id: Contributions(1, 0, 1, ()),
            s.bjorn.id + 1000: Contributions()}

    async def test_declined_and_withdrawn_offers_count_for_nothing(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            bench = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            for state in PledgeState:
                offer = Pledge(bench.id, s.anna.id, Need.TIME, "A Saturday", None, later(1), state=state)
                await uow.bank.add_pledge(offer)
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.padrivere.contributions(s.branch.id, [s.anna.id], later(2))
        assert found[s.anna.id].pledges == len(STANDING) == 3

    async def test_an_event_counts_only_once_it_is_over(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s, starts=60, hours=2))
            await uow.events.put_rsvp(Rsvp(event.id, s.anna.id, Answer.GOING, later(1), 1))
            await uow.commit()
        async with uow_factory() as uow:
            during = await uow.padrivere.contributions(s.branch.id, [s.anna.id], later(120))
            over = await uow.padrivere.contributions(s.branch.id, [s.anna.id], later(180))
        assert during[s.anna.id].events == 0 and over[s.anna.id].events == 1

    async def test_no_members_asked_gives_no_contributions(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.padrivere.contributions(s.branch.id, [], later(1)) == {}
