"""Recusal: a board member who owns a dream, or declares an interest in it, may not vote on it, and the quorum is
reckoned over the board without them; with nobody left to vote, the bank manager is told it is theirs to settle."""

from __future__ import annotations

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.errors import Refused
from core.model.branches import QuorumKind, QuorumRule
from core.model.dreams import DreamState
from core.model.notices import NoticeKind
from core.model.reviews import INTEREST_REASON_MAX, Choice
from core.usecases import dreams, recusal, reminders, reviews
from core.views.actions import Action
from core.views.reviews import review_card
from tests.chat_person import Person, deposit_bench
from tests.factories import make_village
from tests.unit.views_setup import allowed, refusal, run

codec = ButtonCodec(b"recusal-test-secret-0123")


def kinds(db, member):
    return [n.kind for n in db.notices_for(member.id)]


async def vote(v, who, review_id, choice):
    return await run(v, lambda uow: reviews.cast_vote(uow, v.clock, who, review_id, choice))


async def declare(v, who, review_id, reason=""):
    return await run(v, lambda uow: recusal.declare_interest(uow, v.clock, who, review_id, reason))


async def deposited(v, owner=None):
    dream_id = await v.deposit(owner=owner)
    return dream_id, (await v.review_of(dream_id)).id


async def state_of(v, dream_id):
    async with v.db() as uow:
        return (await uow.dreams.get(dream_id)).state


async def card(v, viewer, review_id):
    async with v.db() as uow:
        return review_card(await reviews.read_review(uow, v.clock, viewer, review_id))


def said(shown) -> list[str]:
    return [getattr(line, "msgid", line) for line in shown.body]


class TestTheOwnerIsRecused:
    async def test_a_board_member_s_own_dream_is_decided_by_the_others_and_the_tally_says_one_is_recused(
            self, db, village):
        dream_id, review_id = await deposited(village, owner=village.bjorn)

        assert kinds(db, village.bjorn) == [] and kinds(db, village.cecilie) == [NoticeKind.REVIEW_REQUESTED]
        first = await vote(village, village.cecilie, review_id, Choice.APPROVE)
        assert first.verdict.outcome is None  # one of two is no majority
        shown = await card(village, village.dag, review_id)
        assert "Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters} (recused: {recused})" \
            in said(shown)
        assert shown.body[1].params == dict(a=1, r=0, i=0, cast=1, voters=2, recused=1)

        second = await vote(village, village.dag, review_id, Choice.APPROVE)

        assert second.verdict.outcome is Choice.APPROVE
        assert await state_of(village, dream_id) is DreamState.APPROVED

    async def test_the_owner_is_recused_from_the_withdrawal_too_and_may_not_declare_anything(self, db, village):
        dream_id, review_id = await deposited(village, owner=village.bjorn)
        for member in (village.cecilie, village.dag):
            await vote(village, member, review_id, Choice.APPROVE)
        async with village.db() as uow:
            await dreams.propose_withdrawal(uow, village.clock, village.bjorn, dream_id, "Ready")
            await uow.commit()
        withdrawal = (await village.review_of(dream_id)).id

        with pytest.raises(Refused) as refused:
            await vote(village, village.bjorn, withdrawal, Choice.APPROVE)

        assert refused.value.reason.msgid == "You cannot vote on your own dream."
        assert NoticeKind.WITHDRAWAL_REQUESTED not in kinds(db, village.bjorn)
        reason = await refusal(village, lambda uow: recusal.declare_interest(uow, village.clock, village.bjorn,
                                                                             withdrawal))
        assert reason.msgid == "This is your own dream: you are recused from its vote already."
        shown = await card(village, village.bjorn, withdrawal)
        assert "This is your own dream, so you are recused from its vote." in said(shown)
        assert allowed(shown) == set()


