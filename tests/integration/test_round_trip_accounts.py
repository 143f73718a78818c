"""Link codes, wrong codes typed and what an account holds come back as stored; an identity moves whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.model.accounts import Holding, LinkCode, code_hash
from core.model.bank import Like, Pledge
from core.model.calls import Signup
from core.model.dreams import Need
from core.model.events import Answer, Rsvp
from core.model.members import Identity, Member, Role
from core.model.projects import Project, TeamMember

from tests.factories import AT, a_call, a_dream, an_application, an_event, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too
ON_DISCORD = Identity("discord", "123456789012345678")


class TestLinkCodes:
    async def test_a_code_keeps_its_hash_and_times_in_utc_and_is_marked_used(self, uow_factory):
        s = await seed(uow_factory)
        code = LinkCode(s.anna.id, code_hash("ABCD2345"), AT, later(10))
        async with uow_factory() as uow:
            await uow.accounts.put_code(code)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.accounts.code(code_hash("ABCD2345"))
            assert (again.member_id, again.code_hash, again.created_at, again.expires_at, again.used_at) == \
                (s.anna.id, code.code_hash, AT, later(10), None)
            assert is_utc(again.created_at) and is_utc(again.expires_at)
            assert await uow.accounts.code(code_hash("WXYZ2345")) is None
            await uow.accounts.use_code(code.code_hash, later(3))
            await uow.commit()
        async with uow_factory() as uow:
            used = (await uow.accounts.code(code.code_hash)).used_at
        assert used == later(3) and is_utc(used)

    async def test_a_member_has_one_code_at_a_time_and_others_keep_theirs(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.accounts.put_code(LinkCode(s.anna.id, code_hash("AAAA2222"), AT, later(10)))
            await uow.accounts.put_code(LinkCode(s.bjorn.id, code_hash("BBBB2222"), AT, later(10)))
            await uow.accounts.put_code(LinkCode(s.anna.id, code_hash("CCCC2222"), later(1), later(11)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.accounts.code(code_hash("AAAA2222")) is None
            assert (await uow.accounts.code(code_hash("BBBB2222"))).member_id == s.bjorn.id
            assert (await uow.accounts.code(code_hash("CCCC2222"))).member_id == s.anna.id


class TestWrongCodes:
    async def test_wrong_codes_are_counted_per_identity_from_a_moment_on_oldest_first(self, uow_factory):
        await seed(uow_factory)
        async with uow_factory() as uow:
            for minutes in (5, 1, 9):
                await uow.accounts.add_wrong(ON_DISCORD, later(minutes))
            await uow.accounts.add_wrong(Identity("telegram", "1001"), later(2))
            await uow.commit()
        async with uow_factory() as uow:
            found = list(await uow.accounts.wrong_since(ON_DISCORD, later(1)))
            assert found == [later(1), later(5), later(9)] and all(is_utc(at) for at in found)
            assert list(await uow.accounts.wrong_since(ON_DISCORD, later(6))) == [later(9)]
            assert list(await uow.accounts.wrong_since(Identity("discord", "1001"), AT)) == []


class TestHoldings:
    async def test_a_new_account_holds_nothing(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.accounts.holdings(s.bjorn.id) == set()

    async def test_each_kind_of_holding_is_found(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))  # Anna's
            event = await uow.events.add(an_event(s))
            project_dream = await uow.dreams.add(a_dream(s))
            await uow.bank.add_like(Like(dream.id, s.bjorn.id, AT))
            await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MONEY, "For the wood", Decimal("10"), AT))
            await uow.events.put_rsvp(Rsvp(event.id, s.bjorn.id, Answer.GOING, AT, 1))
            await uow.padrivere.save(an_application(s.branch.id, s.bjorn, ["cooking"]))
            await uow.members.grant(s.branch.id, s.bjorn.id, Role.BOARD)
            project = await uow.projects.add(Project(project_dream.id, s.branch.id, "Bench", s.anna.id, AT))
            await uow.projects.add_team_member(TeamMember(project.id, s.bjorn.id, "carpenter"))
            call = await uow.calls.add(a_call(s, []))
            await uow.calls.add_signup(Signup(call.id, s.bjorn.id, AT))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.accounts.holdings(s.anna.id) == {Holding.DREAMS}
            assert await uow.accounts.holdings(s.bjorn.id) == {Holding.LIKES, Holding.PLEDGES, Holding.RSVPS,
                                                               Holding.PADRIVER, Holding.ROLES, Holding.TEAMS,
                                                               Holding.SIGNUPS}


class TestMovingAnIdentity:
    async def test_an_identity_moves_to_another_member_and_an_unknown_one_is_added(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            other = await uow.members.add(Member("Anna on Discord", s.branch.id, None, AT), ON_DISCORD)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.accounts.move_identity(ON_DISCORD, s.anna.id)
            await uow.accounts.move_identity(Identity("email", "anna@example.org"), s.anna.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.by_identity(ON_DISCORD) == s.anna
            assert list(await uow.members.identities(s.anna.id)) == [
                Identity("telegram", "1001"), ON_DISCORD, Identity("email", "anna@example.org")]
            assert list(await uow.members.identities(other.id)) == []
