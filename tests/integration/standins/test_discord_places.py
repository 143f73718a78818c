"""The Discord stand-in's forums, threads, roles and scheduled events answer discord.py as Discord would."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest

from tests.standins.discord import DiscordStandIn, connected, quick_client


@dataclass
class Server:
    standin: DiscordStandIn
    guild: int
    forum: int
    board: int
    circle: int
    padriver: int
    anna: int


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with DiscordStandIn() as standin:
        guild = standin.guild("Fjordby")
        forum = standin.forum_channel(guild, "dream-bank", tags=["approved", "project", "archived"])
        board = standin.text_channel(guild, "board")
        padriver = standin.role(guild, "Pådriver")
        circle = standin.category(guild, "padrivere", role=padriver)
        anna = standin.user("anna", locale="no")
        standin.join(guild, anna)
        yield Server(standin, guild, forum, board, circle, padriver, anna)


def everything() -> discord.Client:
    return quick_client(intents=discord.Intents.all())


class TestForum:
    async def test_a_forum_post_with_tags_is_a_thread_whose_id_is_its_first_message(self, server: Server) -> None:
        standin = server.standin
        tags = standin.forum_tags(server.forum)

        async with connected(quick_client(), standin) as client:
            forum = client.get_channel(server.forum)
            approved = forum.get_tag(tags["approved"])
            created = await forum.create_thread(
                name="A bench by the fjord", content="The story", applied_tags=[approved]
            )

        assert created.thread.id == created.message.id
        assert created.thread.applied_tags[0].name == "approved"
        [post] = standin.threads(server.forum)
        assert post["name"] == "A bench by the fjord"
        assert post["applied_tags"] == [str(tags["approved"])]
        assert [m["content"] for m in post["messages"]] == ["The story"]

    async def test_a_post_with_a_tag_the_forum_lacks_is_refused(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            forum = client.get_channel(server.forum)
            with pytest.raises(discord.HTTPException) as refused:
                await forum.create_thread(name="x", content="y", applied_tags=[discord.ForumTag(name="nope")])

        assert refused.value.code == 50035
        assert server.standin.threads(server.forum) == []

    async def test_a_posts_tags_change_and_messages_go_to_its_thread(self, server: Server) -> None:
        standin = server.standin
        tags = standin.forum_tags(server.forum)

        async with connected(quick_client(), standin) as client:
            forum = client.get_channel(server.forum)
            created = await forum.create_thread(
                name="Bench", content="Story", applied_tags=[forum.get_tag(tags["approved"])]
            )
            await created.thread.edit(applied_tags=[forum.get_tag(tags["project"])])
            await created.thread.send("Update: the bench is built")
            await created.message.edit(content="Story, edited")

        [post] = standin.threads(server.forum)
        assert post["applied_tags"] == [str(tags["project"])]
        assert [m["content"] for m in post["messages"]] == ["Story, edited", "Update: the bench is built"]

    async def test_new_tags_on_the_forum_get_ids(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin) as client:
            forum = client.get_channel(server.forum)
            await forum.edit(available_tags=[*forum.available_tags, discord.ForumTag(name="finished")])

        assert set(standin.forum_tags(server.forum)) == {"approved", "project", "archived", "finished"}
        assert all(tag_id > 0 for tag_id in standin.forum_tags(server.forum).values())

    async def test_a_forum_takes_no_plain_messages(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.http.send_message(server.forum, params=discord.http.handle_message_parameters(content="x"))

        assert refused.value.code == 50008


class TestPeopleInPlaces:
    async def test_a_press_on_a_forum_posts_button_comes_from_the_thread(self, server: Server) -> None:
        standin = server.standin
        client = quick_client()
        seen: list[discord.Interaction] = []

        async def on_interaction(interaction: discord.Interaction) -> None:
            seen.append(interaction)
            await interaction.response.send_message("Liked", ephemeral=True)

        client.on_interaction = on_interaction  # type: ignore[attr-defined]
        async with connected(client, standin):
            view = discord.ui.View(timeout=None)
            view.add_item(discord.ui.Button(label="Like", custom_id="tok:like"))
            created = await client.get_channel(server.forum).create_thread(name="Bench", content="Story", view=view)
            handle = await (await standin.press(server.anna, created.message.id, "tok:like")).answered()

        assert isinstance(seen[0].channel, discord.Thread) and seen[0].channel.parent_id == server.forum
        assert handle.ephemeral and handle.message["channel_id"] == str(created.thread.id)

    async def test_what_a_person_writes_reaches_the_bot(self, server: Server) -> None:
        standin = server.standin
        intents = discord.Intents.default()
        intents.message_content = True
        client = quick_client(intents=intents)
        heard: list[discord.Message] = []

        async def on_message(message: discord.Message) -> None:
            heard.append(message)

        client.on_message = on_message  # type: ignore[attr-defined]
        async with connected(client, standin):
            await standin.say(server.anna, "hello bot")
            await standin.say(server.anna, "hello board", channel=server.board)
            await standin.wait_for(lambda: len(heard) == 2)

        assert [m.content for m in heard] == ["hello bot", "hello board"]
        assert isinstance(heard[0].channel, discord.DMChannel) and heard[1].author.id == server.anna
        assert isinstance(heard[1].author, discord.Member)

    async def test_an_interaction_answer_may_carry_a_file(self, server: Server) -> None:
        import io

        standin = server.standin
        client = quick_client()

        async def on_interaction(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Report", file=discord.File(io.BytesIO(b"a,b\n"), filename="r.csv"))

        client.on_interaction = on_interaction  # type: ignore[attr-defined]
        async with connected(client, standin):
            standin.global_commands.append({"id": "1", "name": "report", "type": 1, "description": "r"})
            handle = await (await standin.slash(server.anna, "report", channel=server.board)).answered()

        [attachment] = handle.message["attachments"]
        assert attachment["filename"] == "r.csv" and standin.uploads[int(attachment["id"])].content == b"a,b\n"


class TestThreads:
    async def test_a_thread_on_a_message_has_the_messages_id(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin) as client:
            posted = await client.get_channel(server.board).send("Summer party")
            thread = await posted.create_thread(name="Summer party")
            await thread.send("Reminder: tomorrow")

        assert thread.id == posted.id
        [found] = standin.threads(server.board)
        assert [m["content"] for m in found["messages"]] == ["Reminder: tomorrow"]

    async def test_a_thread_without_a_message(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin) as client:
            thread = await client.get_channel(server.board).create_thread(
                name="Talk", type=discord.ChannelType.public_thread
            )
            await thread.edit(archived=True)
            await thread.send("Back again")

        [found] = standin.threads(server.board)
        assert found["thread_metadata"]["archived"] is False  # a message opens an archived thread again

    async def test_a_locked_thread_takes_no_messages(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            thread = await client.get_channel(server.board).create_thread(
                name="Closed", type=discord.ChannelType.public_thread
            )
            await thread.edit(archived=True, locked=True)
            with pytest.raises(discord.HTTPException) as refused:
                await thread.send("x")

        assert refused.value.code == 50083


class TestRoles:
    async def test_a_role_given_and_taken_reaches_the_bot_and_opens_the_category(self, server: Server) -> None:
        standin = server.standin
        client = everything()
        updates: list[tuple[list[int], list[int]]] = []

        async def on_member_update(before: discord.Member, after: discord.Member) -> None:
            updates.append(([r.id for r in before.roles], [r.id for r in after.roles]))

        client.on_member_update = on_member_update  # type: ignore[attr-defined]
        async with connected(client, standin):
            guild = client.get_guild(server.guild)
            anna = guild.get_member(server.anna)
            assert not standin.can_see(server.anna, server.circle)
            await anna.add_roles(discord.Object(server.padriver))
            await standin.wait_for(lambda: updates)

            assert standin.member_roles(server.guild, server.anna) == {server.padriver}
            assert standin.can_see(server.anna, server.circle)

            await anna.remove_roles(discord.Object(server.padriver))
            await standin.wait_for(lambda: len(updates) == 2)

        assert standin.member_roles(server.guild, server.anna) == set()
        assert not standin.can_see(server.anna, server.circle)
        assert server.padriver in updates[0][1] and server.padriver not in updates[1][1]

    async def test_a_role_above_the_bots_own_is_refused(self, server: Server) -> None:
        standin = server.standin
        boss = standin.role(server.guild, "Boss", position=500)

        async with connected(quick_client(), standin) as client:
            with pytest.raises(discord.Forbidden) as refused:
                await client.http.add_role(server.guild, server.anna, boss)

        assert refused.value.code == 50013

    async def test_an_unknown_member_is_refused(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.NotFound) as refused:
                await client.http.add_role(server.guild, 42, server.padriver)

        assert refused.value.code == 10007


class TestScheduledEvents:
    async def test_an_external_event_is_created_and_reaches_the_bot(self, server: Server) -> None:
        standin = server.standin
        client = everything()
        start = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)

        async with connected(client, standin):
            guild = client.get_guild(server.guild)
            event = await guild.create_scheduled_event(
                name="Summer party",
                start_time=start,
                end_time=start + dt.timedelta(hours=2),
                entity_type=discord.EntityType.external,
                privacy_level=discord.PrivacyLevel.guild_only,
                location="The library",
                description="Bring a friend",
            )
            await standin.wait_for(lambda: guild.get_scheduled_event(event.id))
            standin.interested(server.guild, event.id, server.anna)
            await event.edit(status=discord.EventStatus.cancelled)

        [kept] = standin.scheduled_events(server.guild)
        assert kept["name"] == "Summer party" and kept["entity_metadata"] == {"location": "The library"}
        assert kept["status"] == 4 and kept["user_count"] == 1

    async def test_an_event_in_the_past_or_without_location_is_refused(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.http.create_guild_scheduled_event(
                    server.guild,
                    name="Too late",
                    privacy_level=2,
                    entity_type=3,
                    scheduled_start_time=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
                )

        assert refused.value.code == 50035
        assert "scheduled_start_time" in refused.value.text and "entity_metadata.location" in refused.value.text
        assert server.standin.scheduled_events(server.guild) == []


class TestCommands:
    async def test_commands_are_registered_with_their_localizations(self, server: Server) -> None:
        standin = server.standin
        command = discord.app_commands.Command(name="bank", description="The dream bank", callback=_noop)

        async with connected(quick_client(), standin) as client:
            tree = discord.app_commands.CommandTree(client)
            tree.add_command(command)
            synced = await tree.sync()
            await client.http.bulk_upsert_guild_commands(
                client.application_id,
                server.guild,
                [{"name": "dream", "description": "Dreams", "name_localizations": {"no": "drom"}}],
            )

        assert [c.name for c in synced] == ["bank"]
        assert [c["name"] for c in standin.commands] == ["bank", "dream"]
        assert standin.commands[1]["guild_id"] == str(server.guild)

    async def test_a_bad_name_or_locale_is_refused(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.http.bulk_upsert_global_commands(
                    client.application_id,
                    [{"name": "Dream Deposit", "description": "x", "name_localizations": {"nb": "drøm"}}],
                )

        assert refused.value.code == 50035
        assert "0.name" in refused.value.text and "0.name_localizations.nb" in refused.value.text
        assert server.standin.commands == []


async def _noop(interaction: discord.Interaction) -> None:
    await asyncio.sleep(0)
