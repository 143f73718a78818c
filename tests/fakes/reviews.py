"""The board's reviews and votes, and the interests declared in dreams, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.errors import Conflict
from core.model.reviews import Interest, Review, Vote

from .store import Store, kept, save_over


class FakeReviews:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, review: Review) -> Review:
        added = replace(review, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.reviews[added.id] = kept(added)
        return added

    async def get(self, review_id: int, *, for_update: bool = False) -> Review | None:
        return copy.deepcopy(self.s.reviews.get(review_id))

    async def save(self, review: Review) -> None:
        save_over(self.s.reviews, review)

    async def latest(self, dream_id: int) -> Review | None:
        found = [r for r in self.s.reviews.values() if r.dream_id == dream_id]
        return copy.deepcopy(max(found, key=lambda r: (r.round, r.id))) if found else None

    async def open_in(self, branch_id: int) -> list[Review]:
        found = [r for r in self.s.reviews.values() if r.branch_id == branch_id and r.open]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.opened_at, r.id))]

    async def add_vote(self, vote: Vote) -> None:
        if any(v.review_id == vote.review_id and v.voter_id == vote.voter_id for v in self.s.votes):
            raise Conflict("vote")
        self.s.votes.append(kept(vote))

    async def votes(self, review_id: int) -> list[Vote]:
        """In the order cast; votes cast at the same moment in the order written."""
        return [copy.deepcopy(v) for v in sorted(self.s.votes, key=lambda v: v.cast_at) if v.review_id == review_id]

    async def remove_vote(self, review_id: int, voter_id: int) -> bool:
        kept_votes = [v for v in self.s.votes if not (v.review_id == review_id and v.voter_id == voter_id)]
        removed = len(kept_votes) < len(self.s.votes)
        self.s.votes = kept_votes
        return removed

    async def add_interest(self, interest: Interest) -> None:
        if (interest.dream_id, interest.member_id) in self.s.interests:
            raise Conflict("interest")
        self.s.interests[(interest.dream_id, interest.member_id)] = kept(interest)

    async def remove_interest(self, dream_id: int, member_id: int) -> bool:
        return self.s.interests.pop((dream_id, member_id), None) is not None

    async def interests(self, dream_id: int) -> list[Interest]:
        """In the order declared; those declared at the same moment in the order written."""
        return [copy.deepcopy(i) for i in sorted(self.s.interests.values(), key=lambda i: i.declared_at)
                if i.dream_id == dream_id]
