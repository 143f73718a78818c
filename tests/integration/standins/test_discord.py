"""The Discord stand-in answers the real discord.py as Discord would: login, gateway, interactions, messages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import discord
import pytest

from tests.standins.discord import DiscordStandIn, connected, quick_client


@dataclass
class Server:
    standin: DiscordStandIn
    guild: int
    board: int
    anna: int


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    async with DiscordStandIn() as running:
        yield running


@pytest.fixture
def server(standin: DiscordStandIn) -> Server:
    guild = standin.guild("Fjordby")
    board = standin.text_channel(guild, "board")
    anna = standin.user("anna", locale="no")
    standin.join(guild, anna)
    return Server(standin, guild, board, anna)


DREAM = {
    "name": "dream",
    "description": "Dreams",
    "options": [
        {
            "type": 1,
            "name": "deposit",
            "description": "Deposit a dream",
            "options": [{"type": 3, "name": "title", "description": "Its title", "required": False}],
        },
        {"type": 1, "name": "mine", "description": "My dreams"},
    ],
}


class Bot(discord.Client):
    """A client whose interaction handler a test sets."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.02, chunk_guilds_at_startup=False)
        self.handler = None
        self.seen: list[discord.Interaction] = []

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self.seen.append(interaction)
        if self.handler is not None:
            await self.handler(interaction)


async def register(client: discord.Client, *commands: dict) -> None:
    assert client.application_id is not None
    await client.http.bulk_upsert_global_commands(client.application_id, list(commands))


class TestLogin:
    async def test_login_reads_the_bot_and_its_application(self, standin: DiscordStandIn) -> None:
        client = quick_client()

        with standin.pointing():
            await client.login(standin.token)
            await client.close()

        assert client.user is not None and client.user.id == standin.bot_user_id
        assert client.application_id == standin.application_id
        assert [call.route for call in standin.calls] == ["/users/@me", "/oauth2/applications/@me"]
        assert standin.calls[0].headers["Authorization"] == f"Bot {standin.token}"

    async def test_a_wrong_token_is_refused_as_login_failure(self, standin: DiscordStandIn) -> None:
        client = quick_client()

        with standin.pointing(), pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
        await client.close()

        assert standin.calls[0].status == 401
        assert standin.calls[0].response == {"message": "401: Unauthorized", "code": 0}
        assert standin.invalid_requests == 1

    async def test_the_bare_http_client_logs_in_and_sends_a_dm(self, server: Server) -> None:
        standin = server.standin
        http = discord.http.HTTPClient(asyncio.get_running_loop())

        with standin.pointing():
            try:
                me = await http.static_login(standin.token)
                channel = await http.start_private_message(server.anna)
                sent = await http.send_message(
                    channel["id"], params=discord.http.handle_message_parameters(content="Your dream was approved")
                )
            finally:
                await http.close()

        assert me["id"] == str(standin.bot_user_id) and me["bot"] is True
        assert channel["type"] == 1 and channel["recipients"][0]["id"] == str(server.anna)
        assert standin.dms(server.anna) == [standin.message(int(sent["id"]))]

    async def test_pointing_restores_discord_py_afterwards(self, standin: DiscordStandIn) -> None:
        before = discord.http.Route.BASE

        with standin.pointing():
            assert discord.http.Route.BASE == standin.api_url

        assert discord.http.Route.BASE == before


