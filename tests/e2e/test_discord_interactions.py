"""How the bot answers interactions on Discord: late answers after a deferral, an interaction delivered twice,
a failure inside, and a gateway that drops or refuses the token."""

from __future__ import annotations

import asyncio
import copy

import pytest

from tests.e2e.discord_harness import (DEFERRED_MESSAGE, DEFERRED_UPDATE, MODAL, answer_text, button,
                                       discord_server, inputs, text_of)


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path) as server:
        yield server


class TestSlowAnswers:
    """When core takes longer than Discord allows for a first response, the interaction is deferred and the
    answer follows (here every answer is taken as slow)."""

    @pytest.fixture
    def slow(self, dc):
        from bots.discord.interactions import InteractionHandler

        dc.adapter.client.handler = InteractionHandler(dc.app.conversation, dc.app.codec, answer_within=0.0)
        return dc

    async def test_a_command_shows_it_is_thinking_and_then_the_answer(self, slow):
        answered = await slow.slash("anna", "help", channel=slow.lounge)

        assert answered.response_type == DEFERRED_MESSAGE and answered.ephemeral
        assert "/deposit — deposit a dream" in text_of(answered.message)

    async def test_a_form_that_cannot_open_after_a_deferral_comes_as_a_button_that_opens_it(self, slow):
        answered = await slow.slash("anna", "dream deposit")
        prompt = answered.followups[-1]
        handle = await slow.standin.press(slow.id("anna"), int(prompt["id"]), button(prompt, "Fill in the form")
                                          ["custom_id"])
        opened = await handle.settled()

        assert answered.response_type == DEFERRED_MESSAGE
        assert opened.response_type == MODAL
        assert inputs(opened.modal) == ["title", "story", "needs", "needs_detail"]

    async def test_a_press_is_acknowledged_quietly_and_its_answer_follows(self, slow):
        asked = await slow.slash("cecilie", "language")
        pressed = await slow.press("cecilie", asked.message, "English")

        assert pressed.response_type == DEFERRED_UPDATE
        assert "From now on I will write to you in English." in answer_text(pressed)


class TestDuplicates:
    async def test_an_interaction_delivered_twice_is_answered_once(self, dc):
        first = await dc.slash("anna", "dream deposit")
        calls = len(dc.standin.calls)

        await dc.standin._deliver("INTERACTION_CREATE", copy.deepcopy(first.payload))
        await dc.slash("frida", "help")  # handled after the copy arrived, on the same connection

        made = [c for c in dc.standin.calls[calls:] if first.token in c.path]
        assert first.response_type == MODAL and made == []
        async with dc.app.uow() as uow:
            member = await uow.members.by_identity(dc.identity("anna"))
            assert (await uow.dialogs.current(member.id)).form == "deposit"


class TestFailures:
    async def test_a_failure_inside_is_answered_with_a_kind_word_to_the_person_alone(self, dc):
        from bots.discord.interactions import InteractionHandler

        class Failing(type(dc.app.conversation)):
            async def handle(self, incoming):
                raise RuntimeError("the database is on fire")

        broken = Failing(dc.app.uow, dc.app.clock, dc.app.codec)
        dc.adapter.client.handler = InteractionHandler(broken, dc.app.codec)

        answered = await dc.slash("anna", "help", channel=dc.lounge)

        assert answered.ephemeral
        assert "Something went wrong on my side. Please try again in a moment." in answer_text(answered)


class TestConnection:
    async def test_after_the_gateway_drops_the_bot_resumes_and_answers_again(self, dc):
        resumes = dc.standin.resumes

        await dc.standin.disconnect_gateway(code=4000)
        await dc.standin.wait_for(lambda: dc.standin.connected and dc.standin.resumes > resumes, timeout=10)
        answered = await dc.slash("anna", "help")

        assert "/deposit — deposit a dream" in answer_text(answered)
        assert dc.standin.identifies == 1


    async def test_a_gateway_that_refuses_the_token_ends_the_bot_saying_so(self, dc):
        from bots.discord.app import TokenRefused

        running = dc._running
        await dc.standin.disconnect_gateway(code=4004)

        with pytest.raises(TokenRefused):
            await asyncio.wait_for(running, 10)
        dc._running = None
