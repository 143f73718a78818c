"""Dreams and the board's reviews of them, with one vote per member per review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.dreams import Dream, DreamState
from core.model.reviews import Review, Vote

from ..mapping import dream_values, review_values, to_dream, to_review, to_vote, vote_values
from ..tables import DreamRow, ReviewRow, VoteRow
from .base import Repository


class SqlDreams(Repository):
    async def add(self, dream: Dream) -> Dream:
        row = await self._insert(DreamRow(**dream_values(dream)))
        return replace(dream, id=row.id)

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        statement = sa.select(DreamRow).where(DreamRow.id == dream_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_dream(row) if row else None

    async def save(self, dream: Dream) -> None:
        await self._update(DreamRow, dream.id, dream_values(dream))

    async def in_state(self, branch_id: int, states: Sequence[DreamState]) -> Sequence[Dream]:
        if not states:
            return []
        rows = await self._all(
            sa.select(DreamRow)
            .where(DreamRow.branch_id == branch_id, DreamRow.state.in_([DreamState(s).value for s in states]))
            .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]

    async def owned_by(self, member_id: int) -> Sequence[Dream]:
        rows = await self._all(sa.select(DreamRow).where(DreamRow.owner_id == member_id)
                               .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]


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
        row = await self._first(sa.select(ReviewRow).where(ReviewRow.dream_id == dream_id)
                                .order_by(ReviewRow.round.desc(), ReviewRow.id.desc()))
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
