"""An update a platform delivers twice is handled once, unless the first handling was rolled back."""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.dialogs.state import DialogState
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity
from core.usecases.housekeeping import forget_old_updates
from tests.factories import AT, later, make_village
from tests.fakes.database import FakeDatabase

pytestmark = pytest.mark.in_memory_too


class TestInbox:
    async def test_an_update_is_new_the_first_time_only_and_a_repeat_leaves_the_transaction_usable(
            self, uow_factory):
        async with uow_factory() as uow:
            first = await uow.inbox.first_time("telegram:1:77", AT)
            again = await uow.inbox.first_time("telegram:1:77", later(1))
            other = await uow.inbox.first_time("telegram:1:78", later(1))
            await uow.commit()
        async with uow_factory() as uow:
            after_commit = await uow.inbox.first_time("telegram:1:77", later(2))

        assert (first, again, other, after_commit) == (True, False, True, False)

    async def test_an_update_whose_handling_was_rolled_back_is_new_again(self, uow_factory):
        async with uow_factory() as uow:
            assert await uow.inbox.first_time("telegram:1:90", AT) is True

        async with uow_factory() as uow:
            assert await uow.inbox.first_time("telegram:1:90", later(1)) is True


class TestArrival:
    async def test_a_new_update_is_remembered_and_read_with_its_sender_and_their_branch(self, uow_factory):
        village = await make_village(uow_factory)
        async with uow_factory() as uow:
            arrived = await uow.inbox.arrival("telegram:2:1", AT, Identity("test", "anna"))
            stranger = await uow.inbox.arrival("telegram:2:2", AT, Identity("test", "nobody"))
            await uow.commit()
        async with uow_factory() as uow:
            remembered = await uow.inbox.first_time("telegram:2:1", later(1))

        assert arrived.new and arrived.member == village.anna and arrived.branch == village.branch
        assert stranger.new and (stranger.member, stranger.branch) == (None, None)
        assert remembered is False

    async def test_the_sender_is_read_with_the_dialog_they_are_in_or_with_none(self, uow_factory):
        village = await make_village(uow_factory)
        async with uow_factory() as uow:
            kept = await uow.dialogs.save(DialogState(village.anna.id, "deposit", 2, {"title": "Bench <b>"},
                                                      {"criteria": ["a", "b"]}, AT, nonce=3, instance="x1"))
            await uow.commit()
        async with uow_factory() as uow:
            in_one = await uow.inbox.arrival("telegram:2:10", later(1), Identity("test", "anna"))
            in_none = await uow.inbox.arrival("telegram:2:11", later(1), Identity("test", "bjorn"))
            stranger = await uow.inbox.arrival("telegram:2:12", later(1), Identity("test", "nobody"))
            again = await uow.inbox.arrival("telegram:2:10", later(2), Identity("test", "anna"))

        assert in_one.dialog_read and in_one.dialog == kept
        assert in_none.member == village.bjorn and in_none.dialog_read and in_none.dialog is None
        assert not stranger.dialog_read and stranger.dialog is None
        assert not again.new and not again.dialog_read

    async def test_the_branchs_chats_read_with_the_arrival_are_its_links_for_the_turn_and_a_link_made_then_shows(
            self, uow_factory):
        village = await make_village(uow_factory)
        chats = [ChatLink(village.branch.id, ChatPurpose.BANK, "telegram", "-100"),
                 ChatLink(village.branch.id, ChatPurpose.BOARD, "telegram", "-200"),
                 ChatLink(village.branch.id, ChatPurpose.BANK, "discord", "300")]
        async with uow_factory() as uow:
            for chat in chats:
                await uow.branches.link(chat)
            await uow.dialogs.save(DialogState(village.anna.id, "deposit", 1, {}, {}, AT, nonce=1, instance="x"))
            await uow.commit()

        async with uow_factory() as uow:
            arrived = await uow.inbox.arrival("telegram:2:20", AT, Identity("test", "anna"))
            read = list(await uow.branches.links(village.branch.id))
            await uow.branches.link(ChatLink(village.branch.id, ChatPurpose.CIRCLE, "telegram", "-400"))
            after_link = list(await uow.branches.links(village.branch.id))
            await uow.branches.unlink(village.branch.id, ChatPurpose.BANK, "discord")
            after_unlink = list(await uow.branches.links(village.branch.id))

        assert arrived.member == village.anna and arrived.branch == village.branch, "one member, however many chats"
        assert arrived.dialog is not None and arrived.dialog.form == "deposit"
        assert read == chats
        assert [c.chat_id for c in after_link] == ["-100", "-200", "300", "-400"]
        assert [c.chat_id for c in after_unlink] == ["-100", "-200", "-400"]

    async def test_the_chats_read_with_an_arrival_are_kept_for_its_transaction_only(self, uow_factory):
        if isinstance(uow_factory, FakeDatabase):
            pytest.skip("the in-memory fakes keep no chats and copy the store at a commit, not at the next read")
        village = await make_village(uow_factory)
        bank = ChatLink(village.branch.id, ChatPurpose.BANK, "telegram", "-100")
        async with uow_factory() as uow:
            await uow.inbox.arrival("telegram:2:30", AT, Identity("test", "anna"))
            await uow.commit()
            async with uow_factory() as other:
                await other.branches.link(bank)
                await other.commit()
            after_commit = list(await uow.branches.links(village.branch.id))

        assert after_commit == [bank], "a link committed elsewhere shows once the arrival's transaction is over"

    async def test_an_update_delivered_again_is_not_new_reads_nobody_and_leaves_the_transaction_usable(
            self, uow_factory):
        await make_village(uow_factory)
        async with uow_factory() as uow:
            assert await uow.inbox.first_time("telegram:2:3", AT) is True
            again = await uow.inbox.arrival("telegram:2:3", later(1), Identity("test", "anna"))
            other = await uow.inbox.arrival("telegram:2:4", later(1), Identity("test", "anna"))
            await uow.commit()
        async with uow_factory() as uow:
            after_commit = await uow.inbox.arrival("telegram:2:4", later(2), Identity("test", "anna"))

        assert (again.new, again.member, again.branch) == (False, None, None)
        assert other.new and other.member is not None
        assert (after_commit.new, after_commit.member) == (False, None)

    async def test_an_arrival_rolled_back_is_new_again(self, uow_factory):
        await make_village(uow_factory)
        async with uow_factory() as uow:
            assert (await uow.inbox.arrival("telegram:2:5", AT, Identity("test", "anna"))).new

        async with uow_factory() as uow:
            assert (await uow.inbox.arrival("telegram:2:5", later(1), Identity("test", "anna"))).new


class TestForgettingOldUpdates:
    async def test_keys_older_than_a_week_are_forgotten_in_batches_and_newer_ones_still_refuse_a_repeat(
            self, uow_factory):
        week = 7 * 24 * 60
        async with uow_factory() as uow:
            for n, minutes in enumerate((0, 60, 24 * 60, week + 60, week + 120)):
                assert await uow.inbox.first_time(f"telegram:1:{n}", later(minutes)) is True
            await uow.commit()

        forgotten = await forget_old_updates(uow_factory, FixedClock(later(week + 24 * 60 + 30)), batch=2)

        async with uow_factory() as uow:
            new_again = [await uow.inbox.first_time(f"telegram:1:{n}", later(2 * week)) for n in range(5)]
        assert forgotten == 3, "the three handled more than a week before, over two batches"
        assert new_again == [True, True, True, False, False], "a week's keys are kept against a second delivery"

    async def test_nothing_old_forgets_nothing(self, uow_factory):
        async with uow_factory() as uow:
            await uow.inbox.first_time("telegram:1:1", AT)
            await uow.commit()

        assert await forget_old_updates(uow_factory, FixedClock(later(60))) == 0
