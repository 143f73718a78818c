"""Half-finished dialogs, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.dialogs.state import DialogState

from .store import Store, kept


class FakeDialogs:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def current(self, member_id: int) -> DialogState | None:
        return copy.deepcopy(self.s.dialogs.get(member_id))

    async def save(self, state: DialogState) -> DialogState:
        earlier = self.s.dialogs.get(state.member_id)
        state = replace(state, id=earlier.id if earlier else self.s.new_id())
        self.s.dialogs[state.member_id] = kept(state)
        return state

    async def end(self, member_id: int) -> None:
        self.s.dialogs.pop(member_id, None)
