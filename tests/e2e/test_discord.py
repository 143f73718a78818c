"""The real discord.py client against the Discord stand-in, over a websocket and HTTP on 127.0.0.1: slash
commands, modals page by page, presses and their refusals, linking a channel."""

from __future__ import annotations

import asyncio
import copy

import pytest

from tests.e2e.discord_harness import Server, answer_text, button, discord_server, inputs, labels, text_of

MODAL, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 9, 4, 5, 6, 7
PAGE_ONE = {"title": "A reading bench", "story": "Books for everyone, by the fjord.", "needs": ["materials", "time"]}
ALL_YES = {"non_profit": "yes", "social_value": "yes", "realisable": "yes"}


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path) as server:
        yield server


async def first_page(dc: Server, name: str = "anna", answers: dict | None = None):
    """`name` starts a deposit and sends its first page; the bot's answer to that page."""
    opened = await dc.slash(name, "dream deposit")
    assert opened.response_type == MODAL, answer_text(opened)
    return await dc.submit(name, opened, answers or PAGE_ONE)


async def continue_to(dc: Server, name: str, answered, label: str = "Continue"):
    """`name` presses the answer's button that opens the form's next page; the modal it opens."""
    pressed = await dc.press(name, answered.message, label)
    assert pressed.response_type == MODAL, answer_text(pressed)
    return pressed


async def deposit(dc: Server, name: str = "anna", title: str = "A reading bench") -> str:
    page_one = await first_page(dc, name, {**PAGE_ONE, "title": title})
    second = await continue_to(dc, name, page_one)
    return answer_text(await dc.submit(name, second, ALL_YES))


class TestDepositByModal:
    async def test_the_deposit_opens_its_first_page_as_a_modal(self, dc):
        opened = await dc.slash("anna", "dream deposit")

        assert opened.response_type == MODAL
        assert inputs(opened.modal) == ["title", "story", "needs", "needs_detail"]
        assert opened.modal["title"].startswith("Your dream")

    async def test_the_second_page_follows_by_continue_and_the_dream_is_deposited(self, dc):
        answered = await first_page(dc)
        second = await continue_to(dc, "anna", answered)
        done = await dc.submit("anna", second, ALL_YES)

        assert "Page 2 of 2" in answer_text(answered)
        assert inputs(second.modal) == ["non_profit", "social_value", "realisable"]
        assert "“A reading bench” is deposited" in answer_text(done)
        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.owned_by((await uow.members.by_identity(identity(dc, "anna"))).id)
        assert dream.title == "A reading bench" and dream.story == PAGE_ONE["story"]

    async def test_a_no_to_a_criterion_gets_the_kind_explanation_and_nothing_is_deposited(self, dc):
        answered = await first_page(dc)
        second = await continue_to(dc, "anna", answered)

        refused = await dc.submit("anna", second, {**ALL_YES, "non_profit": "no"})

        shown = answer_text(refused)
        assert "Nothing was saved yet" in shown
        assert "nobody profits from" in shown
        assert "Correct the answers" in labels(refused.message)
        assert await dreams_of(dc, "anna") == []
        again = await continue_to(dc, "anna", refused, "Correct the answers")
        done = await dc.submit("anna", again, ALL_YES)
        assert "is deposited" in answer_text(done)

    async def test_a_restart_in_the_middle_of_the_form_loses_nothing(self, dc):
        answered = await first_page(dc)

        await dc.restart_bot()
        second = await continue_to(dc, "anna", answered)
        done = await dc.submit("anna", second, ALL_YES)

        assert "“A reading bench” is deposited" in answer_text(done)

    async def test_an_answer_longer_than_the_form_allows_is_refused_kindly_by_core(self, dc):
        opened = await dc.slash("anna", "dream deposit")
        title = next(c for c in components_of(opened.modal) if c.get("custom_id") == "title")
        title["max_length"] = 4000  # a changed client sends what Discord's own would not

        refused = await dc.submit("anna", opened, {**PAGE_ONE, "title": "B" * 300})

        assert "Nothing was saved yet" in answer_text(refused)
        assert await dreams_of(dc, "anna") == []

    async def test_a_continue_button_of_a_form_that_was_cancelled_says_so(self, dc):
        answered = await first_page(dc)
        await dc.slash("anna", "cancel")

        pressed = await dc.press("anna", answered.message, "Continue")

        assert pressed.response_type != MODAL
        assert "belongs to a conversation that has ended" in answer_text(pressed)


class TestCommands:
    async def test_a_command_is_answered_in_the_persons_language(self, dc):
        english = await dc.slash("anna", "help")
        norwegian = await dc.slash("cecilie", "help")

        assert answer_text(english).startswith("**What you can do:**")
        assert "/deposit — deposit a dream" in answer_text(english)
        assert "What you can do" not in answer_text(norwegian) and "/deposit" in answer_text(norwegian)

    async def test_a_command_discord_still_has_but_the_bot_does_not_know_gets_cores_answer(self, dc):
        dc.standin.global_commands.append({"id": "4242", "application_id": str(dc.standin.application_id),
                                           "name": "teleport", "description": "gone", "type": 1, "version": "1"})

        answered = await dc.slash("anna", "teleport")

        assert "I don't know the command /teleport" in answer_text(answered)

    async def test_a_private_command_in_a_server_channel_is_answered_to_the_person_alone(self, dc):
        answered = await dc.slash("anna", "help", channel=dc.lounge)

        assert answered.ephemeral
        assert dc.standin.messages(dc.lounge) == [] or all(m["flags"] & 64 for m in dc.standin.messages(dc.lounge))

    async def test_an_interaction_delivered_twice_is_answered_once(self, dc):
        first = await dc.slash("anna", "dream deposit")
        calls = len(dc.standin.calls)

        await dc.standin._deliver("INTERACTION_CREATE", copy.deepcopy(first.payload))
        await dc.slash("frida", "help")  # handled after the copy arrived, on the same connection

        made = [c for c in dc.standin.calls[calls:] if first.token in c.path]
        assert first.response_type == MODAL and made == []
        async with dc.app.uow() as uow:
            member = await uow.members.by_identity(identity(dc, "anna"))
            assert (await uow.dialogs.current(member.id)).form == "deposit"


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


class TestDirectMessages:
    async def test_what_is_written_to_the_bot_in_its_dms_is_answered_there(self, dc):
        await dc.standin.say(dc.id("anna"), "hello there")
        await dc.standin.wait_for(lambda: dc.dms("anna"), timeout=5.0)

        assert "I'm not sure what you mean. /help shows what you can do" in text_of(dc.dms("anna")[-1])

    async def test_messages_in_a_server_channel_are_not_read(self, dc):
        await dc.standin.say(dc.id("anna"), "/help", channel=dc.lounge)
        await dc.slash("anna", "help")  # handled after the message arrived, if it did

        assert [m for m in dc.standin.messages(dc.lounge) if m["author"]["id"] != str(dc.id("anna"))] == []


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


def components_of(modal: dict) -> list[dict]:
    from tests.e2e.discord_harness import components

    return components(modal)


def identity(dc: Server, name: str):
    from core.model.members import Identity

    return Identity("discord", str(dc.id(name)))


async def dreams_of(dc: Server, name: str) -> list:
    async with dc.app.uow() as uow:
        member = await uow.members.by_identity(identity(dc, name))
        return list(await uow.dreams.owned_by(member.id))


__all__ = ["button", "text_of"]


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
