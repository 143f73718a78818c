"""The board's reviews of dreams, with one vote per member per review, and the interests declared in a dream
(one per member) that recuse board members from its reviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.reviews import Choice, Interest, Review, ReviewKind, Vote

from ..tables import InterestRow, ReviewRow, VoteRow
from .base import Repository, Values


class SqlReviews(Repository):
    async def add(self, review: Review) -> Review:
        row = await self._insert(ReviewRow(**review_values(review)))
        return replace(review, id=row.id)

    async def get(self, review_id: int, *, for_update: bool = False) -> Review | None:
        statement = sa.select(ReviewRow).where(ReviewRow.id == review_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_review(row) if row else None

    async def save(self, review: Review) -> None:
        await self._update(ReviewRow, review.id, review_values(review))

    async def latest(self, dream_id: int) -> Review | None:
        row = await self._where(ReviewRow, "dream_id", dream_id, ReviewRow.round.desc(), ReviewRow.id.desc(),
                                first=True)
        return to_review(row) if row else None

    async def open_in(self, branch_id: int) -> Sequence[Review]:
        rows = await self._all(
            sa.select(ReviewRow)
            .where(ReviewRow.branch_id == branch_id, ReviewRow.outcome.is_(None), ReviewRow.decided_at.is_(None))
            .order_by(ReviewRow.opened_at, ReviewRow.id))
        return [to_review(r) for r in rows]

    async def add_vote(self, vote: Vote) -> None:
        await self._insert_unique(VoteRow(**vote_values(vote)),
                                  f"member {vote.voter_id} voted in review {vote.review_id} already")

    async def votes(self, review_id: int) -> Sequence[Vote]:
        rows = await self._all(sa.select(VoteRow).where(VoteRow.review_id == review_id)
                               .order_by(VoteRow.cast_at, VoteRow.id))
        return [to_vote(r) for r in rows]

    async def remove_vote(self, review_id: int, voter_id: int) -> bool:
        return await self._delete(VoteRow, VoteRow.review_id == review_id, VoteRow.voter_id == voter_id) > 0

    async def add_interest(self, interest: Interest) -> None:
        await self._insert_unique(InterestRow(**interest_values(interest)),
                                  f"member {interest.member_id} declared an interest in dream {interest.dream_id}")

    async def remove_interest(self, dream_id: int, member_id: int) -> bool:
        return await self._delete(InterestRow, InterestRow.dream_id == dream_id,
                                  InterestRow.member_id == member_id) > 0

    async def interests(self, dream_id: int) -> Sequence[Interest]:
        rows = await self._all(sa.select(InterestRow).where(InterestRow.dream_id == dream_id)
                               .order_by(InterestRow.declared_at, InterestRow.id))
        return [to_interest(r) for r in rows]


def review_values(r: Review) -> Values:
    return dict(dream_id=r.dream_id, branch_id=r.branch_id, kind=ReviewKind(r.kind).value, round=r.round,
                opened_at=r.opened_at, motivation=r.motivation, decided_at=r.decided_at,
                outcome=Choice(r.outcome).value if r.outcome is not None else None, settled_by=r.settled_by)


def to_review(r: ReviewRow) -> Review:
    return Review(r.dream_id, r.branch_id, ReviewKind(r.kind), r.round, r.opened_at, r.motivation, r.decided_at,
                  Choice(r.outcome) if r.outcome is not None else None, r.settled_by, r.id)


def vote_values(v: Vote) -> Values:
    return dict(review_id=v.review_id, voter_id=v.voter_id, choice=Choice(v.choice).value, comment=v.comment,
                cast_at=v.cast_at)


def to_vote(r: VoteRow) -> Vote:
    return Vote(r.review_id, r.voter_id, Choice(r.choice), r.comment, r.cast_at)


def interest_values(i: Interest) -> Values:
    return dict(dream_id=i.dream_id, member_id=i.member_id, reason=i.reason, declared_at=i.declared_at)


def to_interest(r: InterestRow) -> Interest:
    return Interest(r.dream_id, r.member_id, r.reason, r.declared_at)
