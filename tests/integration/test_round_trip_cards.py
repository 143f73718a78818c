"""A dream's card, read in one look-up, is what each of its parts reads alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decimal import Decimal

from core.model.bank import Like, Pledge, PledgeState, Support
from core.model.dreams import DreamState, Need
from core.model.members import FORMER_MEMBER, Member
from core.model.needs import DreamNeed
from core.model.pictures import Picture
from core.model.projects import Project
from core.model.reviews import Review, ReviewKind
from core.model.talk import Comment

from tests.factories import a_dream, a_png, later, seed

pytestmark = pytest.mark.in_memory_too


async def parts(uow, dream_id: int, viewer_id: int | None) -> tuple:
    """The card's parts, each read alone."""
    dream, pledges = await uow.dreams.get(dream_id), await uow.bank.pledges(dream_id)
    names = await uow.members.names({dream.owner_id} | {p.member_id for p in pledges})
    viewer, picture = viewer_id is not None, await uow.pictures.get(dream_id)
    support = Support(await uow.bank.likes(dream_id), await uow.projects.follower_count(dream_id),
                      viewer and await uow.bank.has_liked(dream_id, viewer_id),
                      viewer and await uow.projects.follows(dream_id, viewer_id))
    return (dream, support, await uow.reviews.latest(dream_id), await uow.projects.by_dream(dream_id),
            picture.facts if picture else None, await uow.talk.visible_count(dream_id=dream_id),
            names[dream.owner_id], tuple((names[p.member_id], p) for p in pledges),
            tuple(await uow.needs.of_dream(dream_id)))


def as_parts(card) -> tuple:
    return (card.dream, card.support, card.latest_review, card.project, card.picture, card.comments, card.owner,
            card.pledges, card.needs)


class TestCards:
    async def test_a_dream_with_everything_beside_it_reads_as_its_parts_do_for_a_viewer_and_a_visitor(
            self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.PROJECT))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            for member, minutes in ((s.bjorn, 1), (s.anna, 2)):
                await uow.bank.add_like(Like(dream.id, member.id, later(minutes)))
            await uow.bank.add_like(Like(other.id, s.anna.id, later(2)))
            await uow.projects.follow(dream.id, s.bjorn.id)
            await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.DEPOSIT, 1, later(3), "First"))
            await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.WITHDRAWAL, 2, later(4), "Ready"))
            await uow.reviews.add(Review(other.id, s.branch.id, ReviewKind.DEPOSIT, 3, later(5), "Elsewhere"))
            await uow.projects.add(Project(dream.id, s.branch.id, "The bench", s.anna.id, later(6)))
            await uow.pictures.put(Picture.taken(dream.id, a_png(3, 2), later(7)))
            await uow.talk.add_comment(Comment(s.branch.id, s.anna.id, "Lovely", later(8), dream.id))
            hidden = await uow.talk.add_comment(Comment(s.branch.id, s.bjorn.id, "Hm", later(9), dream.id))
            await uow.talk.save_comment(replace(hidden, hidden=True))
            await uow.talk.add_comment(Comment(s.branch.id, s.anna.id, "There", later(9), other.id))
            money = await uow.needs.add(DreamNeed(dream.id, Need.MONEY, "Paint", Decimal("1200.50")))
            await uow.needs.add(DreamNeed(dream.id, Need.TIME))
            await uow.needs.add(DreamNeed(other.id, Need.SKILLS, "Elsewhere"))
            gone = await uow.members.add(Member("Cato", s.branch.id, "en", later(1)))
            await uow.bank.add_pledge(Pledge(dream.id, gone.id, Need.TIME, "A Saturday", None, later(12)))
            await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MONEY, "For <b>paint</b> & brushes",
                                             Decimal("300.25"), later(10), need_id=money.id,
                                             state=PledgeState.ACCEPTED, thanked=True))
            await uow.bank.add_pledge(Pledge(other.id, s.bjorn.id, Need.SKILLS, "Elsewhere", None, later(11)))
            await uow.commit()
        async with uow_factory() as uow:
            await uow.privacy.forget(gone.id, later(13))
            await uow.commit()

        async with uow_factory() as uow:
            for viewer in (s.bjorn.id, s.anna.id, None):
                card = await uow.cards.of_dream(dream.id, viewer)
                expected = await parts(uow, dream.id, viewer)
                assert card is not None
                assert as_parts(card) == expected
            bjorn = await uow.cards.of_dream(dream.id, s.bjorn.id)
            visitor = await uow.cards.of_dream(dream.id, None)

        assert bjorn.support == Support(2, 1, liked=True, following=True)
        assert visitor.support == Support(2, 1)
        assert (bjorn.latest_review.round, bjorn.project.title, bjorn.picture.width, bjorn.comments) == \
            (2, "The bench", 3, 1)
        assert bjorn.owner == "Anna"
        assert [(name, p.description, p.amount, p.state, p.thanked) for name, p in bjorn.pledges] == [
            ("Bjørn", "For <b>paint</b> & brushes", Decimal("300.25"), PledgeState.ACCEPTED, True),
            (FORMER_MEMBER, "A Saturday", None, PledgeState.OFFERED, False)]
        assert bjorn.pledges[0][1].at == later(10) and bjorn.pledges[0][1].need_id == bjorn.needs[0].id
        assert [(n.kind, n.description, n.amount) for n in bjorn.needs] == [
            (Need.MONEY, "Paint", Decimal("1200.50")), (Need.TIME, "", None)]

    async def test_a_dreams_support_counts_likes_and_followers_and_tells_whether_the_viewer_is_among_them(
            self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED, minutes=1))
            await uow.bank.add_like(Like(dream.id, s.bjorn.id, later(2)))
            await uow.bank.add_like(Like(dream.id, s.anna.id, later(1)))
            await uow.bank.add_like(Like(other.id, s.anna.id, later(1)))
            await uow.projects.follow(dream.id, s.bjorn.id)
            await uow.projects.follow(other.id, s.anna.id)
            await uow.commit()
        async with uow_factory() as uow:
            async def support(dream_id, viewer_id):
                return (await uow.cards.of_dream(dream_id, viewer_id)).support

            assert await support(dream.id, s.bjorn.id) == Support(2, 1, liked=True, following=True)
            assert await support(dream.id, s.anna.id) == Support(2, 1, liked=True, following=False)
            assert await support(other.id, s.bjorn.id) == Support(1, 1, liked=False, following=False)
            assert await support(dream.id, None) == Support(2, 1)

    async def test_a_dream_with_nothing_beside_it_and_one_that_is_not_there(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            await uow.commit()
        async with uow_factory() as uow:
            card = await uow.cards.of_dream(dream.id, s.anna.id)
            missing = await uow.cards.of_dream(dream.id + 1000, s.anna.id)
            expected = await parts(uow, dream.id, s.anna.id)

        assert as_parts(card) == expected
        assert (card.support, card.latest_review, card.project, card.picture, card.comments, card.pledges,
                card.needs) == (Support(0, 0), None, None, None, 0, (), ())
        assert missing is None
