"""A unit of work keeps nothing it was not told to commit, and survives a refused duplicate."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict
from core.model.audit import AuditEntry
from core.model.bank import Like, Pledge
from core.model.dreams import DreamState, Need
from core.model.members import Role
from core.model.projects import Project, ProjectUpdate, TeamMember
from core.model.reviews import Choice, Review, ReviewKind, Vote

from tests.factories import AT, a_dream, later, seed
from tests.integration.round_trips import ON_SQL

pytestmark = pytest.mark.in_memory_too


class TestRollbackByDefault:
    async def test_a_unit_of_work_left_without_commit_leaves_nothing_behind(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            await uow.bank.add_like(Like(dream.id, s.bjorn.id, AT))  # inside a savepoint, released
            await uow.members.grant(s.branch.id, s.anna.id, Role.BOARD)  # and another
            await uow.audit.record(AuditEntry(s.branch.id, s.anna.id, "deposit", f"dream:{dream.id}", AT))
        async with uow_factory() as uow:
            assert list(await uow.dreams.owned_by(s.anna.id)) == []
            assert await uow.bank.likes(dream.id) == 0
            assert await uow.members.roles(s.branch.id, s.anna.id) == set()
            assert list(await uow.audit.about(f"dream:{dream.id}")) == []

    async def test_an_error_inside_a_unit_of_work_undoes_its_changes(self, uow_factory):
        s = await seed(uow_factory)
        with pytest.raises(RuntimeError):
            async with uow_factory() as uow:
                await uow.dreams.add(a_dream(s))
                raise RuntimeError("the use case failed")
        async with uow_factory() as uow:
            assert list(await uow.dreams.owned_by(s.anna.id)) == []

    async def test_only_what_was_committed_stays_when_work_goes_on_after_a_commit(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            kept = await uow.dreams.add(a_dream(s))
            await uow.commit()
            await uow.dreams.add(a_dream(s, minutes=5))
        async with uow_factory() as uow:
            assert list(await uow.dreams.owned_by(s.anna.id)) == [kept]


class TestConflicts:
    async def test_a_second_vote_raises_conflict_and_the_transaction_can_still_commit(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            review = await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.DEPOSIT, 1, AT))
            first = Vote(review.id, s.anna.id, Choice.APPROVE, "", later(1))
            await uow.reviews.add_vote(first)
            with pytest.raises(Conflict):
                await uow.reviews.add_vote(Vote(review.id, s.anna.id, Choice.REJECT, "changed my mind", later(2)))
            other = Vote(review.id, s.bjorn.id, Choice.REJECT, "", later(3))
            await uow.reviews.add_vote(other)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.reviews.votes(review.id)) == [first, other]

    async def test_a_vote_committed_earlier_makes_a_later_one_conflict(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            review = await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.DEPOSIT, 1, AT))
            await uow.reviews.add_vote(Vote(review.id, s.bjorn.id, Choice.APPROVE, "", later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.reviews.add_vote(Vote(review.id, s.bjorn.id, Choice.APPROVE, "", later(2)))
            await uow.audit.record(AuditEntry(s.branch.id, s.bjorn.id, "note", f"dream:{dream.id}", later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            assert len(await uow.reviews.votes(review.id)) == 1
            assert len(await uow.audit.about(f"dream:{dream.id}")) == 1

    async def test_a_second_like_raises_conflict_and_the_transaction_can_still_commit(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            await uow.bank.add_like(Like(dream.id, s.bjorn.id, AT))
            with pytest.raises(Conflict):
                await uow.bank.add_like(Like(dream.id, s.bjorn.id, later(1)))
            pledge = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.TIME, "A Saturday", None, later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.bank.likers(dream.id)) == [s.bjorn.id]
            assert list(await uow.bank.pledges(dream.id)) == [pledge]

    async def test_a_second_team_membership_raises_conflict_and_the_transaction_can_still_commit(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            project = await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, AT))
            await uow.projects.add_team_member(TeamMember(project.id, s.bjorn.id, "carpenter"))
            with pytest.raises(Conflict):
                await uow.projects.add_team_member(TeamMember(project.id, s.bjorn.id, "painter"))
            await uow.projects.follow(dream.id, s.bjorn.id)
            update = await uow.projects.add_update(ProjectUpdate(project.id, s.bjorn.id, "Started.", later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.projects.team(project.id)) == [TeamMember(project.id, s.bjorn.id, "carpenter")]
            assert list(await uow.projects.followers(dream.id)) == [s.bjorn.id]
            assert list(await uow.projects.updates(project.id)) == [update]

    @ON_SQL
    async def test_a_missing_parent_row_is_an_integrity_error_not_a_conflict(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            with pytest.raises(IntegrityError):
                await uow.reviews.add_vote(Vote(999, s.anna.id, Choice.APPROVE, "", AT))
            assert await uow.branches.get(s.branch.id) == s.branch  # and the transaction goes on


class TestSavingWhatWasNeverAdded:
    @pytest.mark.parametrize("repository", ["branches", "members", "dreams", "reviews", "projects"])
    async def test_saving_a_row_that_does_not_exist_is_an_error(self, uow_factory, repository):
        s = await seed(uow_factory)
        dream = replace(a_dream(s), id=999)
        never_added = {"branches": replace(s.branch, id=999), "members": replace(s.anna, id=999), "dreams": dream,
                       "reviews": Review(999, s.branch.id, ReviewKind.DEPOSIT, 1, AT, id=999),
                       "projects": Project(999, s.branch.id, "Nowhere", s.anna.id, AT, id=999)}[repository]

        async with uow_factory() as uow:
            with pytest.raises(LookupError):
                await getattr(uow, repository).save(never_added)
