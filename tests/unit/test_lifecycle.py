"""The dream lifecycle through core's use cases: deposit, review, bank, factory, archive."""

from datetime import timedelta
from decimal import Decimal

import pytest

from core.errors import Refused
from core.model.branches import QuorumKind, QuorumRule
from core.model.dreams import DreamState, Need
from core.model.notices import NoticeKind
from core.model.projects import ProjectState
from core.model.reviews import Choice, ReviewKind
from core.usecases import archive, bank, dreams, projects, reviews
from tests.factories import a_draft, make_village, pledge


def kinds(db, member):
    return [n.kind for n in db.notices_for(member.id)]


async def vote(v, who, dream_id, choice, comment=""):
    review = await v.review_of(dream_id)
    async with v.db() as uow:
        result = await reviews.cast_vote(uow, v.clock, who, review.id, choice, comment)
        await uow.commit()
    return result


async def approved_dream(v):
    dream_id = await v.deposit()
    await vote(v, v.bjorn, dream_id, Choice.APPROVE)
    await vote(v, v.cecilie, dream_id, Choice.APPROVE)
    return dream_id


async def dream(v, dream_id):
    async with v.db() as uow:
        return await uow.dreams.get(dream_id)


class TestDepositDream:
    async def test_a_deposit_waits_for_the_board_and_each_board_member_is_asked(self, db, village):
        dream_id = await village.deposit()

        assert (await dream(village, dream_id)).state is DreamState.DEPOSITED
        for member in village.board:
            assert kinds(db, member) == [NoticeKind.REVIEW_REQUESTED]
        assert kinds(db, village.anna) == []

    async def test_a_draft_with_a_criterion_unconfirmed_is_refused_and_nothing_is_stored(self, db, village):
        with pytest.raises(Refused) as refused:
            await village.deposit(non_profit=False)

        assert refused.value.reason.msgid == "A dream can be deposited once all three criteria are confirmed."
        assert db.store.dreams == {}

    @pytest.mark.parametrize("change, reason", [({"title": ""}, "A title needs 1 to {count} character."),
                                                ({"title": "x" * 121}, "A title needs 1 to {count} character."),
                                                ({"story": "y" * 4001}, "The story needs 1 to {count} character."),
                                                ({"needs": frozenset()}, "Choose at least one thing the dream needs.")])
    async def test_out_of_bounds_drafts_are_refused(self, village, change, reason):
        with pytest.raises(Refused) as refused:
            await village.deposit(**change)

        assert refused.value.reason.msgid == reason

    async def test_the_deposit_is_in_the_audit_trail(self, db, village):
        dream_id = await village.deposit()

        assert [e.action for e in db.store.audit if e.subject == f"dream:{dream_id}"] == ["deposit"]


class TestCastVote:
    async def test_a_majority_approves_and_the_owner_is_told_with_the_reason(self, db, village):
        dream_id = await village.deposit()

        first = await vote(village, village.bjorn, dream_id, Choice.APPROVE, "Lovely idea")
        second = await vote(village, village.cecilie, dream_id, Choice.APPROVE)

        assert first.verdict.outcome is None and second.verdict.outcome is Choice.APPROVE
        assert (await dream(village, dream_id)).state is DreamState.APPROVED
        told = [n for n in db.notices_for(village.anna.id) if n.kind is NoticeKind.DREAM_DECIDED]
        assert [(n.params["outcome"], n.params["reason"]) for n in told] == [("approve", "Lovely idea")]

    async def test_a_majority_rejecting_rejects_with_the_comments_as_reason(self, village):
        dream_id = await village.deposit()

        await vote(village, village.bjorn, dream_id, Choice.REJECT, "Not in our district")
        await vote(village, village.dag, dream_id, Choice.REJECT, "Private garden")

        found = await dream(village, dream_id)
        assert found.state is DreamState.REJECTED
        assert found.decision_reason == "Not in our district\nPrivate garden"

    async def test_voting_twice_is_refused(self, db, village):
        dream_id = await village.deposit()
        await vote(village, village.bjorn, dream_id, Choice.APPROVE)

        with pytest.raises(Refused) as refused:
            await vote(village, village.bjorn, dream_id, Choice.REJECT)

        assert "already voted" in refused.value.reason.msgid
        assert len(db.store.votes) == 1

    async def test_a_resident_cannot_vote(self, db, village):
        dream_id = await village.deposit()

        with pytest.raises(Refused) as refused:
            await vote(village, village.frida, dream_id, Choice.APPROVE)

        assert refused.value.reason.msgid == "Only the board can vote on dreams; your press changed nothing."
        assert db.store.votes == []

    async def test_the_bank_manager_is_not_a_voter_unless_on_the_board(self, village):
        dream_id = await village.deposit()

        with pytest.raises(Refused) as refused:
            await vote(village, village.eva, dream_id, Choice.APPROVE)

        assert refused.value.reason.msgid == "Only the board can vote on dreams; your press changed nothing."

    async def test_voting_on_a_decided_dream_is_refused(self, village):
        dream_id = await approved_dream(village)
        review = await village.review_of(dream_id)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await reviews.cast_vote(uow, village.clock, village.dag, review.id, Choice.REJECT)

        assert "closed" in refused.value.reason.msgid

    async def test_a_board_member_cannot_vote_on_their_own_dream_nor_count_towards_its_quorum(self, db, village):
        dream_id = await village.deposit(owner=village.bjorn)

        with pytest.raises(Refused) as refused:
            await vote(village, village.bjorn, dream_id, Choice.APPROVE)
        assert refused.value.reason.msgid == "You cannot vote on your own dream."
        await vote(village, village.cecilie, dream_id, Choice.APPROVE)
        result = await vote(village, village.dag, dream_id, Choice.APPROVE)

        assert result.verdict.outcome is Choice.APPROVE  # 2 of the 2 who may vote
        assert kinds(db, village.bjorn) == [NoticeKind.DREAM_DECIDED, NoticeKind.BOARD_DECIDED]

    async def test_an_over_long_comment_is_refused(self, village):
        dream_id = await village.deposit()

        with pytest.raises(Refused) as refused:
            await vote(village, village.bjorn, dream_id, Choice.REJECT, "x" * 1001)

        assert refused.value.reason.msgid == "Please keep your comment under {count} character."

    async def test_every_vote_and_the_decision_are_audited(self, db, village):
        dream_id = await approved_dream(village)

        actions = [(e.action, e.actor_id) for e in db.store.audit if e.subject == f"dream:{dream_id}"]
        assert actions == [("deposit", village.anna.id), ("vote", village.bjorn.id), ("vote", village.cecilie.id),
                           ("decide", None)]


