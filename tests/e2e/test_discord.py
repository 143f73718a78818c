"""The real discord.py client against the Discord stand-in, over a websocket and HTTP on 127.0.0.1: a deposit by
modal page by page, slash commands, and what is written to the bot in its DMs."""

from __future__ import annotations

import pytest

from tests.conftest import empty_postgres
from tests.e2e.discord_harness import (ALL_YES, MODAL, PAGE_ONE, UPDATE_MESSAGE, answer_text, components,
                                       continue_to, discord_server, first_page, inputs, labels, text_of)


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path) as server:
        yield server


class TestDepositByModal:
    async def test_the_deposit_opens_its_first_page_as_a_modal(self, dc):
        opened = await dc.slash("anna", "dream deposit")

        assert opened.response_type == MODAL
        assert inputs(opened.modal) == ["title", "story", "needs", "needs_detail"]
        assert opened.modal["title"].startswith("Your dream")

    async def test_the_second_page_follows_by_continue_and_the_dream_is_deposited(self, dc):
        answered = await first_page(dc)
        between, buttons = answer_text(answered), labels(answered.message)
        second = await continue_to(dc, "anna", answered)
        done = await dc.submit("anna", second, ALL_YES)

        assert "Page 2 of 2" in between and buttons == ["Continue"]
        assert inputs(second.modal) == ["non_profit", "social_value", "realisable"]
        assert "“A reading bench” is deposited" in answer_text(done)
        # the message with the Continue button became the answer: no stale button is left behind
        assert done.response_type == UPDATE_MESSAGE and done.message["id"] == answered.message["id"]
        assert labels(done.message) == ["My dreams"]
        [dream] = await dc.dreams_of("anna")
        assert dream.title == "A reading bench" and dream.story == PAGE_ONE["story"]

    async def test_a_no_to_a_criterion_gets_the_kind_explanation_and_nothing_is_deposited(self, dc):
        answered = await first_page(dc)
        second = await continue_to(dc, "anna", answered)

        refused = await dc.submit("anna", second, {**ALL_YES, "non_profit": "no"})

        shown = answer_text(refused)
        assert "Nothing was saved yet" in shown
        assert "nobody profits from" in shown
        assert "Correct the answers" in labels(refused.message)
        assert await dc.dreams_of("anna") == []
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
        title = next(c for c in components(opened.modal) if c.get("custom_id") == "title")
        title["max_length"] = 4000  # a changed client sends what Discord's own would not

        refused = await dc.submit("anna", opened, {**PAGE_ONE, "title": "B" * 300})

        assert "Nothing was saved yet" in answer_text(refused)
        assert await dc.dreams_of("anna") == []

    async def test_a_continue_button_of_a_form_that_was_cancelled_says_so(self, dc):
        answered = await first_page(dc)
        await dc.slash("anna", "cancel")

        pressed = await dc.press("anna", answered.message, "Continue")

        assert pressed.response_type != MODAL
        assert "belongs to a conversation that has ended" in answer_text(pressed)


@pytest.mark.postgres
class TestOnPostgres:
    async def test_a_form_begun_before_a_restart_is_finished_after_it(self, tmp_path, postgres_url):
        await empty_postgres(postgres_url)
        async with discord_server(tmp_path, database_url=postgres_url) as dc:
            answered = await first_page(dc)

            await dc.restart_bot()
            second = await continue_to(dc, "anna", answered)
            done = await dc.submit("anna", second, ALL_YES)

            assert "“A reading bench” is deposited" in answer_text(done)
            assert [d.title for d in await dc.dreams_of("anna")] == ["A reading bench"]


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


class TestDirectMessages:
    async def test_what_is_written_to_the_bot_in_its_dms_is_answered_there(self, dc):
        await dc.standin.say(dc.id("anna"), "hello there")
        await dc.standin.wait_for(lambda: dc.dms("anna"), timeout=5.0)

        assert "I'm not sure what you mean. /help shows what you can do" in text_of(dc.dms("anna")[-1])

    async def test_messages_in_a_server_channel_are_not_read(self, dc):
        await dc.standin.say(dc.id("anna"), "/help", channel=dc.lounge)
        await dc.slash("anna", "help")  # handled after the message arrived, if it did

        assert [m for m in dc.standin.messages(dc.lounge) if m["author"]["id"] != str(dc.id("anna"))] == []
