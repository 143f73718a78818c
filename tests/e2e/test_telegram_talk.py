"""Telegram's discussion of the bank channel's posts taken in as comments: a reply under a dream's post in the
channel's linked discussion group becomes a comment on the dream, and its owner hears of it privately."""

from __future__ import annotations

import asyncio

import pytest

from core.model.members import Identity
from core.model.reviews import Choice
from core.usecases import dreams, reviews
from tests.e2e.telegram_harness import BANK_CHANNEL, Branchside, telegram_branch
from tests.factories import a_draft

DISCUSSION = -1001000000003


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        side.api.group(DISCUSSION, "Fjordby dream bank chat")
        side.api.link_discussion(BANK_CHANNEL, DISCUSSION)
        yield side


async def approved_dream(tg: Branchside) -> int:
    """Anna's dream, approved by two of the board, so that the bank channel gets its post."""
    async with tg.app.uow() as uow:
        anna = await uow.members.by_identity(Identity("telegram", str(tg.id("anna"))))
        dream = await dreams.deposit_dream(uow, tg.app.clock, anna, a_draft("Paint the boathouse"))
        await uow.commit()
    for name in ("bjorn", "dag"):
        async with tg.app.uow() as uow:
            voter = await uow.members.by_identity(Identity("telegram", str(tg.id(name))))
            review = await uow.reviews.latest(dream.id)
            await reviews.cast_vote(uow, tg.app.clock, voter, review.id, Choice.APPROVE)
            await uow.commit()
    await tg.idle()
    return dream.id


async def comments_on(tg: Branchside, dream_id: int, count: int) -> list:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        async with tg.app.uow() as uow:
            found = list(await uow.talk.comments_on(dream_id=dream_id))
        if len(found) >= count or loop.time() > deadline:
            return found
        await asyncio.sleep(0.05)


class TestDiscussionGroup:
    async def test_a_reply_under_the_dreams_post_is_a_comment_and_the_owner_is_told(self, tg):
        dream_id = await approved_dream(tg)
        [post] = [m for m in tg.api.messages_in(BANK_CHANNEL) if "Paint the boathouse" in m.get("text", "")]
        forward = tg.api.automatic_forward(BANK_CHANNEL, post["message_id"])

        tg.api.send_text(tg.users["frida"], "I can bring brushes and paint", chat=DISCUSSION, reply_to=forward)
        [comment] = await comments_on(tg, dream_id, 1)
        await tg.idle()

        assert comment.text == "I can bring brushes and paint" and comment.source == "telegram_group"
        told = [m["text"] for m in tg.api.messages_in(tg.id("anna")) if "commented on" in m.get("text", "")]
        assert told and "Frida commented on “Paint the boathouse”" in told[-1]
        assert tg.api.messages_in(DISCUSSION) == []  # nothing is said in the group itself

    async def test_a_reply_to_a_comment_in_the_group_is_a_reply_to_that_comment(self, tg):
        dream_id = await approved_dream(tg)
        [post] = [m for m in tg.api.messages_in(BANK_CHANNEL) if "Paint the boathouse" in m.get("text", "")]
        forward = tg.api.automatic_forward(BANK_CHANNEL, post["message_id"])
        first = tg.api.send_text(tg.users["frida"], "I can bring brushes", chat=DISCUSSION, reply_to=forward)
        [comment] = await comments_on(tg, dream_id, 1)

        tg.api.send_text(tg.users["bjorn"], "And I bring the ladder", chat=DISCUSSION, reply_to=first["message"])
        morning = tg.api.send_text(tg.users["dag"], "Morning all", chat=DISCUSSION)  # no comment of ours
        tg.api.send_text(tg.users["bjorn"], "Lovely weather", chat=DISCUSSION, reply_to=morning["message"])
        found = await comments_on(tg, dream_id, 2)
        await tg.idle()

        [reply] = [c for c in found if c.id != comment.id]
        assert (reply.text, reply.reply_to, reply.dream_id) == ("And I bring the ladder", comment.id, dream_id)
        assert len(await comments_on(tg, dream_id, 3)) == 2  # a message replying to nothing of ours is left alone
        assert tg.api.messages_in(DISCUSSION) == []

    async def test_a_message_in_the_group_that_replies_to_no_post_is_left_alone(self, tg):
        dream_id = await approved_dream(tg)
        tg.api.send_text(tg.users["frida"], "Lovely weather today", chat=DISCUSSION)
        await tg.idle()
        assert await comments_on(tg, dream_id, 0) == []

    async def test_a_reply_that_cannot_be_kept_is_told_to_its_writer_alone(self, tg):
        dream_id = await approved_dream(tg)
        [post] = [m for m in tg.api.messages_in(BANK_CHANNEL) if "Paint the boathouse" in m.get("text", "")]
        forward = tg.api.automatic_forward(BANK_CHANNEL, post["message_id"])

        tg.api.send_text(tg.users["frida"], "paint " * 200, chat=DISCUSSION, reply_to=forward)
        await tg.idle()

        told = [m["text"] for m in tg.api.messages_in(tg.id("frida")) if "not kept" in m.get("text", "")]
        assert told and "What you wrote under “Paint the boathouse” was not kept as a comment:" in told[-1]
        assert "Please keep it under 1000 characters." in told[-1]
        assert await comments_on(tg, dream_id, 0) == []
        assert tg.api.messages_in(DISCUSSION) == []
