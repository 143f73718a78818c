"""The bank on Discord: an approved dream in the bank's forum, liked and offered help from there and from /bank,
and taken into the factory by its owner through a modal."""

from __future__ import annotations

import pytest

from core.model.dreams import Dream, DreamState
from core.usecases import projects
from tests.e2e.discord_harness import (MODAL, UPDATE_MESSAGE, Server, answer_text, deposit, discord_server, labels,
                                       text_of)
from tests.factories import a_draft


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path, deliver=True) as server:
        yield server


async def approved(dc: Server) -> None:
    """Anna's dream deposited and approved by two of the board, everything delivered."""
    await deposit(dc)
    await dc.idle()
    for name in ("bjorn", "cecilie"):
        await dc.press(name, dc.last(dc.board), "Approve")
        await dc.idle()


class TestTheBank:
    async def test_an_approved_dream_has_its_post_in_the_forum_and_a_like_there_counts(self, dc):
        await approved(dc)
        [post] = dc.standin.threads(dc.bank)
        starter = post["messages"][0]

        liked = await dc.press("frida", starter, "♥ Like")
        await dc.idle()

        assert "A reading bench" in post["name"]
        assert liked.ephemeral
        assert "You like “A reading bench” (1 like)" in answer_text(liked)
        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
            assert await uow.bank.likes(dream.id) == 1

    async def test_bank_lists_the_dream_and_it_is_liked_from_its_card_once(self, dc):
        await approved(dc)

        listed = await dc.slash("frida", "bank")
        opened = await dc.choose("frida", listed.message, "A reading bench")
        liked = await dc.press("frida", opened.message, "♥ Like")
        again = await dc.press("frida", opened.message, "♥ Like")

        assert "A reading bench" in answer_text(opened) and "0 likes" in answer_text(opened)
        assert not liked.ephemeral and "You like “A reading bench” (1 like)" in answer_text(liked)
        assert "You already like “A reading bench”." in answer_text(again)

    async def test_bank_opens_at_the_page_its_option_names(self, dc):
        async with dc.app.uow() as uow:
            [branch] = await uow.branches.all()
            anna = await uow.members.by_identity(dc.identity("anna"))
            for n in range(12):
                dream = Dream.deposit(branch.id, anna.id, a_draft(f"Dream {n:02}"), dc.app.clock.now())
                dream.state = DreamState.APPROVED
                await uow.dreams.add(dream)
            await uow.commit()

        first, second = await dc.slash("frida", "bank"), await dc.slash("frida", "bank", {"page": 2})

        assert "Page 1 of 2" in answer_text(first) and "Page 2 of 2" in answer_text(second)

    async def test_bank_written_in_a_server_channel_is_answered_to_the_person_alone(self, dc):
        await approved(dc)

        listed = await dc.slash("frida", "bank", channel=dc.board)

        assert listed.ephemeral
        assert "A reading bench" in answer_text(listed) and "private chat" not in answer_text(listed)

    async def test_the_owner_asks_for_a_withdrawal_in_a_modal_and_the_board_is_asked(self, dc):
        await approved(dc)
        posts = len(dc.standin.messages(dc.board))

        mine = await dc.slash("anna", "dream mine")
        opened = await dc.choose("anna", mine.message, "A reading bench")
        asked = await dc.press("anna", opened.message, "Withdraw into the factory")
        sent = await dc.submit("anna", asked, {"motivation": "Six neighbours and the library are behind it."})
        await dc.idle()

        assert asked.response_type == MODAL
        assert "The board is asked to agree that “A reading bench” becomes a project." in answer_text(sent)
        assert len(dc.standin.messages(dc.board)) == posts + 1
        assert "Six neighbours and the library" in text_of(dc.last(dc.board))

    async def test_taking_a_dream_out_is_confirmed_with_a_button_on_the_question_itself(self, dc):
        await approved(dc)

        mine = await dc.slash("anna", "dream mine")
        opened = await dc.choose("anna", mine.message, "A reading bench")
        asked = await dc.press("anna", opened.message, "Take my dream out of the bank")
        question = answer_text(asked)
        if "Fill in the form" in labels(asked.message):  # a form with nothing to fill in: its question again
            again = await dc.press("anna", asked.message, "Fill in the form")
            assert again.response_type != MODAL and "This cannot be undone." in answer_text(again)
        confirmed = await dc.press("anna", asked.message, "Yes, take it out")

        assert asked.response_type != MODAL and "This cannot be undone." in question
        assert confirmed.response_type == UPDATE_MESSAGE and confirmed.message["id"] == asked.message["id"]
        assert "“A reading bench” is taken out." in answer_text(confirmed)