class TestApprovalsQuorum:
    async def test_a_fixed_number_of_approvals_decides(self, db):
        v = await make_village(db, QuorumRule(QuorumKind.APPROVALS, 1))
        dream_id = await v.deposit()

        result = await vote(v, v.dag, dream_id, Choice.APPROVE)

        assert result.verdict.outcome is Choice.APPROVE


class TestMoreInformation:
    async def test_the_owner_amends_and_a_new_round_starts(self, db, village):
        dream_id = await village.deposit()
        await vote(village, village.bjorn, dream_id, Choice.MORE_INFO, "Where exactly?")
        await vote(village, village.dag, dream_id, Choice.MORE_INFO)
        assert (await dream(village, dream_id)).state is DreamState.NEEDS_INFO

        async with village.db() as uow:
            await dreams.amend_dream(uow, village.clock, village.anna, dream_id,
                                       a_draft(story="By the old ferry quay, facing west."))
            await uow.commit()

        found, review = await dream(village, dream_id), await village.review_of(dream_id)
        assert found.state is DreamState.DEPOSITED and found.story.startswith("By the old ferry")
        assert review.round == 2 and review.open
        await vote(village, village.bjorn, dream_id, Choice.APPROVE)  # a new round: voting again is allowed
        assert kinds(db, village.bjorn).count(NoticeKind.REVIEW_REQUESTED) == 2

    async def test_someone_else_cannot_amend(self, village):
        dream_id = await village.deposit()
        await vote(village, village.bjorn, dream_id, Choice.MORE_INFO)
        await vote(village, village.dag, dream_id, Choice.MORE_INFO)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await dreams.amend_dream(uow, village.clock, village.frida, dream_id, a_draft())

        assert refused.value.reason.msgid == "Only the person who deposited “{title}” can do that."

    async def test_an_approved_dream_cannot_be_amended(self, village):
        dream_id = await approved_dream(village)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await dreams.amend_dream(uow, village.clock, village.anna, dream_id, a_draft())

        assert refused.value.reason.msgid == ("“{title}” can be amended only when the board has asked for more "
                                              "information.")


