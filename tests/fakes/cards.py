"""A dream's card, in memory: each part read as its own fake reads it."""

from __future__ import annotations

from core.model.cards import Card

from .bank import FakeBank
from .dreams import FakeDreams
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
        return Card(dream, await FakeBank(self.s).support(dream_id, viewer_id),
                    await FakeReviews(self.s).latest(dream_id), await FakeProjects(self.s).by_dream(dream_id),
                    await FakePictures(self.s).facts(dream_id), await FakeTalk(self.s).visible_count(dream_id=dream_id))
