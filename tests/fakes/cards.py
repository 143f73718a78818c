"""A dream's card, in memory: each part read as its own fake reads it."""

from __future__ import annotations

from core.model.cards import Card

from .bank import FakeBank
from .dreams import FakeDreams
from .members import FakeMembers
from .needs import FakeNeeds
from .pictures import FakePictures
from .projects import FakeProjects
from .reviews import FakeReviews
from .store import Store
from .talk import FakeTalk


class FakeCards:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def of_dream(self, dream_id: int, viewer_id: int | None) -> Card | None:
        dream = await FakeDreams(self.s).get(dream_id)
        if dream is None:
            return None
        bank = FakeBank(self.s)
        pledges = await bank.pledges(dream_id)
        names = await FakeMembers(self.s).names({dream.owner_id} | {p.member_id for p in pledges})
        return Card(dream, await bank.support(dream_id, viewer_id),
                    await FakeReviews(self.s).latest(dream_id), await FakeProjects(self.s).by_dream(dream_id),
                    await FakePictures(self.s).facts(dream_id), await FakeTalk(self.s).visible_count(dream_id=dream_id),
                    names[dream.owner_id], tuple((names[p.member_id], p) for p in pledges),
                    tuple(await FakeNeeds(self.s).of_dream(dream_id)))
