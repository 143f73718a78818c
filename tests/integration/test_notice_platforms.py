"""Where notices go for a member on two platforms and a branch on two: the member's choice, the fall-back when a
platform is closed to them, and a copy of each post for each platform the branch's chat is on. On the fakes too,
so the unit tests' outbox chooses as storage does."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.clock import FixedClock
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity
from core.model.notices import FELL_BACK, Audience, Broadcast, Delivery, Notice, NoticeKind, Recipients
from core.model.preferences import Preferences
from core.usecases.members import unreachable
from core.usecases.posts import post

from tests.factories import AT, later, seed

pytestmark = pytest.mark.in_memory_too
CLOCK = FixedClock(later(1))


async def two_platforms(db, notify_on: str | None = None):
    """Anna on Telegram (1001) and on Discord (2002), choosing `notify_on`; Bjørn on the console only."""
    s = await seed(db)
    async with db() as uow:
        await uow.accounts.move_identity(Identity("discord", "2002"), s.anna.id)
        await uow.members.save(replace(s.anna, notify_on=notify_on))
        await uow.commit()
    return s


async def claim(db, platform: str) -> list[tuple[int | None, str, str]]:
    async with db() as uow:
        claimed = await uow.outbox.claim(platform, 10, later(1))
        await uow.commit()
    return [(d.notice.member_id, d.chat_id, d.notice.kind.value) for d in claimed]


async def tell_anna(db, s, kind: NoticeKind = NoticeKind.ROLE_GRANTED) -> Notice:
    notice = Notice(s.anna.id, s.branch.id, kind, {"role": "board"}, AT)
    async with db() as uow:
        await uow.outbox.put(notice)
        await uow.commit()
    return notice


class TestTheMembersChoice:
    async def test_a_notice_waits_for_the_chosen_platform(self, uow_factory):
        s = await two_platforms(uow_factory, notify_on="discord")
        await tell_anna(uow_factory, s)

        assert await claim(uow_factory, "telegram") == []
        assert await claim(uow_factory, "discord") == [(s.anna.id, "2002", "role_granted")]

    async def test_without_a_choice_the_first_platform_to_claim_takes_it(self, uow_factory):
        s = await two_platforms(uow_factory)
        await tell_anna(uow_factory, s)

        assert await claim(uow_factory, "telegram") == [(s.anna.id, "1001", "role_granted")]
        assert await claim(uow_factory, "discord") == []

    async def test_where_the_chosen_platform_is_closed_to_them_another_takes_it(self, uow_factory):
        s = await two_platforms(uow_factory, notify_on="discord")
        async with uow_factory() as uow:
            await uow.members.mark_unreachable(Identity("discord", "2002"))
            await uow.commit()
        await tell_anna(uow_factory, s)

        assert await claim(uow_factory, "telegram") == [(s.anna.id, "1001", "role_granted")]

    async def test_a_broadcast_goes_to_the_chosen_platform(self, uow_factory):
        s = await two_platforms(uow_factory, notify_on="discord")
        async with uow_factory() as uow:
            await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei"},
                                               Recipients("all"), AT))
            await uow.commit()

        assert await claim(uow_factory, "telegram") == []
        assert await claim(uow_factory, "discord") == [(s.anna.id, "2002", "announcement")]
        assert await claim(uow_factory, "console") == [(s.bjorn.id, "bjorn", "announcement")]

    async def test_pending_on_a_platform_follows_the_choice_too(self, uow_factory):
        s = await two_platforms(uow_factory, notify_on="discord")
        await tell_anna(uow_factory, s)

        async with uow_factory() as uow:
            assert [d.chat_id for d in await uow.outbox.pending_on("telegram")] == []
            assert [d.chat_id for d in await uow.outbox.pending_on("discord")] == ["2002"]


class TestFallingBack:
    async def test_a_notice_discord_refused_is_written_anew_for_telegram_once(self, uow_factory):
        s = await two_platforms(uow_factory, notify_on="discord")
        notice = await tell_anna(uow_factory, s)
        async with uow_factory() as uow:
            await unreachable(uow, CLOCK, "discord", Delivery(notice, "2002"), "403 50007")
            await uow.outbox.mark_failed(notice.id, "discord", later(1), "unreachable")  # as the engine records it
            await uow.commit()

        [again] = await claim(uow_factory, "telegram")
        async with uow_factory() as uow:
            [copy] = [d.notice for d in await uow.outbox.in_flight("telegram")]
            await unreachable(uow, CLOCK, "telegram", Delivery(copy, "1001"), "blocked")
            await uow.outbox.mark_failed(copy.id, "telegram", later(1), "unreachable")
            await uow.commit()

        assert again == (s.anna.id, "1001", "role_granted")
        assert copy.params == {"role": "board", FELL_BACK: "discord"} and copy.id != notice.id
        assert await claim(uow_factory, "discord") == [] and await claim(uow_factory, "telegram") == []

    async def test_with_no_chat_left_a_newsletter_falls_back_to_the_confirmed_address(self, uow_factory):
        s = await seed(uow_factory)  # Anna only on Telegram
        async with uow_factory() as uow:
            await uow.preferences.save(Preferences(s.anna.id, email="anna@example.org"))
            await uow.commit()
        newsletter = await tell_anna(uow_factory, s, NoticeKind.NEWSLETTER)
        role = await tell_anna(uow_factory, s, NoticeKind.ROLE_GRANTED)
        async with uow_factory() as uow:
            for notice in (newsletter, role):
                await unreachable(uow, CLOCK, "telegram", Delivery(notice, "1001"), "blocked")
                await uow.outbox.mark_failed(notice.id, "telegram", later(1), "unreachable")
            await uow.commit()

        async with uow_factory() as uow:
            mailed = await uow.outbox.claim("email", 10, later(1))
        assert [(d.notice.kind, d.chat_id) for d in mailed] == [(NoticeKind.NEWSLETTER, "anna@example.org")]


class TestABranchOnTwoPlatforms:
    async def test_a_post_goes_to_the_boards_chat_on_each_platform_and_each_supersedes_only_its_own(
            self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.branches.link(ChatLink(s.branch.id, ChatPurpose.BOARD, "telegram", "-100"))
            await uow.branches.link(ChatLink(s.branch.id, ChatPurpose.BOARD, "discord", "3003"))
            for tally in (1, 2):
                await post(uow, AT, s.branch.id, Audience.BOARD_CHAT, NoticeKind.REVIEW_POST, "review:1",
                           approve=tally)
            await uow.commit()

        async with uow_factory() as uow:
            on_discord = await uow.outbox.claim("discord", 10, later(1))
            on_telegram = await uow.outbox.claim("telegram", 10, later(1))

        assert [(d.chat_id, d.notice.params["approve"]) for d in on_discord] == [("3003", 1), ("3003", 2)]
        assert [(d.chat_id, d.notice.params["approve"]) for d in on_telegram] == [("-100", 1), ("-100", 2)]

    async def test_a_copy_for_a_platform_whose_chat_was_unlinked_goes_nowhere_else(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.branches.link(ChatLink(s.branch.id, ChatPurpose.BANK, "telegram", "-200"))
            await uow.branches.link(ChatLink(s.branch.id, ChatPurpose.BANK, "discord", "4004"))
            await post(uow, AT, s.branch.id, Audience.BANK_CHAT, NoticeKind.DREAM_POST, "dream:1", dream_id=1)
            await uow.branches.unlink(s.branch.id, ChatPurpose.BANK, "discord")
            await uow.commit()

        assert await claim(uow_factory, "discord") == []
        assert await claim(uow_factory, "telegram") == [(None, "-200", "dream_post")]
        assert await claim(uow_factory, "telegram") == []

    async def test_with_no_chat_linked_nothing_is_posted(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await post(uow, AT, s.branch.id, Audience.CIRCLE_CHAT, NoticeKind.CIRCLE_REMOVAL, "",
                              member_id=s.anna.id) is False
            await uow.commit()
        assert await claim(uow_factory, "telegram") == []
