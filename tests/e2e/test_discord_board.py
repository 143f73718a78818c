"""The board on Discord: each deposit posted to the board's channel with vote buttons, votes pressed there (a
reason asked in a modal), presses by others and forged ones refused to the presser alone."""

from __future__ import annotations

import pytest

from tests.e2e.discord_harness import (MODAL, Server, answer_text, button, deposit, discord_server, inputs, labels,
                                       text_of)


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path, deliver=True) as server:
        yield server


async def deposited(dc: Server) -> dict:
    """Anna's dream deposited; the board's post about it, once delivered."""
    assert "is deposited" in await deposit(dc)
    await dc.idle()
    return dc.last(dc.board)


class TestBoardVotes:
    async def test_a_deposit_is_posted_to_the_board_with_vote_buttons(self, dc):
        post = await deposited(dc)

        assert "A reading bench" in text_of(post)
        assert labels(post) == ["Approve", "Reject", "Ask for more information", "I have an interest (recuse)"]

    async def test_votes_count_privately_and_the_post_shows_the_tally_and_the_decision(self, dc):
        post = await deposited(dc)

        first = await dc.press("bjorn", post, "Approve")
        await dc.idle()
        tally = dc.last(dc.board)
        second = await dc.press("cecilie", tally, "Approve")
        await dc.idle()
        decided = dc.last(dc.board)

        assert first.ephemeral and "Your vote on “A reading bench” is counted." in answer_text(first)
        assert second.ephemeral and "Stemmen din om “A reading bench” er telt." in answer_text(second)
        assert "1 approve" in text_of(tally)
        assert "Decided: Approve" in text_of(decided) and labels(decided) == []
        assert len(dc.standin.messages(dc.board)) == 1  # one post, edited
        assert any("is approved and now in the bank" in text_of(m) for m in dc.dms("anna"))

    async def test_an_interest_is_declared_in_a_modal_and_the_tally_counts_the_board_without_them(self, dc):
        post = await deposited(dc)

        asked = await dc.press("bjorn", post, "I have an interest (recuse)")
        reason = inputs(asked.modal)[0]
        sent = await dc.submit("bjorn", asked, {reason: "My daughter runs the library"})
        await dc.idle()
        recused = dc.last(dc.board)
        pressed = await dc.press("bjorn", recused, "Approve")
        await dc.idle()

        assert asked.response_type == MODAL
        assert sent.ephemeral and "are recused from its vote" in answer_text(sent)
        assert "0 of 2 (recused: 1)" in text_of(recused)
        assert pressed.ephemeral and "so you are recused from its vote" in answer_text(pressed)
        assert dc.last(dc.board) == recused and len(dc.standin.messages(dc.board)) == 1

    async def test_reject_asks_for_the_reason_in_a_modal(self, dc):
        post = await deposited(dc)

        asked = await dc.press("bjorn", post, "Reject")
        reason = inputs(asked.modal)[0]
        sent = await dc.submit("bjorn", asked, {reason: "It is a private garden"})
        await dc.idle()

        assert asked.response_type == MODAL
        assert sent.ephemeral and "counted" in answer_text(sent)
        assert "1 reject" in text_of(dc.last(dc.board))

    async def test_a_press_by_someone_off_the_board_is_refused_to_them_alone_and_changes_nothing(self, dc):
        post = await deposited(dc)

        pressed = await dc.press("frida", post, "Approve")
        await dc.idle()

        assert pressed.ephemeral
        assert "Only the board can vote on dreams; your press changed nothing." in answer_text(pressed)
        assert dc.last(dc.board) == post

    async def test_a_forged_button_is_refused_to_the_presser_alone(self, dc):
        post = await deposited(dc)
        real = button(post, "Approve")["custom_id"]

        handle = await dc.standin.press(dc.id("bjorn"), int(post["id"]), real[:-3] + "xyz", forged=True)
        pressed = await handle.settled()
        await dc.idle()

        assert pressed.ephemeral
        assert "That button is not valid. Nothing was changed." in answer_text(pressed)
        assert dc.last(dc.board) == post

    async def test_the_posts_buttons_work_after_the_bot_restarts(self, dc):
        post = await deposited(dc)

        await dc.restart_bot()
        pressed = await dc.press("bjorn", post, "Approve")
        await dc.idle()

        assert "Your vote on “A reading bench” is counted." in answer_text(pressed)
        assert "1 approve" in text_of(dc.last(dc.board))
