"""A dream's card, in memory: each part read as its own fake reads it."""

from __future__ import annotations

from core.model.bank import Support
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
        bank, projects = FakeBank(self.s), FakeProjects(self.s)
        pledges = await bank.pledges(dream_id)
        names = await FakeMembers(self.s).names({dream.owner_id} | {p.member_id for p in pledges})
        viewer = viewer_id is not None
        support = Support(await bank.likes(dream_id), await projects.follower_count(dream_id),
                          viewer and await bank.has_liked(dream_id, viewer_id),
                          viewer and await projects.follows(dream_id, viewer_id))
        picture = await FakePictures(self.s).get(dream_id)
        return Card(dream, support, await FakeReviews(self.s).latest(dream_id), await projects.by_dream(dream_id),
                    picture.facts if picture else None, await FakeTalk(self.s).visible_count(dream_id=dream_id),
                    names[dream.owner_id], tuple((names[p.member_id], p) for p in pledges),
                    tuple(await FakeNeeds(self.s).of_dream(dream_id)))