class TestHelpFromTheForum:
    async def test_i_can_help_under_the_forum_post_opens_the_pledge_form_and_the_post_counts_it(self, dc):
        await approved(dc)
        [post] = dc.standin.threads(dc.bank)
        starter = post["messages"][0]
        assert "I can help" in labels(starter) and "Share" not in labels(starter)

        asked = await dc.press("frida", starter, "I can help")
        need = asked.modal["components"][0]["component"]["options"][0]["value"]  # the bench's first need
        sent = await dc.submit("frida", asked, {"need": [need], "description": "Two Saturdays of carpentry."})
        await dc.idle()

        assert asked.response_type == MODAL
        assert "Thank you! Your offer of help is on “A reading bench”" in answer_text(sent)
        assert sent.ephemeral
        [post] = dc.standin.threads(dc.bank)
        assert "I can help (1)" in labels(post["messages"][0])
        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
            [pledge] = await uow.bank.pledges(dream.id)
            frida = await uow.members.by_identity(dc.identity("frida"))
            assert pledge.member_id == frida.id and pledge.description == "Two Saturdays of carpentry."
            assert frida.id in await uow.projects.followers(dream.id)  # who offers help follows the dream

    async def test_the_owner_pressing_i_can_help_is_refused_kindly_and_nothing_opens(self, dc):
        await approved(dc)
        [post] = dc.standin.threads(dc.bank)

        refused = await dc.press("anna", post["messages"][0], "I can help")

        assert refused.response_type != MODAL and refused.ephemeral
        assert answer_text(refused)
        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
            assert list(await uow.bank.pledges(dream.id)) == []

    async def test_a_forged_start_button_is_only_what_anyone_may_type(self, dc):
        await approved(dc)
        [post] = dc.standin.threads(dc.bank)
        starter = post["messages"][0]

        forged = await dc.standin.press(dc.id("frida"), int(starter["id"]), "dreambank:start:p999999",
                                         forged=True)
        await forged.settled()

        assert forged.response_type != MODAL and forged.ephemeral
        assert "There is no dream number 999999." in answer_text(forged)

    async def test_follow_the_project_under_its_news_opens_the_dream_where_a_like_makes_one_a_follower(self, dc):
        await approved(dc)
        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
            project = await projects.start_project(uow, dc.app.clock.now(), dream)
            anna = await uow.members.by_identity(dc.identity("anna"))
            await projects.post_update(uow, dc.app.clock, anna, project.id, "The planks are here.")
            await uow.commit()
        dc.adapter.delivery.wake()
        await dc.idle()
        [post] = dc.standin.threads(dc.bank)
        [news] = [m for m in post["messages"] if "The planks are here." in text_of(m)]

        opened = await dc.press("frida", news, "Follow the project")
        async with dc.app.uow() as uow:
            frida = await uow.members.by_identity(dc.identity("frida"))
            assert frida.id not in await uow.projects.followers(dream.id)
        liked = await dc.press("frida", opened.message, "♥ Like")

        assert opened.ephemeral and "A reading bench" in answer_text(opened)
        assert "You like “A reading bench”" in answer_text(liked)
        async with dc.app.uow() as uow:
            assert frida.id in await uow.projects.followers(dream.id)
