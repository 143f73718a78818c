"""What people write reaches discord.py as Discord sends it: in a forum post's thread with its reply, and without
its text in a server when the bot lacks the message content intent, which Discord refuses to a bot the developer
portal does not grant it to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest

from tests.standins.discord import DiscordStandIn, connected, quick_client

CONTENT_FLAGS = (1 << 18) | (1 << 19)


@dataclass
class Server:
    standin: DiscordStandIn
    forum: int
    board: int
    anna: int


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with DiscordStandIn() as standin:
        guild = standin.guild("Fjordby")
        forum = standin.forum_channel(guild, "dream-bank")
        board = standin.text_channel(guild, "board")
        anna = standin.user("anna")
        standin.join(guild, anna)
        yield Server(standin, forum, board, anna)


def listening(message_content: bool) -> tuple[discord.Client, list[discord.Message]]:
    intents = discord.Intents.default()
    intents.message_content = message_content
    client = quick_client(intents=intents)
    heard: list[discord.Message] = []

    async def on_message(message: discord.Message) -> None:
        if message.author.id != client.user.id:
            heard.append(message)

    client.on_message = on_message  # type: ignore[attr-defined]
    return client, heard


class TestInAForumPostsThread:
    async def test_a_reply_there_comes_from_the_thread_under_the_forum_and_names_what_it_answers(self, server):
        standin = server.standin
        client, heard = listening(message_content=True)

        async with connected(client, standin):
            made = await client.get_channel(server.forum).create_thread(name="A bench", content="The story")
            first = await standin.say(server.anna, "I can help", channel=made.thread.id)
            await standin.say(server.anna, "On Saturdays", channel=made.thread.id, reply_to=int(first["id"]))
            await standin.wait_for(lambda: len(heard) == 2)

        said, answered = heard
        assert isinstance(said.channel, discord.Thread) and said.channel.id == made.thread.id
        assert said.channel.parent_id == server.forum and said.guild.id == made.thread.guild.id
        assert said.content == "I can help" and said.type is discord.MessageType.default and said.reference is None
        assert answered.type is discord.MessageType.reply
        assert answered.reference.message_id == int(first["id"]) and answered.reference.channel_id == made.thread.id
        assert isinstance(answered.author, discord.Member) and answered.author.id == server.anna

    async def test_nobody_writes_in_the_forum_itself(self, server):
        with pytest.raises(ValueError):
            await server.standin.say(server.anna, "Hello", channel=server.forum)


class TestMessageContent:
    async def test_without_the_intent_a_message_in_a_server_comes_without_its_text_but_a_dm_keeps_it(self, server):
        standin = server.standin
        client, heard = listening(message_content=False)

        async with connected(client, standin):
            await standin.say(server.anna, "hello board", channel=server.board)
            await standin.say(server.anna, f"hello <@{standin.bot_user_id}>", channel=server.board)
            await standin.say(server.anna, "hello bot")
            await standin.wait_for(lambda: len(heard) == 3)

        assert [m.content for m in heard] == ["", f"hello <@{standin.bot_user_id}>", "hello bot"]

    async def test_the_intent_not_granted_in_the_portal_is_refused_at_identify(self, server):
        standin = server.standin
        standin.application_flags &= ~CONTENT_FLAGS
        client, _heard = listening(message_content=True)

        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with connected(client, standin):
                pass

        async with connected(listening(message_content=False)[0], standin) as fine:
            assert fine.is_ready()
