"""One-time link codes, wrong codes typed and what an account holds, in memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.model.accounts import Holding, LinkCode
from core.model.members import Identity

from .store import Store, kept, utc


class FakeAccounts:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def put_code(self, code: LinkCode) -> None:
        self.s.link_codes = {h: c for h, c in self.s.link_codes.items() if c.member_id != code.member_id}
        self.s.link_codes[code.code_hash] = kept(replace(code, id=self.s.new_id()))

    async def code(self, code_hash: str) -> LinkCode | None:
        return self.s.link_codes.get(code_hash)

    async def use_code(self, code_hash: str, at: datetime) -> None:
        if code_hash in self.s.link_codes:
            self.s.link_codes[code_hash] = replace(self.s.link_codes[code_hash], used_at=utc(at))

    async def add_wrong(self, identity: Identity, at: datetime) -> None:
        self.s.wrong_codes.append((identity, utc(at)))

    async def wrong_since(self, identity: Identity, since: datetime) -> list[datetime]:
        return sorted(at for who, at in self.s.wrong_codes if who == identity and at >= since)

    async def holdings(self, member_id: int) -> set[Holding]:
        s = self.s
        held = {Holding.DREAMS: any(d.owner_id == member_id for d in s.dreams.values()),
                Holding.ROLES: any(m == member_id for _b, m, _r in s.roles),
                Holding.LIKES: any(like.member_id == member_id for like in s.likes),
                Holding.PLEDGES: any(p.member_id == member_id for p in s.pledges.values()),
                Holding.RSVPS: any(r.member_id == member_id for r in s.rsvps.values()),
                Holding.PADRIVER: any(p.member_id == member_id for p in s.padrivere.values()),
                Holding.SIGNUPS: any(x.member_id == member_id for x in s.signups),
                Holding.TEAMS: any(t.member_id == member_id for t in s.team)}
        return {holding for holding, yes in held.items() if yes}

    async def move_identity(self, identity: Identity, member_id: int) -> None:
        self.s.identities[identity] = member_id
