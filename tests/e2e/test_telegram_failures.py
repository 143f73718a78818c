"""Telegram's refusals and limits: blocked people, 429s, lost chats, over-long text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.model.dreams import DreamState
from core.model.members import Identity
from core.model.reviews import Choice
from core.usecases import dreams, projects, reviews
from storage.tables import IdentityRow
from tests.e2e.telegram_harness import BOARD_GROUP, telegram_branch
from tests.e2e.test_telegram import deposit
from tests.factories import a_draft
from tests.standins.telegram import POLL_CONFLICT


@pytest.fixture
async def tg(tmp_path, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with telegram_branch(tmp_path) as side:
        yield side


async def member(tg, name):
    async with tg.app.uow() as uow:
        return await uow.members.by_identity(Identity("telegram", str(tg.id(name))))


async def approve(tg, dream_id):
    for name in ("bjorn", "cecilie"):
        voter = await member(tg, name)  # before the unit of work: SQLite has one writer at a time
        async with tg.app.uow() as uow:
            review = await uow.reviews.latest(dream_id)
            await reviews.cast_vote(uow, tg.app.clock, voter, review.id, Choice.APPROVE)
            await uow.commit()


class TestBlockedMember:
    async def test_a_member_who_blocked_the_bot_is_marked_unreachable_and_not_written_to_again(self, tg):
        await deposit(tg)
        tg.api.block(tg.id("anna"))

        await approve(tg, 1)
        await tg.idle()
        anna = await member(tg, "anna")
        async with tg.app.uow() as uow:
            await dreams.retract_dream(uow, tg.app.clock, anna, 1)
            await dreams.deposit_dream(uow, tg.app.clock, anna, a_draft("Second"))
            await uow.commit()
        await approve(tg, 2)
        await tg.idle()

        to_anna = [c for c in tg.api.calls_to("sendMessage") if c.params["chat_id"] == tg.id("anna")]
        assert [c.error_code for c in to_anna if c.error_code] == [403]
        async with tg.app.uow() as uow:
            reachable = await uow.session.scalar(sa.select(IdentityRow.reachable).where(
                IdentityRow.external_id == str(tg.id("anna"))))
        assert reachable is False


class TestRateLimit:
    async def test_a_429_is_waited_out_and_the_reply_still_arrives(self, tg):
        tg.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=tg.id("anna"))

        replies = await tg.say("anna", "/start")

        to_anna = [c for c in tg.api.calls_to("sendMessage") if c.params["chat_id"] == tg.id("anna")]
        assert to_anna[0].error_code == 429 and to_anna[1].error_code is None
        assert replies[0]["text"].startswith("Welcome to the dream bank")


class TestLostChat:
    async def test_a_board_group_that_is_gone_is_reported_to_the_admin_once(self, tg):
        tg.api.forget_chat(BOARD_GROUP)

        await deposit(tg)
        await deposit(tg, title="Another bench")

        admin = tg.texts(tg.id("gustav"))
        assert len(admin) == 1 and admin[0].startswith("⚠ The branch's board chat “Fjordby board” can no longer")
        assert "A new dream to review: “Another bench” by Anna." in tg.texts(tg.id("bjorn"))[-1]


class TestLongText:
    async def test_a_title_over_the_limit_is_refused_kindly(self, tg):
        await tg.say("anna", "/deposit")

        answer = await tg.say("anna", "x" * 500)

        assert answer[0]["text"] == "That is 500 characters; please keep it to 120."

    async def test_an_update_longer_than_a_telegram_message_is_split_not_refused(self, tg):
        anna, frida = await member(tg, "anna"), await member(tg, "frida")
        async with tg.app.uow() as uow:
            dream = await dreams.deposit_dream(uow, tg.app.clock, anna, a_draft("T" * 120))
            await uow.commit()
        await approve(tg, dream.id)
        async with tg.app.uow() as uow:
            await dreams.propose_withdrawal(uow, tg.app.clock, anna, dream.id)
            await uow.commit()
        await approve(tg, dream.id)
        async with tg.app.uow() as uow:
            project = await uow.projects.by_dream(dream.id)
            assert (await uow.dreams.get(dream.id)).state is DreamState.PROJECT
            await projects.add_team_member(uow, tg.app.clock, anna, project.id, frida.id, "x")
            await projects.post_update(uow, tg.app.clock, anna, project.id, ("word " * 800).strip())
            await uow.commit()
        await tg.idle()

        to_frida = [c for c in tg.api.calls_to("sendMessage") if c.params["chat_id"] == tg.id("frida")]
        assert not [c for c in tg.api.calls if c.error_code]
        assert len(to_frida) == 3  # joined the team, then the update in two parts
        assert sum(len(c.params["text"]) for c in to_frida[1:]) > 4096


class TestPolling:
    async def test_a_conflict_and_a_server_error_while_polling_are_waited_out_and_nothing_is_lost(self, tg):
        tg.api.fail_next("getUpdates", status=409, description=POLL_CONFLICT)
        tg.api.fail_next("getUpdates", status=502)

        replies = await tg.say("anna", "/start")

        failed = [c.error_code for c in tg.api.calls_to("getUpdates") if c.error_code]
        assert failed == [409, 502]
        assert replies[0]["text"].startswith("Welcome to the dream bank")


class TestGroupUpgradedToSupergroup:
    async def test_the_link_follows_the_group_the_post_goes_there_and_the_admin_is_told(self, tg):
        supergroup = -1009876543210
        tg.api.upgrade_group(BOARD_GROUP, supergroup)

        await deposit(tg)
        await deposit(tg, title="Another bench")

        refused = [c for c in tg.api.calls_to("sendMessage") if c.params["chat_id"] == BOARD_GROUP]
        assert [c.error_code for c in refused] == [400]
        posts = tg.texts(supergroup)
        assert len(posts) == 2 and "A new dream to review" in posts[0] and "“Another bench”" in posts[1]
        async with tg.app.uow() as uow:
            link = await uow.branches.linked_chat("telegram", str(supergroup))
        assert link is not None and link.purpose.value == "board"
        admin = tg.texts(tg.id("gustav"))
        assert len(admin) == 1 and admin[0].startswith("ℹ The branch's board chat “Fjordby board” became a supergroup")
