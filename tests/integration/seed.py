"""A small branch with two members, and times that are aware but not in UTC, for the round-trip tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from core.model.branches import Branch, QuorumRule
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member

OSLO_SUMMER = timezone(timedelta(hours=2))
#: an aware time with microseconds, on purpose not in UTC: storage must keep the instant
AT = datetime(2026, 5, 4, 11, 30, 15, 123456, tzinfo=OSLO_SUMMER)


def later(minutes: float) -> datetime:
    return AT + timedelta(minutes=minutes)


def is_utc(moment: datetime | None) -> bool:
    return moment is not None and moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


@dataclass
class Seed:
    branch: Branch
    anna: Member
    bjorn: Member


async def seed(db) -> Seed:
    async with db() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", "nb", "Europe/Oslo",
                                               QuorumRule.parse("approvals:2"), timedelta(days=3, hours=4)))
        anna = await uow.members.add(Member("Anna", branch.id, "en", AT), Identity("telegram", "1001"))
        bjorn = await uow.members.add(Member("Bjørn", branch.id, None, later(1)), Identity("console", "bjorn"))
        await uow.commit()
    return Seed(branch, anna, bjorn)


def a_dream(s: Seed, *, minutes: float = 0, state: DreamState = DreamState.DEPOSITED,
            owner: Member | None = None) -> Dream:
    return Dream(s.branch.id, (owner or s.anna).id, "A bench by the fjord", "Somewhere to sit.\nFor everyone.",
                 frozenset({Need.MATERIALS, Need.TIME}), "Wood, and a Saturday.", state, later(minutes))
