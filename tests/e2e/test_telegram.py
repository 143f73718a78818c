"""The real python-telegram-bot application against the local Bot API stand-in, over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.e2e.telegram_harness import BANK_CHANNEL, BOARD_GROUP, Branchside, telegram_branch


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        yield side


def labels(message) -> list[str]:
    return [label for row in Branchside.buttons(message) for label, _value in row]


async def deposit(tg: Branchside, title: str = "A reading bench", story: str = "Books for everyone.") -> dict:
    await tg.say("anna", "/deposit")
    await tg.say("anna", title)
    prompt = (await tg.say("anna", story))[-1]
    await tg.press("anna", prompt, "materials")
    await tg.press("anna", tg.last(tg.id("anna")), "Done")
    for label in ("Skip", "Yes", "Yes", "Yes", "Deposit my dream"):
        await tg.press("anna", tg.last(tg.id("anna")), label)
    return tg.last(tg.id("anna"))


class TestPrivateChat:
    async def test_start_greets_in_the_persons_language(self, tg):
        english = (await tg.say("anna", "/start"))[0]
        norwegian = (await tg.say("cecilie", "/start"))[0]

        assert english["text"].startswith("Welcome to the dream bank of Fjordby, Anna!")
        assert norwegian["text"].startswith("Velkommen til drømmebanken i Fjordby, Cecilie!")

    async def test_the_command_menu_is_set_in_each_language(self, tg):
        calls = tg.api.calls_to("setMyCommands")

        assert {c.params.get("language_code") for c in calls} == {None, "nb", "da", "nl"}
        english = next(c for c in calls if c.params.get("language_code") is None)
        dutch = next(c for c in calls if c.params.get("language_code") == "nl")
        assert {"command": "deposit", "description": "deposit a dream"} in english.params["commands"]
        assert {"command": "deposit", "description": "dien een droom in"} in dutch.params["commands"]


async def approve_in_group(tg: Branchside, *names: str) -> dict:
    for name in names:
        post = tg.last(BOARD_GROUP)
        await tg.press(name, post, "Approve")
    return tg.last(BOARD_GROUP)


class TestNoticesGoOutAtOnce:
    async def test_a_notice_an_update_writes_is_sent_without_waiting_for_the_deliverers_poll(self, tmp_path):
        async with telegram_branch(tmp_path, poll_seconds=60) as tg:
            await deposit(tg)  # each step waits until nothing is left in the outbox (at most 10 s)

            assert tg.last(BOARD_GROUP)["text"].startswith("🗳 A new dream to review: “A reading bench” by Anna.")


class TestDepositAndBoard:
    async def test_a_deposit_is_posted_to_the_board_with_vote_buttons(self, tg):
        done = await deposit(tg, title="<b>Bench</b> & books")

        post = tg.last(BOARD_GROUP)
        assert "is deposited" in done["text"]
        assert post["text"].startswith("🗳 A new dream to review: “<b>Bench</b> & books” by Anna.")
        assert labels(post) == ["Approve", "Reject", "Ask for more information", "I have an interest (recuse)"]
        sent = tg.api.calls_to("sendMessage")
        assert any("&lt;b&gt;Bench&lt;/b&gt; &amp; books" in c.params["text"] for c in sent)
        assert not [c for c in tg.api.calls if c.error_code]

    async def test_votes_update_the_tally_and_the_decision_reaches_the_owner(self, tg):
        await deposit(tg)

        await tg.press("bjorn", tg.last(BOARD_GROUP), "Approve")
        tally = tg.last(BOARD_GROUP)
        await tg.press("cecilie", tally, "Approve")
        decided = tg.last(BOARD_GROUP)

        answers = tg.api.calls_to("answerCallbackQuery")
        assert "Your vote on “A reading bench” is counted." in answers[-2].params["text"]
        assert "Votes so far: 1 approve, 0 reject, 0 ask for more — 1 of 3" in tally["text"]
        assert "Decided: Approve" in decided["text"] and labels(decided) == []
        assert len(tg.api.messages_in(BOARD_GROUP)) == 1  # one post, edited
        owner = tg.texts(tg.id("anna"))[-1]
        assert owner.startswith("🎉 Your dream “A reading bench” is approved and now in the bank!")

    async def test_the_deciding_voters_toast_says_that_their_vote_decided_it(self, tg):
        await deposit(tg)

        await tg.press("bjorn", tg.last(BOARD_GROUP), "Approve")
        await tg.press("cecilie", tg.last(BOARD_GROUP), "Approve")

        first, deciding = [c.params["text"] for c in tg.api.calls_to("answerCallbackQuery")[-2:]]
        assert first == "Your vote on “A reading bench” is counted."
        assert deciding == "Stemmen din om “A reading bench” er telt.\nDermed er saken avgjort; drømmeinnehaveren har fått beskjed."

    async def test_a_press_by_someone_off_the_board_gets_an_alert_and_changes_nothing(self, tg):
        await deposit(tg)
        post = tg.last(BOARD_GROUP)

        await tg.press("frida", post, "Approve")

        answer = tg.api.calls_to("answerCallbackQuery")[-1].params
        assert answer["show_alert"] is True
        assert answer["text"] == "Only the board can vote on dreams; your press changed nothing."
        assert tg.last(BOARD_GROUP)["text"] == post["text"]

    async def test_reject_asks_the_board_member_for_a_reason_in_private(self, tg):
        await deposit(tg)

        await tg.press("bjorn", tg.last(BOARD_GROUP), "Reject")
        prompt = tg.last(tg.id("bjorn"))
        await tg.say("bjorn", "It is a private garden")

        assert "Tell the owner why" in prompt["text"]
        assert tg.api.calls_to("answerCallbackQuery")[-1].params["text"] == "I have written to you privately."
        assert "1 reject" in tg.last(BOARD_GROUP)["text"]

    async def test_a_board_member_recuses_in_private_and_the_post_decides_without_them(self, tg):
        await deposit(tg)

        await tg.press("bjorn", tg.last(BOARD_GROUP), "Approve")
        await tg.press("bjorn", tg.last(BOARD_GROUP), "I have an interest (recuse)")
        prompt = tg.last(tg.id("bjorn"))
        await tg.say("bjorn", "My daughter runs the library")
        recused = tg.last(BOARD_GROUP)
        await tg.press("bjorn", recused, "Approve")
        refusal = tg.api.calls_to("answerCallbackQuery")[-1].params
        await tg.press("cecilie", tg.last(BOARD_GROUP), "Approve")
        await tg.press("dag", tg.last(BOARD_GROUP), "Approve")
        decided = tg.last(BOARD_GROUP)

        assert "In a line, what is your interest in this dream?" in prompt["text"]
        assert "Your vote (Approve) is taken back." in tg.last(tg.id("bjorn"))["text"]
        assert "Votes so far: 0 approve, 0 reject, 0 ask for more — 0 of 2 (recused: 1)" in recused["text"]
        assert refusal["show_alert"] is True and "so you are recused from its vote" in refusal["text"]
        assert "Votes so far: 2 approve, 0 reject, 0 ask for more — 2 of 2 (recused: 1)" in decided["text"]
        assert "Decided: Approve" in decided["text"] and labels(decided) == []
        assert len(tg.api.messages_in(BOARD_GROUP)) == 1  # one post, edited

    async def test_a_forged_press_is_refused_politely(self, tg):
        await deposit(tg)
        post = tg.last(BOARD_GROUP)

        tg.api.press(tg.users["bjorn"], post, "v.1.a.forgedsignat", strict=False)
        await tg.api.wait_for("answerCallbackQuery", count=1, show_alert=True)

        assert tg.api.calls_to("answerCallbackQuery")[-1].params["text"] == "That button is not valid. Nothing was changed."
        assert "Votes so far: 0 approve, 0 reject, 0 ask for more — 0 of 3" in tg.last(BOARD_GROUP)["text"]

    async def test_an_update_delivered_twice_has_no_second_effect(self, tg):
        update = tg.api.send_text(tg.users["anna"], "/deposit")
        await tg.api.wait_for("sendMessage", count=2, chat_id=tg.id("anna"))
        await tg.idle()

        tg.api.resend(update)
        await tg.idle()
        await tg.idle()

        assert len(tg.api.messages_in(tg.id("anna"))) == 2


class TestBankChannel:
    async def _approved(self, tg) -> dict:
        await deposit(tg)
        await approve_in_group(tg, "bjorn", "cecilie")
        return tg.last(BANK_CHANNEL)

    async def test_an_approved_dream_is_posted_with_like_help_and_share(self, tg):
        post = await self._approved(tg)

        rows = tg.buttons(post)
        assert post["text"].startswith("💭 A reading bench\nby Anna")
        assert rows[0][0][0] == "♥ Like" and rows[0][1] == ("I can help", "https://t.me/fjordby_bot?start=p1")
        assert rows[1] == [("Share", "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Ffjordby_bot%3Fstart%3Dd1")]

    async def test_with_a_public_address_the_share_button_shares_the_dreams_web_page(self, tmp_path):
        async with telegram_branch(tmp_path, public_url="https://bank.example.org/") as tg:
            post = await self._approved(tg)

            rows = tg.buttons(post)
        assert rows[0][1] == ("I can help", "https://t.me/fjordby_bot?start=p1")
        assert rows[1] == [("Share", "https://t.me/share/url?url=https%3A%2F%2Fbank.example.org%2Fgo%2Fd1")]

    async def test_a_like_is_counted_once_and_the_post_shows_it(self, tg):
        post = await self._approved(tg)

        await tg.press("frida", post, "♥ Like")
        await tg.press("frida", tg.last(BANK_CHANNEL), "♥ 1 like")

        answers = [c.params for c in tg.api.calls_to("answerCallbackQuery")[-2:]]
        assert answers[0]["text"] == "♥ You like “A reading bench” (1 like)."
        assert answers[1] == {**answers[1], "text": "You already like “A reading bench”.", "show_alert": True}
        assert tg.buttons(tg.last(BANK_CHANNEL))[0][0][0] == "♥ 1 like"

    async def test_the_share_link_opens_the_dream_and_the_help_link_the_pledge(self, tg):
        await self._approved(tg)

        card = (await tg.say("frida", "/start d1"))[-1]
        pledge = (await tg.say("frida", "/start p1"))[-1]

        assert card["text"].startswith("💭 A reading bench (no. 1)")
        assert "Which of the dream's needs can you help with?" in pledge["text"]


class TestFactory:
    async def test_pledge_withdrawal_and_an_update_reach_the_people_who_follow(self, tg):
        await deposit(tg)
        await approve_in_group(tg, "bjorn", "cecilie")
        prompt = (await tg.say("frida", "/start p1"))[-1]
        await tg.press("frida", prompt, "materials — still open")
        await tg.say("frida", "Two Saturdays")
        told = tg.texts(tg.id("anna"))[-2:]
        card = (await tg.say("anna", "/dream 1"))[-1]
        await tg.press("anna", card, "Withdraw into the factory")
        await tg.say("anna", "Frida has time")
        await tg.press("anna", tg.last(tg.id("anna")), "Ask the board")
        withdrawal = tg.last(BOARD_GROUP)
        await approve_in_group(tg, "bjorn", "dag")
        started = tg.texts(tg.id("frida"))[-2:]
        await tg.press("anna", tg.last(tg.id("anna")), "Open the project")
        await tg.press("anna", tg.last(tg.id("anna")), "Post an update")
        await tg.say("anna", "The bench is built!")

        assert told[0].startswith("🤝 Frida offers help to “A reading bench”: materials.")
        assert told[1].startswith("🎉 Every need of “A reading bench” is covered by offers of help!")
        assert withdrawal["text"].startswith("🏭 Anna asks to make “A reading bench” a project in the factory.")
        assert started[0].startswith("🏭 “A reading bench” is now a project in the factory!")
        assert started[1].startswith("🤝 Does your offer of help to “A reading bench” still stand, now that it is a")
        news = tg.last(tg.id("frida"))["text"]
        assert news == "📣 News from “A reading bench”, by Anna:\nThe bench is built!"
        assert tg.last(BANK_CHANNEL)["text"] == news


class TestGroups:
    async def test_a_branch_admin_links_a_new_board_group_from_inside_it(self, tg):
        tg.api.group(-1009, "New board")

        refused = await tg.say("frida", "/link board", chat=-1009)
        linked = await tg.say("gustav", "/link@fjordby_bot board", chat=-1009)
        await deposit(tg)

        assert refused[-1]["text"] == "Only a branch admin can link a chat to the branch."
        assert linked[-1]["text"].startswith("This group is now the board of Fjordby.")
        assert tg.last(-1009)["text"].startswith("🗳 A new dream to review")

    async def test_chatter_in_a_group_is_left_alone(self, tg):
        tg.api.send_text(tg.users["bjorn"], "Good morning, board!", chat=BOARD_GROUP)
        await tg.idle()

        assert tg.api.messages_in(BOARD_GROUP) == []

    async def test_a_burst_of_likes_becomes_one_edit_of_the_channel_post(self, tg):
        await deposit(tg)
        await approve_in_group(tg, "bjorn", "cecilie")
        edits_before = len(tg.api.calls_to("editMessageText"))
        from core.model.members import Identity
        from core.usecases import bank

        likers = []
        for name in ("bjorn", "cecilie", "dag", "frida", "gustav"):
            async with tg.app.uow() as uow:
                likers.append(await uow.members.by_identity(Identity("telegram", str(tg.id(name)))))
        async with tg.app.uow() as uow:  # all at once, before the deliverer looks
            for liker in likers:
                await bank.like_dream(uow, tg.app.clock, liker, 1)
            await uow.commit()
        await tg.idle()

        edits = tg.api.calls_to("editMessageText")[edits_before:]
        assert [e.params["chat_id"] for e in edits] == [BANK_CHANNEL]
        assert tg.buttons(tg.last(BANK_CHANNEL))[0][0][0] == "♥ 5 likes"
