"""Linking a server's channels on Discord with /link: the board's text channel, the bank's forum, the
pådrivere's category with the role that opens it; only by a branch admin."""

from __future__ import annotations

import pytest

from tests.e2e.discord_harness import answer_text, discord_server


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path) as server:
        yield server


class TestLinkingChannels:
    async def test_a_branch_admin_who_administers_the_server_links_a_channel_as_the_board(self, dc):
        answered = await dc.slash("gustav", "link", {"purpose": "board"}, channel=dc.lounge)

        assert "is now the board of Fjordby" in answer_text(answered)
        assert answered.ephemeral
        async with dc.app.uow() as uow:
            linked = await uow.branches.linked_chat("discord", str(dc.lounge))
        assert linked is not None and linked.purpose.value == "board"

    async def test_someone_else_is_refused_and_nothing_is_linked(self, dc):
        answered = await dc.slash("frida", "link", {"purpose": "board"}, channel=dc.lounge)

        assert "Only a branch admin can link a chat" in answer_text(answered)
        assert answered.ephemeral
        async with dc.app.uow() as uow:
            assert await uow.branches.linked_chat("discord", str(dc.lounge)) is None

    async def test_the_bank_is_linked_from_a_post_of_its_forum_and_not_from_a_text_channel(self, dc):
        forum = dc.standin.forum_channel(dc.guild, "ideas")
        made = await (await dc.adapter.client.fetch_channel(forum)).create_thread(name="Welcome", content="Hello")

        refused = await dc.slash("gustav", "link", {"purpose": "bank"}, channel=dc.lounge)
        linked = await dc.slash("gustav", "link", {"purpose": "bank"}, channel=made.thread.id)

        assert refused.ephemeral and "inside a post of the forum channel" in answer_text(refused)
        assert "now shows the bank of Fjordby" in answer_text(linked)
        async with dc.app.uow() as uow:
            bank = await uow.branches.linked_chat("discord", str(forum))
        assert bank is not None and bank.purpose.value == "bank" and bank.title == "ideas"

    async def test_the_circle_is_the_category_of_the_channel_with_the_role_that_opens_it(self, dc):
        role = dc.standin.role(dc.guild, "Pådriver")
        category = dc.standin.category(dc.guild, "pådrivere", role=role)
        talk = dc.standin.text_channel(dc.guild, "circle-talk", parent=category)

        outside = await dc.slash("gustav", "link", {"purpose": "circle"}, channel=dc.lounge)
        linked = await dc.slash("gustav", "link", {"purpose": "circle"}, channel=talk)

        assert outside.ephemeral and "in a channel of the category" in answer_text(outside)
        assert linked.ephemeral and "This is now the pådrivere's place of Fjordby" in answer_text(linked)
        async with dc.app.uow() as uow:
            circle = await uow.branches.linked_chat("discord", str(category))
        assert circle is not None and circle.purpose.value == "circle" and circle.role_id == str(role)

    async def test_a_category_that_no_one_role_opens_is_not_linked_without_the_role(self, dc):
        category = dc.standin.category(dc.guild, "open to all")
        talk = dc.standin.text_channel(dc.guild, "chat", parent=category)

        refused = await dc.slash("gustav", "link", {"purpose": "circle"}, channel=talk)

        assert refused.ephemeral and "Name the role that opens the pådrivere's category" in answer_text(refused)
        async with dc.app.uow() as uow:
            assert await uow.branches.linked_chat("discord", str(category)) is None
