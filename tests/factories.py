"""Building a branch with its people and dreams, for any test that needs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from core.clock import FixedClock
from core.model.branches import Branch, QuorumRule
from core.model.dreams import Draft, Need
from core.model.members import Identity, Member, Role
from core.ports import UnitOfWorkFactory
from core.usecases import dreams

START = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)


def a_draft(title: str = "A bench by the fjord", **changes) -> Draft:
    values = dict(title=title, story="Somewhere to sit and watch the boats, for everyone.",
                  needs=frozenset({Need.MATERIALS, Need.TIME}), needs_detail="Wood and a Saturday.",
                  non_profit=True, social_value=True, realisable=True)
    values.update(changes)
    return Draft(**values)


@dataclass
class Village:
    """A branch with a resident, a neighbour, a board of three and a bank manager."""

    db: UnitOfWorkFactory
    clock: FixedClock
    branch: Branch
    people: dict[str, Member] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Member:
        try:
            return self.__dict__["people"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def board(self) -> list[Member]:
        return [self.bjorn, self.cecilie, self.dag]

    async def deposit(self, owner: Member | None = None, **draft) -> int:
        async with self.db() as uow:
            dream = await dreams.deposit_dream(uow, self.clock, owner or self.anna, a_draft(**draft))
            await uow.commit()
        return dream.id

    async def review_of(self, dream_id: int):
        async with self.db() as uow:
            return await uow.reviews.latest(dream_id)


async def make_village(db: UnitOfWorkFactory, quorum: QuorumRule | None = None, clock: FixedClock | None = None,
                       language: str = "en") -> Village:
    clock = clock or FixedClock(START)
    roles = {"anna": [], "frida": [], "bjorn": [Role.BOARD], "cecilie": [Role.BOARD], "dag": [Role.BOARD],
             "eva": [Role.BANK_MANAGER], "gustav": [Role.ADMIN]}
    async with db() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", language, quorum=quorum or QuorumRule()))
        people = {}
        for name, granted in roles.items():
            member = await uow.members.add(Member(name.capitalize(), branch.id, None, clock.now()),
                                           Identity("test", name))
            for role in granted:
                await uow.members.grant(branch.id, member.id, role)
            people[name] = member
        await uow.commit()
    return Village(db, clock, branch, people)
