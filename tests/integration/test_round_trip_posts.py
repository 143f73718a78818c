"""The message kept up to date in a chat is remembered per platform, chat and topic; remembering again replaces it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.in_memory_too


class TestPosts:
    async def test_a_post_is_found_by_platform_chat_and_topic_and_remembering_again_replaces_it(self, uow_factory):
        async with uow_factory() as uow:
            await uow.posts.remember("telegram", "-1001", "bank", "41")
            await uow.posts.remember("telegram", "-1001", "factory", "42")
            await uow.posts.remember("telegram", "-1002", "bank", "43")
            await uow.commit()
        async with uow_factory() as uow:
            await uow.posts.remember("telegram", "-1001", "bank", "44")
            await uow.commit()

        async with uow_factory() as uow:
            found = [await uow.posts.find("telegram", chat, topic)
                     for chat, topic in (("-1001", "bank"), ("-1001", "factory"), ("-1002", "bank"))]
            unknown = await uow.posts.find("console", "-1001", "bank")

        assert found == ["44", "42", "43"] and unknown is None

    async def test_a_message_of_a_chat_names_the_topic_it_shows(self, uow_factory):
        async with uow_factory() as uow:
            await uow.posts.remember("telegram", "-1001", "dream:3", "41")
            await uow.posts.remember("telegram", "-1002", "dream:4", "41")
            await uow.posts.remember("discord", "-1001", "dream:5", "41")
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.posts.topic_of("telegram", "-1001", "41") == "dream:3"
            assert await uow.posts.topic_of("telegram", "-1002", "41") == "dream:4"
            assert await uow.posts.topic_of("telegram", "-1001", "42") is None
