"""Platform updates handled once, in memory."""

from __future__ import annotations

from datetime import datetime

from core.model.arrivals import Arrival
from core.model.members import Identity

from .dialogs import FakeDialogs
from .members import FakeMembers
from .store import Store


class FakeInbox:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def first_time(self, key: str, at: datetime) -> bool:
        if key in self.s.inbox:
            return False
        self.s.inbox[key] = at
        return True

    async def arrival(self, key: str, at: datetime, identity: Identity) -> Arrival:
        if not await self.first_time(key, at):
            return Arrival(False)
        known = await FakeMembers(self.s).with_branch(identity)
        if known is None:
            return Arrival(True)
        return Arrival(True, *known, await FakeDialogs(self.s).current(known[0].id), dialog_read=True)

    async def forget_before(self, before: datetime, batch: int) -> int:
        old = sorted((at, key) for key, at in self.s.inbox.items() if at < before)[:batch]
        for _, key in old:
            del self.s.inbox[key]
        return len(old)
