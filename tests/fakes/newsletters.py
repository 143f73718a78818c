"""Newsletters, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.model.newsletters import Newsletter, NewsletterStatus

from .store import Store, kept, save_over


class FakeNewsletters:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, newsletter: Newsletter) -> Newsletter:
        added = replace(newsletter, id=self.s.new_id())
        self.s.newsletters[added.id] = kept(added)
        return added

    async def get(self, newsletter_id: int) -> Newsletter | None:
        return copy.deepcopy(self.s.newsletters.get(newsletter_id))

    async def save(self, newsletter: Newsletter) -> None:
        save_over(self.s.newsletters, newsletter)

    async def due(self, now: datetime, limit: int = 20) -> list[Newsletter]:
        found = [n for n in self.s.newsletters.values()
                 if n.status is NewsletterStatus.SCHEDULED and (n.send_at is None or n.send_at <= now)]
        found.sort(key=lambda n: (n.send_at or n.created_at, n.id))
        return [copy.deepcopy(n) for n in found[:limit]]

    async def recent(self, branch_id: int, limit: int = 10) -> list[Newsletter]:
        found = [n for n in self.s.newsletters.values() if n.branch_id == branch_id]
        found.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        return [copy.deepcopy(n) for n in found[:limit]]
