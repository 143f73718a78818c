"""A dream's thread in the bank's Discord forum is its discussion: what members write there becomes the dream's
comments, a reply there a reply, and the owner hears of it; a refusal is told to the writer alone. Through the
real discord.py against the local Discord."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import discord
import pytest

from core.model.dreams import DreamState
from core.model.members import Role
from core.model.talk import Mute
from core.usecases import dreams, talk
from tests.e2e.discord_harness import Server, deposit, discord_server, text_of

#: the privileged message content intent's flags, as the developer portal sets them for the application
CONTENT_FLAGS = (1 << 18) | (1 << 19)


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path, deliver=True) as server:
        yield server


async def dream_thread(dc: Server) -> tuple[int, int]:
    """Anna's dream, approved by two of the board and posted in the forum: (dream id, its thread's id)."""
    await deposit(dc)
    await dc.idle()
    for name in ("bjorn", "cecilie"):
        await dc.press(name, dc.last(dc.board), "Approve")
        await dc.idle()
    [post] = dc.standin.threads(dc.bank)
    async with dc.app.uow() as uow:
        [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
    return dream.id, int(post["id"])


async def comments(dc: Server, dream_id: int, count: int) -> list:
    """The dream's comments once there are `count` of them (or what there is after a while)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        async with dc.app.uow() as uow:
            found = list(await uow.talk.comments_on(dream_id=dream_id))
        if len(found) >= count or loop.time() > deadline:
            return found
        await asyncio.sleep(0.05)


async def member_id(dc: Server, name: str) -> int:
    async with dc.app.uow() as uow:
        return (await uow.members.by_identity(dc.identity(name))).id


def dm_texts(dc: Server, name: str) -> list[str]:
    return [text_of(m) for m in dc.dms(name)]


def bots_words_in(dc: Server, thread: int) -> list[dict]:
    return [m for m in dc.standin.messages(thread)[1:] if m["author"]["id"] == str(dc.standin.bot_user_id)]


class TestWritingInTheDreamsThread:
    async def test_a_message_there_is_a_comment_on_the_dream_and_its_owner_is_told(self, dc):
        dream_id, thread = await dream_thread(dc)

        await dc.standin.say(dc.id("frida"), "I can bring brushes and paint", channel=thread)
        [comment] = await comments(dc, dream_id, 1)
        await dc.idle()

        assert comment.text == "I can bring brushes and paint" and comment.source == "discord_forum"
        assert comment.author_id == await member_id(dc, "frida") and comment.reply_to is None
        assert any("Frida commented on “A reading bench”" in t and "brushes and paint" in t
                   for t in dm_texts(dc, "anna"))
        assert bots_words_in(dc, thread) == []  # nothing is said in the thread itself

    async def test_a_reply_to_a_comment_there_is_a_reply_to_it_and_its_writer_is_told(self, dc):
        dream_id, thread = await dream_thread(dc)
        first = await dc.standin.say(dc.id("frida"), "Shall we paint it blue?", channel=thread)
        [comment] = await comments(dc, dream_id, 1)

        await dc.standin.say(dc.id("dag"), "Blue it is", channel=thread, reply_to=int(first["id"]))
        await dc.standin.say(dc.id("anna"), "Thank you both", channel=thread, reply_to=int(post_of(dc, thread)))
        found = await comments(dc, dream_id, 3)
        await dc.idle()

        replies = {c.text: c.reply_to for c in found}
        assert replies == {"Shall we paint it blue?": None, "Blue it is": comment.id, "Thank you both": None}
        assert any("Dag replied in “A reading bench”" in t for t in dm_texts(dc, "frida"))

    async def test_the_same_message_delivered_twice_is_one_comment(self, dc):
        dream_id, thread = await dream_thread(dc)
        said = await dc.standin.say(dc.id("frida"), "Count me in", channel=thread)
        await comments(dc, dream_id, 1)

        await dc.standin.say_again(int(said["id"]))
        await dc.standin.say(dc.id("dag"), "Me too", channel=thread)
        found = await comments(dc, dream_id, 2)
        await dc.idle()

        assert sorted(c.text for c in found) == ["Count me in", "Me too"]
        assert sum("Frida commented" in t for t in dm_texts(dc, "anna")) == 1

    async def test_someone_new_is_registered_in_the_dreams_branch_with_their_comment(self, dc):
        dream_id, thread = await dream_thread(dc)
        ines = dc.standin.user("ines")
        dc.standin.join(dc.guild, ines)
        dc.users["ines"] = ines

        await dc.standin.say(ines, "Lovely idea", channel=thread)
        [comment] = await comments(dc, dream_id, 1)

        async with dc.app.uow() as uow:
            member = await uow.members.by_identity(dc.identity("ines"))
            [branch] = await uow.branches.all()
        assert comment.author_id == member.id and member.branch_id == branch.id and member.display_name == "Ines"


