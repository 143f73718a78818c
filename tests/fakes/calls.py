"""Calls for participation and who signed up, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.errors import Conflict
from core.model.calls import Call, CallStatus, Signup

from .store import Store, kept, save_over


class FakeCalls:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, call: Call) -> Call:
        added = replace(call, id=self.s.new_id(), competences=list(dict.fromkeys(call.competences)))
        self.s.calls[added.id] = kept(added)
        return added

    async def get(self, call_id: int, *, for_update: bool = False) -> Call | None:
        return copy.deepcopy(self.s.calls.get(call_id))

    async def save(self, call: Call) -> None:
        save_over(self.s.calls, replace(call, competences=list(dict.fromkeys(call.competences))))

    async def open_in(self, branch_id: int) -> list[Call]:
        found = [c for c in self.s.calls.values() if c.branch_id == branch_id and c.status is not CallStatus.CLOSED]
        return [copy.deepcopy(c) for c in sorted(found, key=lambda c: (c.created_at, c.id))]

    async def signups(self, call_id: int) -> list[Signup]:
        return sorted((x for x in self.s.signups if x.call_id == call_id), key=lambda x: x.at)

    async def add_signup(self, signup: Signup) -> None:
        if any((x.call_id, x.member_id) == (signup.call_id, signup.member_id) for x in self.s.signups):
            raise Conflict("signup")
        self.s.signups.append(kept(signup))

    async def remove_signup(self, call_id: int, member_id: int) -> bool:
        kept = [x for x in self.s.signups if (x.call_id, x.member_id) != (call_id, member_id)]
        removed, self.s.signups = len(kept) < len(self.s.signups), kept
        return removed

    async def answered_by(self, member_id: int) -> list[int]:
        return [x.call_id for x in sorted(self.s.signups, key=lambda x: x.at) if x.member_id == member_id]
