"""Platform updates kept until handled, in memory."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .store import Store, utc


class FakeInboundUpdates:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def keep(self, source: str, updates: Sequence[tuple[int, dict[str, Any]]], at: datetime) -> None:
        for update_id, payload in updates:
            self.s.inbound.setdefault((source, update_id), [copy.deepcopy(payload), utc(at), None])

    async def unhandled(self, source: str, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        waiting = sorted((update_id, row[0]) for (src, update_id), row in self.s.inbound.items()
                         if src == source and row[2] is None)
        return copy.deepcopy(waiting[:limit])

    async def mark_handled(self, source: str, update_id: int, at: datetime) -> None:
        if (source, update_id) in self.s.inbound:
            self.s.inbound[(source, update_id)][2] = utc(at)

    async def forget_handled(self, source: str, before: datetime) -> int:
        old = [key for key, row in self.s.inbound.items() if key[0] == source and row[2] is not None and row[2] < before]
        for key in old:
            del self.s.inbound[key]
        return len(old)