class TestLeftAlone:
    async def test_messages_elsewhere_and_the_bots_own_are_not_comments(self, dc):
        dream_id, thread = await dream_thread(dc)
        other = await dc.adapter.client.get_channel(dc.lounge).create_thread(
            name="Summer party", type=discord.ChannelType.public_thread)

        await dc.standin.say(dc.id("frida"), "Anyone for coffee?", channel=dc.lounge)
        await dc.standin.say(dc.id("frida"), "Bring cake", channel=other.id)
        await dc.adapter.client.get_channel(thread).send("A word from the bot")
        await dc.standin.say(dc.id("dag"), "Count me in", channel=thread)  # to know the others were read
        found = await comments(dc, dream_id, 1)
        await asyncio.sleep(0.3)
        await dc.idle()

        assert [c.text for c in found] == ["Count me in"]
        async with dc.app.uow() as uow:
            assert [c.text for c in await uow.talk.comments_on(dream_id=dream_id)] == ["Count me in"]
        assert not any("Anyone for coffee" in t or "Bring cake" in t for t in dm_texts(dc, "anna"))


class TestRefused:
    async def test_a_muted_member_is_told_privately_and_nothing_is_kept(self, dc):
        dream_id, thread = await dream_thread(dc)
        frida = await member_id(dc, "frida")
        async with dc.app.uow() as uow:
            [branch] = await uow.branches.all()
            now = dc.app.clock.now()
            await uow.talk.add_mute(Mute(branch.id, frida, now + timedelta(days=7), None, "3 hidden", now))
            await uow.commit()

        said = await dc.standin.say(dc.id("frida"), "Listen to me!", channel=thread)
        await dc.standin.wait_for(lambda: any("not kept" in t for t in dm_texts(dc, "frida")))
        await dc.standin.say_again(int(said["id"]))
        await dc.standin.say(dc.id("dag"), "Nice", channel=thread)
        found = await comments(dc, dream_id, 1)
        await dc.idle()

        [told] = [t for t in dm_texts(dc, "frida") if "not kept" in t]
        assert "What you wrote under “A reading bench” was not kept as a comment:" in told
        assert "You cannot comment in this branch until" in told
        assert [c.text for c in found] == ["Nice"]
        assert bots_words_in(dc, thread) == []

    async def test_an_over_long_message_is_told_its_limit(self, dc):
        dream_id, thread = await dream_thread(dc)

        await dc.standin.say(dc.id("frida"), "word " * 300, channel=thread)
        await dc.standin.wait_for(lambda: any("not kept" in t for t in dm_texts(dc, "frida")))

        assert any("Please keep it under 1000 characters." in t for t in dm_texts(dc, "frida"))
        assert await comments(dc, dream_id, 0) == []

    async def test_under_a_dream_taken_out_of_the_bank_the_talk_is_closed(self, dc):
        dream_id, thread = await dream_thread(dc)
        async with dc.app.uow() as uow:
            anna = await uow.members.by_identity(dc.identity("anna"))
            await dreams.retract_dream(uow, dc.app.clock, anna, dream_id)
            await uow.commit()

        await dc.standin.say(dc.id("frida"), "Oh no, why?", channel=thread)
        await dc.standin.wait_for(lambda: any("not kept" in t for t in dm_texts(dc, "frida")))

        assert any("The talk about “A reading bench” is closed" in t for t in dm_texts(dc, "frida"))
        assert await comments(dc, dream_id, 0) == []


