"""Branches, their linked chats and their digest times come back exactly as stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.model.branches import Branch, ChatLink, ChatPurpose, QuorumRule
from storage.database import make_engine
from storage.migrate import upgrade

from tests.factories import seed

pytestmark = pytest.mark.in_memory_too


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

    async def test_a_chat_link_keeps_the_role_that_opens_it_and_links_on_two_platforms_stand_side_by_side(
            self, uow_factory):
        s = await seed(uow_factory)
        on_telegram = ChatLink(s.branch.id, ChatPurpose.CIRCLE, "telegram", "-1001", "Pådrivere")
        on_discord = ChatLink(s.branch.id, ChatPurpose.CIRCLE, "discord", "1234567890123", "padrivere",
                              role_id="987654321098")
        async with uow_factory() as uow:
            await uow.branches.link(on_telegram)
            await uow.branches.link(on_discord)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.branches.links(s.branch.id)) == [on_telegram, on_discord]
            assert await uow.branches.linked_chat("discord", "1234567890123") == on_discord
            assert (await uow.branches.linked_chat("telegram", "-1001")).role_id == ""


class TestBranchDigestTimes:
    async def test_a_branch_keeps_its_digest_weekday_and_hour_and_new_ones_get_monday_at_nine(self, uow_factory):
        s = await seed(uow_factory)
        assert (s.branch.digest_weekday, s.branch.digest_hour) == (0, 9)
        changed = replace(s.branch, digest_weekday=4, digest_hour=17)
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == s.branch
            await uow.branches.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == changed
            assert list(await uow.branches.all()) == [changed]


class TestOlderBranches:
    async def test_branches_opened_before_digest_times_existed_get_monday_at_nine(self, tmp_path):
        row = await an_old_branch_after_upgrading(tmp_path, "0004", "digest_weekday, digest_hour")

        assert tuple(row) == (0, 9)

class TestBranchAdminSettings:
    async def test_a_branch_keeps_its_response_days_and_its_own_criteria_wording(self, uow_factory):
        s = await seed(uow_factory)
        assert (s.branch.response_days, s.branch.criteria) == (2, ("", "", ""))
        changed = replace(s.branch, response_days=5, criteria=("Ingen tjener penger?", "", "Kan noe av den skje?"))
        async with uow_factory() as uow:
            await uow.branches.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == changed
            await uow.branches.save(replace(changed, criteria=("", "", "")))
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.branches.get(s.branch.id)).criteria == ("", "", "")

    async def test_branches_opened_before_these_settings_answer_in_two_days_with_the_usual_criteria(self, tmp_path):
        row = await an_old_branch_after_upgrading(tmp_path, "0015", "response_days, criteria")

        assert row[0] == 2 and row[1] in ("[]", [])

    async def test_a_branch_keeps_the_days_its_fund_reminders_go_out(self, uow_factory):
        s = await seed(uow_factory)
        assert s.branch.fund_reminder_days == (14, 3)
        changed = replace(s.branch, fund_reminder_days=(30, 7, 1))
        async with uow_factory() as uow:
            await uow.branches.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == changed

    async def test_branches_opened_before_fund_reminder_days_existed_remind_14_and_3_days_before(self, tmp_path):
        row = await an_old_branch_after_upgrading(tmp_path, "0022_needs", "fund_reminder_days")

        assert row[0] in ("[14, 3]", [14, 3])

    async def test_a_branch_keeps_how_residents_reach_it(self, uow_factory):
        s = await seed(uow_factory)
        assert s.branch.contact == ""
        changed = replace(s.branch, contact="post@fjordby.no · Storgata 1")
        async with uow_factory() as uow:
            await uow.branches.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.branches.get(s.branch.id) == changed

    async def test_branches_opened_before_a_contact_existed_have_none(self, tmp_path):
        row = await an_old_branch_after_upgrading(tmp_path, "0026_public_names", "contact")

        assert row[0] == ""


async def an_old_branch_after_upgrading(tmp_path, revision: str, columns: str):
    """A branch written as a database at `revision` stored it, then read (those columns) after the newest migration."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite'}"
    await upgrade(url, revision)
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.text(
                "INSERT INTO branches (slug, name, language, timezone, quorum, stall_after_seconds) "
                "VALUES ('old', 'Old', 'nb', 'Europe/Oslo', 'majority', 600)"))
        await upgrade(url)
        async with engine.connect() as connection:
            return (await connection.execute(sa.text(f"SELECT {columns} FROM branches"))).one()
    finally:
        await engine.dispose()