class TestGateway:
    async def test_ready_fills_the_cache_with_guild_channels_forum_and_roles(self, server: Server) -> None:
        standin = server.standin
        forum = standin.forum_channel(server.guild, "dream-bank", tags=["approved", "project"])
        category = standin.category(server.guild, "padrivere")
        role = standin.role(server.guild, "Pådriver")

        async with connected(quick_client(intents=discord.Intents.all()), standin) as client:
            guild = client.get_guild(server.guild)

            assert guild is not None and guild.name == "Fjordby"
            assert isinstance(guild.get_channel(server.board), discord.TextChannel)
            found_forum = guild.get_channel(forum)
            assert isinstance(found_forum, discord.ForumChannel)
            assert [tag.name for tag in found_forum.available_tags] == ["approved", "project"]
            assert isinstance(guild.get_channel(category), discord.CategoryChannel)
            assert guild.get_role(role) is not None and guild.get_role(role).name == "Pådriver"
            assert guild.get_member(server.anna) is not None
            assert guild.me is not None and guild.me.guild_permissions.administrator
            assert standin.identifies == 1

    async def test_without_the_member_intents_only_the_bot_is_listed(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            guild = client.get_guild(server.guild)

            assert guild.get_member(server.anna) is None
            assert guild.me is not None and guild.member_count == 3

    async def test_member_chunks_are_answered_so_chunking_clients_start_fast(self, server: Server) -> None:
        intents = discord.Intents.default()
        intents.members = True
        client = quick_client(intents=intents, chunk_guilds_at_startup=True)

        async with connected(client, server.standin, timeout=2.0):
            guild = client.get_guild(server.guild)

            assert guild.chunked and guild.get_member(server.anna) is not None

    async def test_people_speak_discords_locales(self, standin: DiscordStandIn) -> None:
        assert standin.locales[standin.user("per", locale="nb")] == "no"
        with pytest.raises(ValueError):
            standin.user("x", locale="xx")

    async def test_it_starts_well_under_a_second(self, server: Server) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()

        async with connected(quick_client(), server.standin):
            took = loop.time() - started

        assert took < 0.5

    async def test_heartbeats_are_acknowledged(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            await server.standin.wait_for(lambda: server.standin.heartbeats >= 1)
            await asyncio.sleep(0.01)

            assert client.latency < 1.0  # set only by a HEARTBEAT_ACK
            assert server.standin.heartbeats >= 1

    async def test_a_dropped_connection_resumes_and_gets_what_it_missed(self, server: Server) -> None:
        standin = server.standin
        client = Bot()
        resumed = asyncio.Event()
        client.event_resumed = resumed  # type: ignore[attr-defined]

        async def on_resumed() -> None:
            resumed.set()

        client.on_resumed = on_resumed  # type: ignore[method-assign]
        async with connected(client, standin):
            await standin.disconnect_gateway(4000)
            added = standin.text_channel(server.guild, "while-away")
            await asyncio.wait_for(resumed.wait(), 5)

            assert standin.resumes == 1 and standin.identifies == 1
            assert client.get_channel(added) is not None

    async def test_op_9_resumable_makes_the_bot_resume(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin):
            await standin.invalidate_session(resumable=True)
            await standin.wait_for(lambda: standin.resumes == 1)

        assert standin.identifies == 1

    async def test_op_7_reconnect_makes_the_bot_resume(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin):
            await standin.request_reconnect()
            await standin.wait_for(lambda: standin.resumes == 1)

        assert standin.identifies == 1

    async def test_a_resume_of_an_unknown_session_is_invalidated(self, server: Server) -> None:
        standin = server.standin

        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(standin.gateway_url + "?v=10&encoding=json") as ws,
        ):
            hello = await ws.receive_json(timeout=2)
            await ws.send_json({"op": 6, "d": {"token": standin.token, "session_id": "gone", "seq": 3}})
            invalid = await ws.receive_json(timeout=2)
            await ws.send_json({"op": 1, "d": None})
            ack = await ws.receive_json(timeout=2)

        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        assert invalid == {"op": 9, "d": False, "s": None, "t": None}
        assert ack["op"] == 11

    async def test_a_wrong_token_is_closed_with_4004(self, server: Server) -> None:
        standin = server.standin

        async with aiohttp.ClientSession() as session, session.ws_connect(standin.gateway_url) as ws:
            await ws.receive_json(timeout=2)
            await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 513, "properties": {}}})
            closed = await ws.receive(timeout=2)

        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4004


