"""Pådriver applications and contributions, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.model.bank import STANDING
from core.model.events import Answer
from core.model.padrivere import ApplicationStatus, Contributions, Padriver
from core.model.members import Role

from .store import Store, kept


def is_padriver(s: Store, p: Padriver) -> bool:
    """Approved, and still holding the role."""
    return p.status is ApplicationStatus.APPROVED and (p.branch_id, p.member_id, Role.PADRIVER) in s.roles


class FakePadrivere:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def get(self, branch_id: int, member_id: int) -> Padriver | None:
        return next((copy.deepcopy(p) for p in self.s.padrivere.values()
                     if (p.branch_id, p.member_id) == (branch_id, member_id)), None)

    async def by_id(self, padriver_id: int, *, for_update: bool = False) -> Padriver | None:
        return copy.deepcopy(self.s.padrivere.get(padriver_id))

    async def save(self, padriver: Padriver) -> Padriver:
        earlier = await self.get(padriver.branch_id, padriver.member_id)
        saved = replace(padriver, id=earlier.id if earlier else self.s.new_id(),
                        competences=list(dict.fromkeys(padriver.competences)))
        self.s.padrivere[saved.id] = kept(saved)
        return saved

    async def pending(self, branch_id: int) -> list[Padriver]:
        found = [p for p in self.s.padrivere.values()
                 if p.branch_id == branch_id and p.status is ApplicationStatus.PENDING]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.applied_at, p.id))]

    async def approved(self, branch_id: int, *, public_only: bool = False) -> list[Padriver]:
        found = [p for p in self.s.padrivere.values()
                 if p.branch_id == branch_id and is_padriver(self.s, p) and (p.public or not public_only)]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.decided_at or p.applied_at, p.id))]

    async def contributions(self, branch_id: int, member_ids, now: datetime) -> dict[int, Contributions]:
        s = self.s
        out = {}
        for member_id in dict.fromkeys(member_ids):
            pledges = sum(1 for p in s.pledges.values()
                          if p.member_id == member_id and s.dreams[p.dream_id].branch_id == branch_id
                          and p.state in STANDING)
            events = sum(1 for r in s.rsvps.values() if r.member_id == member_id and r.answer is Answer.GOING
                         and not r.waiting and s.events[r.event_id].branch_id == branch_id
                         and not s.events[r.event_id].cancelled and s.events[r.event_id].ends_at <= now)
            calls = sum(1 for x in s.signups if x.member_id == member_id and s.calls[x.call_id].branch_id == branch_id)
            teams = sorted((t for t in s.team if t.member_id == member_id
                            and s.projects[t.project_id].branch_id == branch_id),
                           key=lambda t: (s.projects[t.project_id].started_at, t.project_id))
            roles = tuple((s.projects[t.project_id].title, t.role) for t in teams)
            out[member_id] = Contributions(pledges, events, calls, roles)
        return out