class TestSettle:
    async def _tied(self, v):
        dream_id = await v.deposit()
        await vote(v, v.bjorn, dream_id, Choice.APPROVE)
        await vote(v, v.cecilie, dream_id, Choice.REJECT)
        await vote(v, v.dag, dream_id, Choice.MORE_INFO)
        return dream_id

    async def test_a_tie_is_reported_to_the_bank_manager_once(self, db, village):
        await self._tied(village)

        assert kinds(db, village.eva) == [NoticeKind.REVIEW_TIED]

    async def test_the_bank_manager_settles_a_tie(self, db, village):
        dream_id = await self._tied(village)
        review = await village.review_of(dream_id)

        async with village.db() as uow:
            await reviews.settle(uow, village.clock, village.eva, review.id, Choice.APPROVE, "Worth a try")
            await uow.commit()

        found = await dream(village, dream_id)
        assert found.state is DreamState.APPROVED and found.decision_reason == "Worth a try"
        assert (await village.review_of(dream_id)).settled_by == village.eva.id

    async def test_settling_while_the_board_is_still_voting_is_refused(self, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await reviews.settle(uow, village.clock, village.eva, review.id, Choice.APPROVE)

        assert refused.value.reason.msgid == ("The board is still voting. You can settle once the votes are tied or "
                                              "the review has waited {count} day.")

    async def test_a_stalled_review_can_be_settled(self, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        village.clock.advance(days=7)

        async with village.db() as uow:
            await reviews.settle(uow, village.clock, village.eva, review.id, Choice.REJECT, "No answer in time")
            await uow.commit()

        assert (await dream(village, dream_id)).state is DreamState.REJECTED

    async def test_a_review_a_second_short_of_the_stall_period_cannot_be_settled_yet(self, village):
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        village.clock.advance(days=7, seconds=-1)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await reviews.settle(uow, village.clock, village.eva, review.id, Choice.REJECT)

        assert refused.value.reason.msgid.startswith("The board is still voting.")
        assert refused.value.reason.params == {"count": 7}

    async def test_each_branch_sets_how_long_a_review_may_wait_before_it_can_be_settled(self, village):
        async with village.db() as uow:
            branch = await uow.branches.get(village.branch.id)
            branch.stall_after = timedelta(days=2)
            await uow.branches.save(branch)
            await uow.commit()
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        village.clock.advance(days=2, seconds=-1)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await reviews.settle(uow, village.clock, village.eva, review.id, Choice.REJECT)
        village.clock.advance(seconds=1)
        async with village.db() as uow:
            await reviews.settle(uow, village.clock, village.eva, review.id, Choice.REJECT, "No answer in time")
            await uow.commit()

        assert refused.value.reason.params == {"count": 2}
        assert (await dream(village, dream_id)).state is DreamState.REJECTED

    async def test_a_board_member_cannot_settle(self, village):
        dream_id = await self._tied(village)
        review = await village.review_of(dream_id)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await reviews.settle(uow, village.clock, village.bjorn, review.id, Choice.APPROVE)

        assert refused.value.reason.msgid == "Only the bank manager can settle a review."


class TestBank:
    async def test_liking_twice_is_refused_and_counts_once(self, db, village):
        dream_id = await approved_dream(village)
        async with village.db() as uow:
            assert await bank.like_dream(uow, village.clock, village.frida, dream_id) == 1
            await uow.commit()

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await bank.like_dream(uow, village.clock, village.frida, dream_id)

        assert refused.value.reason.msgid == "You already like “{title}”."
        assert len(db.store.likes) == 1

    async def test_a_dream_under_review_cannot_be_liked(self, village):
        dream_id = await village.deposit()

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await bank.like_dream(uow, village.clock, village.frida, dream_id)

        assert refused.value.reason.msgid == "Only dreams in the bank and projects under way can be liked."

    async def test_a_pledge_reaches_the_owner(self, db, village):
        dream_id = await approved_dream(village)

        async with village.db() as uow:
            await pledge(uow, village.clock, village.frida, dream_id, Need.MATERIALS, "For the wood", Decimal("1500"))
            await uow.commit()

        told = [n for n in db.notices_for(village.anna.id) if n.kind is NoticeKind.PLEDGE_RECEIVED]
        assert [(n.params["helper"], n.params["amount"]) for n in told] == [("Frida", "1500.00")]

    async def test_the_owner_cannot_pledge_to_their_own_dream(self, village):
        dream_id = await approved_dream(village)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await pledge(uow, village.clock, village.anna, dream_id, Need.TIME, "Me")

        assert refused.value.reason.msgid == "This is your own dream: pledges are how others offer you help."


class TestWithdrawalAndFactory:
    async def _project(self, v):
        dream_id = await approved_dream(v)
        async with v.db() as uow:
            await bank.like_dream(uow, v.clock, v.frida, dream_id)
            await pledge(uow, v.clock, v.gustav, dream_id, Need.TIME, "Two Saturdays")
            await dreams.propose_withdrawal(uow, v.clock, v.anna, dream_id, "We have wood and hands")
            await uow.commit()
        review = await v.review_of(dream_id)
        assert review.kind is ReviewKind.WITHDRAWAL
        await vote(v, v.bjorn, dream_id, Choice.APPROVE)
        await vote(v, v.dag, dream_id, Choice.APPROVE)
        async with v.db() as uow:
            return await uow.projects.by_dream(dream_id)

    async def test_an_agreed_withdrawal_makes_a_project_followed_by_likers_and_pledgers(self, db, village):
        project = await self._project(village)

        assert (await dream(village, project.dream_id)).state is DreamState.PROJECT
        async with village.db() as uow:
            followers = set(await uow.projects.followers(project.dream_id))
            team = await uow.projects.team(project.id)
        assert followers == {village.anna.id, village.frida.id, village.gustav.id}
        assert [(t.member_id, t.role) for t in team] == [(village.anna.id, "lead")]
        assert NoticeKind.PROJECT_STARTED in kinds(db, village.frida)

    async def test_only_the_owner_can_propose_a_withdrawal(self, village):
        dream_id = await approved_dream(village)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await dreams.propose_withdrawal(uow, village.clock, village.frida, dream_id)

        assert refused.value.reason.msgid == "Only the person who deposited “{title}” can do that."

    async def test_a_second_proposal_while_the_board_considers_is_refused(self, village):
        dream_id = await approved_dream(village)
        async with village.db() as uow:
            await dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id)
            await uow.commit()

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id)

        assert refused.value.reason.msgid == "The board is already considering “{title}”."

    async def test_a_refused_withdrawal_leaves_the_dream_in_the_bank(self, db, village):
        dream_id = await approved_dream(village)
        async with village.db() as uow:
            await dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id)
            await uow.commit()

        await vote(village, village.bjorn, dream_id, Choice.REJECT, "Not enough help yet")
        await vote(village, village.cecilie, dream_id, Choice.REJECT)

        assert (await dream(village, dream_id)).state is DreamState.APPROVED
        assert NoticeKind.WITHDRAWAL_DECIDED in kinds(db, village.anna)

    async def test_an_update_reaches_every_follower_but_its_author(self, db, village):
        project = await self._project(village)

        async with village.db() as uow:
            await projects.post_update(uow, village.clock, village.anna, project.id, "The wood has arrived!")
            await uow.commit()

        assert NoticeKind.PROJECT_UPDATED in kinds(db, village.frida)
        assert NoticeKind.PROJECT_UPDATED in kinds(db, village.gustav)
        assert NoticeKind.PROJECT_UPDATED not in kinds(db, village.anna)

    async def test_someone_off_the_team_cannot_post_an_update(self, village):
        project = await self._project(village)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await projects.post_update(uow, village.clock, village.frida, project.id, "Hi")

        assert refused.value.reason.msgid == "Only the project's team can post updates to “{title}”."

    async def test_the_lead_adds_a_team_member_who_may_then_post(self, db, village):
        project = await self._project(village)

        async with village.db() as uow:
            await projects.add_team_member(uow, village.clock, village.anna, project.id, village.frida.id,
                                           "treasurer")
            await projects.post_update(uow, village.clock, village.frida, project.id, "Accounts are open")
            await uow.commit()

        assert NoticeKind.TEAM_JOINED in kinds(db, village.frida)
        assert NoticeKind.PROJECT_UPDATED in kinds(db, village.anna)

    async def test_only_the_lead_adds_team_members(self, village):
        project = await self._project(village)

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await projects.add_team_member(uow, village.clock, village.frida, project.id, village.frida.id,
                                               "boss")

        assert refused.value.reason.msgid == "Only the project's lead can do that."

    async def test_closing_puts_the_project_in_the_archive_and_followers_are_told(self, db, village):
        project = await self._project(village)

        async with village.db() as uow:
            await projects.close_project(uow, village.clock, village.anna, project.id, ProjectState.COMPLETED,
                                         "Good teamwork", "The bench stands by the quay.")
            await uow.commit()
        async with village.db() as uow:
            archived = await archive.finished_projects(uow, village.branch.id)

        assert [p.id for p in archived] == [project.id]
        assert NoticeKind.PROJECT_CLOSED in kinds(db, village.frida)

    async def test_an_archived_project_takes_no_updates(self, village):
        project = await self._project(village)
        async with village.db() as uow:
            await projects.close_project(uow, village.clock, village.anna, project.id, ProjectState.DISCONTINUED,
                                         "", "The quay was sold.")
            await uow.commit()

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await projects.post_update(uow, village.clock, village.anna, project.id, "Still here")

        assert refused.value.reason.msgid == "This project is in the archive; it cannot change any more."


class TestRetract:
    async def test_the_owner_takes_a_dream_out_of_review(self, village):
        dream_id = await village.deposit()

        async with village.db() as uow:
            await dreams.retract_dream(uow, village.clock, village.anna, dream_id)
            await uow.commit()

        assert (await dream(village, dream_id)).state is DreamState.RETRACTED
        assert not (await village.review_of(dream_id)).open

    async def test_someone_else_cannot_take_it_out(self, village):
        dream_id = await village.deposit()

        with pytest.raises(Refused) as refused:
            async with village.db() as uow:
                await dreams.retract_dream(uow, village.clock, village.frida, dream_id)

        assert refused.value.reason.msgid == "Only the person who deposited “{title}” can do that."