class TestInteractions:
    async def test_a_slash_command_reaches_the_bot_and_an_ephemeral_answer_is_kept(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Only you see this", ephemeral=True)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            handle = await standin.slash(server.anna, "dream deposit", {"title": "A bench"}, channel=server.board)
            await handle.answered()

        [seen] = client.seen
        assert seen.type is discord.InteractionType.application_command
        assert seen.user.id == server.anna and seen.channel_id == server.board
        assert seen.data["options"][0]["name"] == "deposit"
        assert seen.data["options"][0]["options"] == [{"name": "title", "type": 3, "value": "A bench"}]
        assert str(seen.locale) == "no"
        assert handle.ephemeral and handle.message["content"] == "Only you see this"
        assert standin.messages(server.board) == []  # an ephemeral answer is not in the channel
        [callback] = standin.calls_to("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
        assert callback.query.get("with_response") in ("1", "true")

    async def test_a_slash_command_in_a_dm_comes_with_the_user(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"hello {interaction.user.name}")

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            handle = await standin.slash(server.anna, "dream mine")
            await handle.answered()

        [seen] = client.seen
        assert seen.guild_id is None and isinstance(seen.user, discord.User)
        assert isinstance(seen.channel, discord.DMChannel)
        assert [m["content"] for m in standin.dms(server.anna)] == ["hello anna"]

    async def test_a_role_gated_channel_is_closed_to_others_and_permissions_come_along(self, server: Server) -> None:
        standin = server.standin
        padriver = standin.role(server.guild, "Pådriver")
        circle = standin.category(server.guild, "padrivere", role=padriver)
        inside = standin.text_channel(server.guild, "circle-talk", parent=circle)
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("hi", ephemeral=True)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            with pytest.raises(LookupError):
                await standin.slash(server.anna, "dream mine", channel=inside)
            standin.join(server.guild, server.anna, roles=[padriver])
            await (await standin.slash(server.anna, "dream mine", channel=inside)).answered()

        [seen] = client.seen
        assert seen.permissions.view_channel and not seen.permissions.administrator
        assert seen.app_permissions.administrator

    async def test_an_unregistered_command_cannot_be_run(self, server: Server) -> None:
        async with connected(quick_client(), server.standin):
            with pytest.raises(LookupError):
                await server.standin.slash(server.anna, "dream deposit")

    async def test_a_modal_is_shown_and_its_answers_come_back(self, server: Server) -> None:
        standin = server.standin
        client = Bot()
        submitted: list[dict] = []

        class Deposit(discord.ui.Modal, title="Deposit a dream"):
            title_input = discord.ui.TextInput(label="Title", custom_id="title", max_length=80)
            story = discord.ui.Label(
                text="Story", component=discord.ui.TextInput(custom_id="story", style=discord.TextStyle.paragraph)
            )

            async def on_submit(self, interaction: discord.Interaction) -> None:
                submitted.append({"title": self.title_input.value, "story": self.story.component.value})
                await interaction.response.send_message("Thanks", ephemeral=True)

        async def answer(interaction: discord.Interaction) -> None:
            if interaction.type is discord.InteractionType.application_command:
                await interaction.response.send_modal(Deposit(custom_id="dreambank:form:deposit:1"))

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            shown = await standin.slash(server.anna, "dream deposit", channel=server.board)
            await shown.answered()
            sent = await standin.submit(server.anna, shown.modal, {"title": "A bench", "story": "By the\nfjord"})
            await sent.answered()

        assert shown.modal["title"] == "Deposit a dream"
        assert shown.modal["custom_id"] == "dreambank:form:deposit:1"
        assert submitted == [{"title": "A bench", "story": "By the\nfjord"}]
        assert sent.message["content"] == "Thanks"

    async def test_a_select_inside_a_modal_label_comes_back_with_its_values(self, server: Server) -> None:
        standin = server.standin
        client = Bot()
        chosen: list[list[str]] = []

        class Criteria(discord.ui.Modal, title="Criteria"):
            local = discord.ui.Label(
                text="Is it local?",
                component=discord.ui.Select(
                    custom_id="local", options=[discord.SelectOption(label=x, value=x) for x in ("yes", "no")]
                ),
            )

            async def on_submit(self, interaction: discord.Interaction) -> None:
                chosen.append(self.local.component.values)
                await interaction.response.defer()

        async def answer(interaction: discord.Interaction) -> None:
            if interaction.type is discord.InteractionType.application_command:
                await interaction.response.send_modal(Criteria(custom_id="dreambank:criteria"))

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            shown = await (await standin.slash(server.anna, "dream mine", channel=server.board)).answered()
            with pytest.raises(ValueError):
                await standin.submit(server.anna, shown, {"local": ["maybe"]})
            sent = await standin.submit(server.anna, shown, {"local": ["no"]})
            await sent.answered()

        assert chosen == [["no"]]

    async def test_a_required_input_left_empty_cannot_be_sent(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            modal = discord.ui.Modal(title="Why", custom_id="dreambank:reason")
            modal.add_item(discord.ui.TextInput(label="Reason", custom_id="reason"))
            await interaction.response.send_modal(modal)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            shown = await (await standin.slash(server.anna, "dream mine", channel=server.board)).answered()

            with pytest.raises(ValueError):
                await standin.submit(server.anna, shown, {"reason": ""})

    async def test_a_button_press_and_an_edit_of_its_message(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.edit_message(content="Approved by anna", view=None)

        client.handler = answer
        async with connected(client, standin):
            view = discord.ui.View(timeout=None)
            view.add_item(discord.ui.Button(label="Approve", custom_id="tok:approve"))
            posted = await client.get_channel(server.board).send("A dream", view=view)
            handle = await standin.press(server.anna, posted.id, "tok:approve")
            await handle.answered()
            await standin.wait_for(lambda: client.seen)

        [seen] = client.seen
        assert seen.data == {"custom_id": "tok:approve", "component_type": 2}
        assert seen.message is not None and seen.message.id == posted.id
        [message] = standin.messages(server.board)
        assert message["content"] == "Approved by anna" and message["components"] == []
        assert handle.message["id"] == str(posted.id)

    async def test_a_button_that_is_not_on_the_message_cannot_be_pressed_unless_forged(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("no", ephemeral=True)

        client.handler = answer
        async with connected(client, standin):
            posted = await client.get_channel(server.board).send("A dream")
            with pytest.raises(LookupError):
                await standin.press(server.anna, posted.id, "made-up")
            handle = await standin.press(server.anna, posted.id, "made-up", forged=True)
            await handle.answered()

        assert client.seen[0].data["custom_id"] == "made-up"

    async def test_a_select_choice_reaches_the_bot(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.defer()

        client.handler = answer
        async with connected(client, standin):
            view = discord.ui.View(timeout=None)
            view.add_item(
                discord.ui.Select(
                    custom_id="tok:pick", options=[discord.SelectOption(label=x, value=x) for x in ("yes", "no")]
                )
            )
            posted = await client.get_channel(server.board).send("Pick", view=view)
            handle = await standin.choose(server.anna, posted.id, "tok:pick", ["no"])
            await handle.answered()
            with pytest.raises(ValueError):
                await standin.choose(server.anna, posted.id, "tok:pick", ["maybe"])

        assert client.seen[0].data["values"] == ["no"]
        assert handle.response_type == 6

    async def test_a_followup_after_deferring_fills_in_the_thinking_message(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("Here it is")
            await interaction.followup.send("And one more", ephemeral=True)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            handle = await (await standin.slash(server.anna, "dream mine", channel=server.board)).settled()

        assert handle.response_type == 5
        assert handle.message["content"] == "Here it is"
        assert [m["content"] for m in handle.followups] == ["And one more"]
        assert handle.followups[0]["flags"] & 64
        assert [m["content"] for m in standin.messages(server.board)] == ["Here it is"]

    async def test_the_original_response_can_be_edited_with_the_token(self, server: Server) -> None:
        standin = server.standin
        client = Bot()

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Working…")
            await interaction.edit_original_response(content="Done")

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            handle = await (await standin.slash(server.anna, "dream mine", channel=server.board)).settled()

        assert handle.message["content"] == "Done" and handle.message["edited_timestamp"]
        assert [m["content"] for m in standin.messages(server.board)] == ["Done"]

    async def test_a_response_after_three_seconds_is_refused_as_unknown_interaction(self, server: Server) -> None:
        standin = server.standin
        standin.interaction_response_seconds = 0.05
        client = Bot()
        errors: list[discord.HTTPException] = []

        async def answer(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.1)
            try:
                await interaction.response.send_message("too late")
            except discord.NotFound as error:
                errors.append(error)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            handle = await standin.slash(server.anna, "dream mine", channel=server.board)
            await standin.wait_for(lambda: errors)

        assert errors[0].code == 10062 and errors[0].text == "Unknown interaction"
        assert handle.response is None and not handle.answered_now()

    async def test_a_second_response_is_refused_as_already_acknowledged(self, server: Server) -> None:
        standin = server.standin
        client = Bot()
        errors: list[discord.HTTPException] = []

        async def answer(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("one")
            adapter = discord.webhook.async_.async_context.get()
            params = discord.http.handle_message_parameters(content="two")
            try:
                await adapter.create_interaction_response(
                    interaction.id, interaction.token, session=interaction._session, params=params
                )
            except discord.HTTPException as error:
                errors.append(error)

        client.handler = answer
        async with connected(client, standin):
            await register(client, DREAM)
            await standin.slash(server.anna, "dream mine", channel=server.board)
            await standin.wait_for(lambda: errors)

        assert errors[0].status == 400 and errors[0].code == 40060
        assert [m["content"] for m in standin.messages(server.board)] == ["one"]


class TestMessages:
    async def test_a_dm_opens_the_dm_channel_once_and_is_kept(self, server: Server) -> None:
        standin = server.standin

        async with connected(quick_client(), standin) as client:
            anna = await client.fetch_user(server.anna)
            await anna.send("First")
            await anna.send("Second")

        assert [m["content"] for m in standin.dms(server.anna)] == ["First", "Second"]
        assert len(standin.calls_to("POST", "/users/@me/channels")) == 1

    async def test_a_dm_to_a_person_who_closed_dms_is_refused_with_50007(self, server: Server) -> None:
        standin = server.standin
        standin.close_dms(server.anna)

        async with connected(quick_client(), standin) as client:
            anna = await client.fetch_user(server.anna)
            with pytest.raises(discord.Forbidden) as refused:
                await anna.send("Hello")

        assert refused.value.code == 50007 and refused.value.text == "Cannot send messages to this user"
        assert standin.dms(server.anna) == []

    async def test_edits_and_deletes_reach_the_bot_as_dispatches(self, server: Server) -> None:
        standin = server.standin
        client = Bot()
        edits: list[discord.RawMessageUpdateEvent] = []
        deletes: list[discord.RawMessageDeleteEvent] = []

        async def on_raw_message_edit(event: discord.RawMessageUpdateEvent) -> None:
            edits.append(event)

        async def on_raw_message_delete(event: discord.RawMessageDeleteEvent) -> None:
            deletes.append(event)

        client.on_raw_message_edit = on_raw_message_edit  # type: ignore[attr-defined]
        client.on_raw_message_delete = on_raw_message_delete  # type: ignore[attr-defined]

        async with connected(client, standin):
            first = await client.get_channel(server.board).send("one")
            second = await client.get_channel(server.board).send("two")
            await first.edit(content="one, edited")
            await second.delete()
            await standin.wait_for(lambda: edits and deletes)

        assert [m["content"] for m in standin.messages(server.board)] == ["one, edited"]
        assert edits[0].message_id == first.id and deletes[0].message_id == second.id

    async def test_over_long_content_is_refused_with_invalid_form_body(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.get_channel(server.board).send("x" * 2001)
            await client.get_channel(server.board).send("å" * 2000)  # code points, not bytes

        assert refused.value.status == 400 and refused.value.code == 50035
        assert "content: Must be 2000 or fewer in length." in refused.value.text

    async def test_an_embed_with_26_fields_is_refused(self, server: Server) -> None:
        embed = discord.Embed(title="Dream")
        for index in range(26):
            embed.add_field(name=f"n{index}", value="v")

        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.get_channel(server.board).send(embed=embed)

        assert refused.value.code == 50035
        assert "embeds.0.fields: Must be 25 or fewer in length." in refused.value.text

    async def test_an_empty_message_is_refused(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.HTTPException) as refused:
                await client.http.send_message(server.board, params=discord.http.handle_message_parameters())

        assert refused.value.code == 50006 and refused.value.text == "Cannot send an empty message"

    async def test_a_file_is_uploaded_as_multipart(self, server: Server) -> None:
        import io

        async with connected(quick_client(), server.standin) as client:
            sent = await client.get_channel(server.board).send(
                "The plan", file=discord.File(io.BytesIO(b"%PDF-1.4 plan"), filename="plan.pdf")
            )

        [message] = server.standin.messages(server.board)
        [attachment] = message["attachments"]
        assert attachment["filename"] == "plan.pdf" and attachment["size"] == len(b"%PDF-1.4 plan")
        assert server.standin.uploads[int(attachment["id"])].content == b"%PDF-1.4 plan"
        assert sent.attachments[0].filename == "plan.pdf"
        [call] = server.standin.calls_to("POST", "/channels/{channel_id}/messages")
        assert call.files[0].filename == "plan.pdf" and call.json["content"] == "The plan"

    async def test_an_unknown_channel_is_refused_with_10003(self, server: Server) -> None:
        async with connected(quick_client(), server.standin) as client:
            with pytest.raises(discord.NotFound) as refused:
                await client.http.send_message(12345, params=discord.http.handle_message_parameters(content="hi"))

        assert refused.value.code == 10003