class TestDeclareInterest:
    async def test_declaring_takes_back_the_vote_already_cast_and_is_audited(self, db, village):
        _dream_id, review_id = await deposited(village)
        await vote(village, village.bjorn, review_id, Choice.APPROVE)

        done = await declare(village, village.bjorn, review_id, "  My sister's   field ")

        assert done.withdrawn is Choice.APPROVE and done.verdict.outcome is None
        assert db.store.votes == []
        [entry] = [e for e in db.store.audit if e.action == "declare_interest"]
        assert (entry.actor_id, entry.detail) == (village.bjorn.id, {"review_id": review_id,
                                                                      "reason": "My sister's field",
                                                                      "vote_taken_back": "approve"})
        shown = await card(village, village.cecilie, review_id)
        assert shown.body[1].params["recused"] == 1 and shown.body[1].params["cast"] == 0
        assert [(line.msgid, line.params) for line in shown.body[2:3]] == [
            ("{name} declared an interest: {reason}", {"name": "Bjorn", "reason": "My sister's field"})]

    async def test_a_recused_member_s_vote_is_refused_kindly_and_nothing_changes(self, db, village):
        dream_id, review_id = await deposited(village)
        await declare(village, village.bjorn, review_id)

        reason = await refusal(village, lambda uow: reviews.cast_vote(uow, village.clock, village.bjorn, review_id,
                                                                      Choice.APPROVE))

        assert reason.msgid.startswith("You declared an interest in “{title}”, so you are recused from its vote")
        assert db.store.votes == [] and await state_of(village, dream_id) is DreamState.DEPOSITED
        shown = await card(village, village.bjorn, review_id)
        assert allowed(shown) == {Action.TAKE_BACK_INTEREST}
        assert shown.act(Action.VOTE).refused == reason

    async def test_the_decision_is_reached_without_those_who_declared(self, db, village):
        dream_id, review_id = await deposited(village)
        await vote(village, village.bjorn, review_id, Choice.APPROVE)  # one of three decides nothing
        await declare(village, village.cecilie, review_id)  # one of two neither

        done = await declare(village, village.dag, review_id, "I sold them the wood")

        assert done.verdict.outcome is Choice.APPROVE
        assert await state_of(village, dream_id) is DreamState.APPROVED
        assert [n.params["outcome"] for n in db.notices_for(village.anna.id)
                if n.kind is NoticeKind.DREAM_DECIDED] == ["approve"]

    async def test_declaring_may_leave_a_tie_for_the_bank_manager(self, db, village):
        _dream_id, review_id = await deposited(village)
        await vote(village, village.bjorn, review_id, Choice.APPROVE)
        await vote(village, village.cecilie, review_id, Choice.REJECT)

        done = await declare(village, village.dag, review_id)

        assert done.verdict.tied and not done.verdict.unseated
        assert kinds(db, village.eva) == [NoticeKind.REVIEW_TIED]

    async def test_with_every_board_member_recused_the_bank_manager_must_settle_and_nothing_is_approved(
            self, db, village):
        dream_id, review_id = await deposited(village, owner=village.bjorn)
        await declare(village, village.cecilie, review_id)

        done = await declare(village, village.dag, review_id)

        assert done.verdict.unseated and done.verdict.outcome is None
        assert await state_of(village, dream_id) is DreamState.DEPOSITED
        [told] = db.notices_for(village.eva.id)
        assert (told.kind, told.params["unseated"], told.params["recused"]) == (NoticeKind.REVIEW_TIED, True, 3)
        shown = await card(village, village.eva, review_id)
        assert allowed(shown) == {Action.SETTLE}
        assert "Nobody on the board is left to vote, so the board cannot decide: the bank manager must settle it." \
            in said(shown)

    async def test_the_bank_manager_does_not_settle_the_review_of_their_own_dream(self, village):
        dream_id, review_id = await deposited(village, owner=village.eva)
        village.clock.advance(days=7)  # stalled: a bank manager may settle it, but not its owner

        refused = await refusal(village, lambda uow: reviews.settle(uow, village.clock, village.eva, review_id,
                                                                    Choice.APPROVE))

        assert refused.msgid.startswith("“{title}” is your own dream, so you cannot settle its review.")
        assert Action.SETTLE not in allowed(await card(village, village.eva, review_id))
        assert await state_of(village, dream_id) is DreamState.DEPOSITED

    async def test_a_review_opened_with_nobody_left_to_vote_tells_the_bank_manager_at_once(self, db, village):
        first_id, first = await deposited(village, owner=village.bjorn)
        for member in (village.cecilie, village.dag):
            await declare(village, member, first)

        async with village.db() as uow:  # the interests stay for the withdrawal: asked after another round
            await reviews.settle(uow, village.clock, village.eva, first, Choice.APPROVE)
            await dreams.propose_withdrawal(uow, village.clock, village.bjorn, first_id, "Ready")
            await uow.commit()

        assert [n.params.get("unseated") for n in db.notices_for(village.eva.id)] == [True, True]
        assert NoticeKind.WITHDRAWAL_REQUESTED not in kinds(db, village.cecilie)

    async def test_only_the_board_declares_once_while_the_review_is_open(self, village):
        _dream_id, review_id = await deposited(village)
        await declare(village, village.bjorn, review_id)

        again = await refusal(village, lambda uow: recusal.declare_interest(uow, village.clock, village.bjorn,
                                                                            review_id))
        resident = await refusal(village, lambda uow: recusal.declare_interest(uow, village.clock, village.frida,
                                                                               review_id))
        too_long = await refusal(village, lambda uow: recusal.declare_interest(
            uow, village.clock, village.cecilie, review_id, "x" * (INTEREST_REASON_MAX + 1)))

        assert again.msgid.startswith("You have declared an interest in “{title}” already.")
        assert resident.msgid == ("Only the board declares an interest in a dream it reviews; your press changed "
                                  "nothing.")
        assert too_long.msgid == "Please keep the reason under {count} character."

    async def test_an_interest_holds_for_the_dream_s_withdrawal_and_its_holder_is_not_reminded(self, db, village):
        dream_id, review_id = await deposited(village)
        await declare(village, village.bjorn, review_id)
        for member in (village.cecilie, village.dag):
            await vote(village, member, review_id, Choice.APPROVE)
        async with village.db() as uow:
            await dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id, "Ready")
            await uow.commit()
        withdrawal = (await village.review_of(dream_id)).id
        village.clock.advance(hours=49)

        told = await run(village, lambda uow: reminders.remind_board(uow, village.clock, village.branch.id))

        assert told == 2 and NoticeKind.BOARD_REMINDER not in kinds(db, village.bjorn)
        assert NoticeKind.WITHDRAWAL_REQUESTED not in kinds(db, village.bjorn)
        reason = await refusal(village, lambda uow: reviews.cast_vote(uow, village.clock, village.bjorn, withdrawal,
                                                                      Choice.APPROVE))
        assert reason.msgid.startswith("You declared an interest")


