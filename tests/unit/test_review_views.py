"""A review's card and the list waiting for the board: who may vote or settle, refused in the use case's words."""

from core.model.reviews import Choice
from core.usecases import recusal, reviews
from core.views.actions import Action
from core.views.reviews import review_card, waiting_list
from tests.unit.views_setup import allowed, offered, refusal, run

VOTE_AND_SETTLE = {Action.VOTE, Action.SETTLE, Action.DECLARE_INTEREST}


async def card(village, viewer, review_id):
    async with village.db() as uow:
        return review_card(await reviews.read_review(uow, village.clock, viewer, review_id))


async def deposited(village, owner=None):
    dream_id = await village.deposit(owner=owner)
    return dream_id, (await village.review_of(dream_id)).id


def votes_of(shown):
    return [a for row in shown.actions for a in row if a.action is Action.VOTE]


class TestReviewCard:
    async def test_a_board_member_may_cast_each_choice(self, village):
        _dream_id, review_id = await deposited(village)

        shown = await card(village, village.bjorn, review_id)

        assert offered(shown) == allowed(shown) == {Action.VOTE, Action.DECLARE_INTEREST}
        assert [a.args for a in votes_of(shown)] == [(str(review_id), code) for code in ("a", "r", "i")]
        assert shown.topic == f"review:{review_id}"

    async def test_after_voting_the_card_says_how_and_a_second_vote_is_refused_in_the_use_cases_words(self, village):
        _dream_id, review_id = await deposited(village)
        await run(village, lambda uow: reviews.cast_vote(uow, village.clock, village.bjorn, review_id, Choice.APPROVE))

        shown = await card(village, village.bjorn, review_id)

        assert allowed(shown) == {Action.DECLARE_INTEREST}  # declaring an interest takes the vote back
        assert {a.refused for a in votes_of(shown)} == {await refusal(village, lambda uow: reviews.cast_vote(
            uow, village.clock, village.bjorn, review_id, Choice.REJECT))}
        assert any(getattr(line, "msgid", "") == "You voted: {choice}" for line in shown.body)

    async def test_a_board_member_may_not_vote_on_their_own_dream(self, village):
        _dream_id, review_id = await deposited(village, owner=village.bjorn)

        shown = await card(village, village.bjorn, review_id)

        assert allowed(shown) == set()
        assert votes_of(shown)[0].refused == await refusal(village, lambda uow: reviews.cast_vote(
            uow, village.clock, village.bjorn, review_id, Choice.APPROVE))

    async def test_the_bank_manager_may_not_vote_and_may_settle_only_once_tied_or_stalled(self, village):
        _dream_id, review_id = await deposited(village)

        early = await card(village, village.eva, review_id)

        assert offered(early) == VOTE_AND_SETTLE and allowed(early) == set()
        assert votes_of(early)[0].refused == await refusal(village, lambda uow: reviews.cast_vote(
            uow, village.clock, village.eva, review_id, Choice.APPROVE))
        assert early.act(Action.DECLARE_INTEREST).refused == await refusal(village, lambda uow: (
            recusal.declare_interest(uow, village.clock, village.eva, review_id)))
        assert early.act(Action.SETTLE).refused == await refusal(village, lambda uow: reviews.settle(
            uow, village.clock, village.eva, review_id, Choice.APPROVE))

        village.clock.advance(days=6, hours=23)
        assert allowed(await card(village, village.eva, review_id)) == set()
        village.clock.advance(hours=1)
        stalled = await card(village, village.eva, review_id)

        assert allowed(stalled) == {Action.SETTLE}
        assert "As bank manager you can settle it when tied or stalled:" in [
            getattr(line, "msgid", "") for line in stalled.body]

    async def test_a_decided_review_takes_no_more_votes(self, village):
        _dream_id, review_id = await deposited(village)
        for member in (village.bjorn, village.cecilie):
            await run(village, lambda uow, m=member: reviews.cast_vote(uow, village.clock, m, review_id,
                                                                       Choice.APPROVE))

        shown = await card(village, village.dag, review_id)

        assert allowed(shown) == set()
        assert votes_of(shown)[0].refused == await refusal(village, lambda uow: reviews.cast_vote(
            uow, village.clock, village.dag, review_id, Choice.REJECT))

    async def test_a_resident_may_not_read_a_review(self, village):
        _dream_id, review_id = await deposited(village)

        reason = await refusal(village, lambda uow: reviews.read_review(uow, village.clock, village.frida, review_id))

        assert reason.msgid == "Only the board reviews dreams."


class TestWaitingList:
    async def test_each_review_waiting_opens_its_card_and_says_where_the_viewer_stands(self, village):
        _first, first = await deposited(village)
        _second, second = await deposited(village)
        await run(village, lambda uow: reviews.cast_vote(uow, village.clock, village.bjorn, first, Choice.APPROVE))
        async with village.db() as uow:
            waiting = waiting_list(await reviews.waiting_reviews(uow, village.clock, village.bjorn,
                                                                 village.branch.id))

        assert [(e.open.action, e.open.args) for e in waiting.entries] == [
            (Action.OPEN_REVIEW, (str(first),)), (Action.OPEN_REVIEW, (str(second),))]
        assert [e.detail.msgid for e in waiting.entries] == ["You voted: {choice}", "{cast} of {voters} voted"]

    async def test_nothing_waiting_says_thank_you_and_a_resident_is_refused(self, village):
        async with village.db() as uow:
            waiting = waiting_list(await reviews.waiting_reviews(uow, village.clock, village.eva, village.branch.id))

        assert waiting.entries == () and waiting.empty.msgid == "Nothing is waiting for the board. Thank you!"
        reason = await refusal(village, lambda uow: reviews.waiting_reviews(uow, village.clock, village.frida,
                                                                            village.branch.id))
        assert reason.msgid == "Only the board reviews dreams."