class TestOneTalkWhereverItHappens:
    async def test_a_comment_made_elsewhere_shows_in_the_thread_where_a_reply_to_it_is_a_reply(self, dc):
        dream_id, thread = await dream_thread(dc)
        async with dc.app.uow() as uow:
            bjorn = await uow.members.by_identity(dc.identity("bjorn"))
            asked = await talk.comment(uow, dc.app.clock, bjorn, "Who has a saw?", dream_id=dream_id)
            await uow.commit()
        dc.adapter.delivery.wake()
        await dc.idle()
        [shown] = bots_words_in(dc, thread)

        await dc.standin.say(dc.id("frida"), "I have one", channel=thread, reply_to=int(shown["id"]))
        found = await comments(dc, dream_id, 2)
        async with dc.app.uow() as uow:
            frida_said = next(c for c in found if c.text == "I have one")
            thanks = await talk.comment(uow, dc.app.clock, bjorn, "Thank you!", reply_to=frida_said.id)
            await uow.commit()
        dc.adapter.delivery.wake()
        await dc.idle()

        assert "Bjorn wrote:" in text_of(shown) and "Who has a saw?" in text_of(shown)
        assert frida_said.reply_to == asked.id and len(await comments(dc, dream_id, 3)) == 3
        [_, again] = bots_words_in(dc, thread)  # the bot's own messages are never taken in
        assert "Bjorn replied:" in text_of(again) and "Thank you!" in text_of(again)
        assert dc.standin.message(int(again["message_reference"]["message_id"]))["content"] == "I have one"
        assert thanks.reply_to == asked.id

    async def test_a_comment_hidden_by_the_bank_manager_is_hidden_in_the_thread_too(self, dc):
        dream_id, thread = await dream_thread(dc)
        async with dc.app.uow() as uow:
            frida = await uow.members.by_identity(dc.identity("frida"))
            gustav = await uow.members.by_identity(dc.identity("gustav"))
            await uow.members.grant(frida.branch_id, gustav.id, Role.BANK_MANAGER)
            said = await talk.comment(uow, dc.app.clock, frida, "Something unkind", dream_id=dream_id)
            await uow.commit()
        dc.adapter.delivery.wake()
        await dc.idle()
        async with dc.app.uow() as uow:
            await talk.hide(uow, dc.app.clock, gustav, said.id, "Please be kind")
            await uow.commit()
        dc.adapter.delivery.wake()
        await dc.idle()

        [shown] = bots_words_in(dc, thread)
        assert "hidden by the bank manager" in text_of(shown) and "unkind" not in text_of(shown)


class TestWithoutTheIntent:
    async def test_the_bot_connects_and_works_but_takes_in_nothing(self, dc):
        dream_id, thread = await dream_thread(dc)
        dc.standin.application_flags &= ~CONTENT_FLAGS
        await dc.restart_bot()

        await dc.standin.say(dc.id("frida"), "I can help", channel=thread)
        listed = await dc.slash("frida", "bank")
        await asyncio.sleep(0.3)
        await dc.idle()

        assert "A reading bench" in text_of(listed.message)
        assert await comments(dc, dream_id, 0) == []
        assert not any("not kept" in t for t in dm_texts(dc, "frida"))


def post_of(dc: Server, thread: int) -> str:
    """The forum post's starter message (its id is the thread's)."""
    return dc.standin.messages(thread)[0]["id"]