class TestTakeBackInterest:
    async def test_taking_it_back_while_open_lets_the_member_vote_again_and_is_audited(self, db, village):
        _dream_id, review_id = await deposited(village)
        await vote(village, village.bjorn, review_id, Choice.REJECT)
        await declare(village, village.bjorn, review_id)

        await run(village, lambda uow: recusal.take_back_interest(uow, village.clock, village.bjorn, review_id))

        assert db.store.interests == {} and db.store.votes == []  # the vote taken back is not restored
        assert [e.action for e in db.store.audit if e.subject.startswith("dream:")][-2:] == [
            "declare_interest", "take_back_interest"]
        await vote(village, village.bjorn, review_id, Choice.APPROVE)
        assert [v.voter_id for v in db.store.votes] == [village.bjorn.id]

    async def test_after_the_decision_nothing_can_be_taken_back_or_declared(self, village):
        _dream_id, review_id = await deposited(village)
        await declare(village, village.bjorn, review_id)
        for member in (village.cecilie, village.dag):
            await vote(village, member, review_id, Choice.APPROVE)

        late = await refusal(village, lambda uow: recusal.take_back_interest(uow, village.clock, village.bjorn,
                                                                             review_id))
        none = await refusal(village, lambda uow: recusal.declare_interest(uow, village.clock, village.cecilie,
                                                                           review_id))

        assert late.msgid == none.msgid == "The vote on “{title}” is closed: the board has already decided."


class TestRecusalInChat:
    async def test_a_board_member_declares_from_the_notice_with_a_reason_and_a_vote_then_is_refused(self, db):
        village = await make_village(db, QuorumRule(QuorumKind.APPROVALS, 2))
        conversation = Conversation(db, village.clock, codec)
        anna, bjorn = Person(conversation, "anna"), Person(conversation, "bjorn")
        await deposit_bench(anna)
        await bjorn.notices()

        notice = dict(bjorn.buttons)  # pressed again later, as from the notice still in the chat

        asked = await bjorn.press("I have an interest (recuse)")
        assert "In a line, what is your interest in this dream? The board sees it." in asked
        answered = await bjorn.say("The bench would stand in my garden")

        assert "You declared an interest in “A bench by the fjord” and are recused from its vote." in answered
        [interest] = db.store.interests.values()
        assert interest.reason == "The bench would stand in my garden"
        bjorn.buttons = notice
        refused = await bjorn.press("Approve")
        assert "so you are recused from its vote and your press changed nothing" in refused
        assert db.store.votes == []
        await bjorn.say("/review")
        shown = await bjorn.press("A bench by the fjord — You are recused")
        assert "Bjorn declared an interest: The bench would stand in my garden" in shown
        assert "Take back my interest" in bjorn.buttons and "Approve" not in bjorn.buttons
        assert "you may vote on it again" in await bjorn.press("Take back my interest")
        assert "Approve" in bjorn.buttons
