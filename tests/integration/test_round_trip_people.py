"""Branches, members, identities, roles and dialogs come back from the database exactly as stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core.dialogs.state import DialogState
from core.model.branches import Branch, ChatLink, ChatPurpose, QuorumRule
from core.model.members import Identity, Member, Role

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc


class TestBranches:
    async def test_a_branch_keeps_every_field_including_its_quorum_and_stall_time(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            again = await uow.branches.get(s.branch.id)
            by_slug = await uow.branches.by_slug("fjordby")
        assert again == by_slug == s.branch
        assert again.quorum == QuorumRule.parse("approvals:2")
        assert again.stall_after == timedelta(days=3, hours=4)

    async def test_all_branches_come_in_the_order_they_were_opened_and_unknown_ones_are_none(self, uow_factory):
        async with uow_factory() as uow:
            first = await uow.branches.add(Branch("a", "A"))
            second = await uow.branches.add(Branch("b", "B", quorum=QuorumRule.parse("majority")))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.branches.all()) == [first, second]
            assert await uow.branches.get(999) is None
            assert await uow.branches.by_slug("nowhere") is None

    async def test_saving_a_branch_keeps_its_own_competence_list_in_order(self, uow_factory):
        s = await seed(uow_factory)
        assert s.branch.competences == ()
        changed = Branch("fjordby", "Fjordby kommune", "da", "Europe/Copenhagen", QuorumRule.parse("majority"),
                         timedelta(days=1), s.branch.id, ("Snekring", "Bål og friluft", "cooking"))
        async with uow_factory() as uow:
            await uow.branches.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == changed

    async def test_a_chat_link_keeps_its_invite_link_and_linking_again_replaces_it(self, uow_factory):
        s = await seed(uow_factory)
        circle = ChatLink(s.branch.id, ChatPurpose.CIRCLE, "telegram", "-1001", "Pådrivere", "https://t.me/+AbC")
        bank = ChatLink(s.branch.id, ChatPurpose.BANK, "telegram", "-1002", "Bank")
        async with uow_factory() as uow:
            await uow.branches.link(circle)
            await uow.branches.link(bank)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.branches.links(s.branch.id)) == [circle, bank]
            await uow.branches.link(replace(circle, invite_link="https://t.me/+XyZ"))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.branches.linked_chat("telegram", "-1001")
        assert again == replace(circle, invite_link="https://t.me/+XyZ")


class TestMembers:
    async def test_a_member_keeps_every_field_and_an_aware_utc_joining_time(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            anna = await uow.members.get(s.anna.id)
        assert anna == s.anna
        assert anna.joined_at == AT and is_utc(anna.joined_at)

    async def test_a_member_is_found_by_platform_identity_and_lists_their_identities(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.members.by_identity(Identity("telegram", "1001")) == s.anna
            assert await uow.members.by_identity(Identity("console", "1001")) is None
            assert list(await uow.members.identities(s.bjorn.id)) == [Identity("console", "bjorn")]

    async def test_saving_a_member_updates_the_stored_row(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            changed = Member("Anna K.", s.branch.id, "nb", later(5), s.anna.id)
            await uow.members.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(s.anna.id) == changed

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


class TestDialogs:
    async def test_a_dialog_keeps_its_answers_context_and_previous_answers_as_json(self, uow_factory):
        s = await seed(uow_factory)
        state = DialogState(s.anna.id, "deposit", 2, {"title": "Bench", "needs": ["time", "money"]},
                            {"dream_id": 7, "nested": {"a": [1, 2, None], "ok": True}}, AT, "criteria", 3,
                            previous={"title": "Old bench"}, instance="3f9a1c07")
        async with uow_factory() as uow:
            saved = await uow.dialogs.save(state)
            await uow.commit()
        assert saved.id is not None
        async with uow_factory() as uow:
            again = await uow.dialogs.current(s.anna.id)
        assert again == saved
        assert is_utc(again.updated_at)

    async def test_saving_again_replaces_the_members_dialog_and_ending_removes_it(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first = await uow.dialogs.save(DialogState(s.anna.id, "deposit", 0, {}, {}, AT))
            await uow.commit()
        async with uow_factory() as uow:
            second = await uow.dialogs.save(DialogState(s.anna.id, "pledge", 1, {"kind": "time"}, {}, later(1)))
            await uow.commit()
        assert second.id == first.id
        async with uow_factory() as uow:
            assert await uow.dialogs.current(s.anna.id) == second
            assert await uow.dialogs.current(s.bjorn.id) is None
            await uow.dialogs.end(s.anna.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.dialogs.current(s.anna.id) is None
