"""Members, their identities and their roles come back exactly as stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import Conflict
from core.model.members import Identity, Member, Role

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestMembers:
    async def test_a_member_keeps_every_field_and_an_aware_utc_joining_time(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            anna = await uow.members.get(s.anna.id)
        assert anna == s.anna
        assert anna.joined_at == AT and is_utc(anna.joined_at)

    async def test_names_come_in_one_lookup_for_the_members_there_are(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.members.names([s.anna.id, s.bjorn.id, s.anna.id, 999_999]) == {
                s.anna.id: s.anna.display_name, s.bjorn.id: s.bjorn.display_name}
            assert await uow.members.names([]) == {}

    async def test_a_member_is_found_by_platform_identity_and_lists_their_identities(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.members.by_identity(Identity("telegram", "1001")) == s.anna
            assert await uow.members.by_identity(Identity("console", "1001")) is None
            assert list(await uow.members.identities(s.bjorn.id)) == [Identity("console", "bjorn")]

    async def test_an_identity_held_by_one_member_cannot_be_given_to_another(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.members.add(Member("Impostor", s.branch.id, None, AT), Identity("telegram", "1001"))
        async with uow_factory() as uow:
            assert await uow.members.by_identity(Identity("telegram", "1001")) == s.anna

    async def test_an_unreachable_identity_still_finds_its_member(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.members.mark_unreachable(Identity("telegram", "1001"))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.by_identity(Identity("telegram", "1001")) == s.anna
            assert list(await uow.members.identities(s.anna.id)) == [Identity("telegram", "1001")]
            assert list(await uow.members.reachable(s.anna.id)) == []
            assert list(await uow.members.reachable(s.bjorn.id)) == [Identity("console", "bjorn")]
            assert list(await uow.outbox.pending_on("telegram")) == []

    async def test_saving_a_member_updates_the_stored_row(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            changed = Member("Anna K.", s.branch.id, "nb", later(5), s.anna.id)
            await uow.members.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(s.anna.id) == changed

    async def test_a_member_keeps_the_platform_chosen_for_notices_and_can_choose_none_again(self, uow_factory):
        s = await seed(uow_factory)
        assert s.anna.notify_on is None
        async with uow_factory() as uow:
            await uow.members.save(replace(s.anna, notify_on="discord"))
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.members.get(s.anna.id)).notify_on == "discord"
            await uow.members.save(replace(s.anna, notify_on=None))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(s.anna.id) == s.anna

    async def test_a_member_without_a_language_or_identity_is_stored_as_such(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            ghost = await uow.members.add(Member("Ghost", s.branch.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(ghost.id) == Member("Ghost", s.branch.id, None, None, ghost.id)
            assert list(await uow.members.identities(ghost.id)) == []


class TestRoles:
    async def test_granting_and_revoking_report_whether_anything_changed(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.members.grant(s.branch.id, s.anna.id, Role.BOARD) is True
            assert await uow.members.grant(s.branch.id, s.anna.id, Role.BOARD) is False
            assert await uow.members.grant(s.branch.id, s.anna.id, Role.ADMIN) is True
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.roles(s.branch.id, s.anna.id) == {Role.BOARD, Role.ADMIN}
            assert await uow.members.revoke(s.branch.id, s.anna.id, Role.ADMIN) is True
            assert await uow.members.revoke(s.branch.id, s.anna.id, Role.ADMIN) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.roles(s.branch.id, s.anna.id) == {Role.BOARD}
            assert await uow.members.roles(s.branch.id, s.bjorn.id) == set()

    async def test_holders_of_a_role_come_ordered_by_member_id(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.members.grant(s.branch.id, s.bjorn.id, Role.BOARD)
            await uow.members.grant(s.branch.id, s.anna.id, Role.BOARD)
            await uow.members.grant(s.branch.id, s.anna.id, Role.BANK_MANAGER)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.members.with_role(s.branch.id, Role.BOARD)) == [s.anna, s.bjorn]
            assert list(await uow.members.with_role(s.branch.id, Role.BANK_MANAGER)) == [s.anna]
            assert list(await uow.members.with_role(s.branch.id, Role.ADMIN)) == []
