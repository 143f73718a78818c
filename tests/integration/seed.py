"""A small branch with two members, and times that are aware but not in UTC, for the round-trip tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from core.model.branches import Branch, QuorumRule
from core.model.calls import Call, CallStatus
from core.model.events import Event, EventAudience, EventKind
from core.model.newsletters import Newsletter
from core.model.padrivere import ApplicationStatus, Padriver
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity, Member
from core.model.notices import Recipients

OSLO_SUMMER = timezone(timedelta(hours=2))
#: an aware time with microseconds, on purpose not in UTC: storage must keep the instant
AT = datetime(2026, 5, 4, 11, 30, 15, 123456, tzinfo=OSLO_SUMMER)

#: a test that needs row locks runs on PostgreSQL only: SQLite's writers take turns on the whole file
ON_POSTGRES = pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                      indirect=True)
#: a round trip that reads or writes tables itself runs on both databases, not on the in-memory fakes
ON_SQL = pytest.mark.parametrize("database_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                                 indirect=True)


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


def an_application(branch_id: int, member: Member, competences: list[str], *, minutes: float = 0,
                   status: ApplicationStatus = ApplicationStatus.PENDING, public: bool = True,
                   decided_minutes: float | None = None, decided_by: int | None = None) -> Padriver:
    return Padriver(branch_id, member.id, list(competences), "beekeeping", "weekday evenings", public,
                    later(minutes), status, later(decided_minutes) if decided_minutes is not None else None,
                    decided_by, "welcome" if decided_by else "")


def an_event(s: Seed, *, starts: float = 60, hours: float = 2, capacity: int | None = 12,
             cancelled: float | None = None, branch_id: int | None = None, title: str = "Pådriver breakfast"
             ) -> Event:
    return Event(branch_id or s.branch.id, EventKind.BREAKFAST, title, "Coffee and plans.\nBring a friend.",
                 later(starts), later(starts + hours * 60), "Fjordby library", EventAudience.PADRIVERE, capacity,
                 later(starts - 30), s.anna.id, AT, later(cancelled) if cancelled is not None else None)


def a_call(s: Seed, competences: list[str], *, minutes: float = 0, status: CallStatus = CallStatus.OPEN,
           branch_id: int | None = None, title: str = "Paint the bench") -> Call:
    return Call(branch_id or s.branch.id, title, "We need hands on Saturday.", "Saturday 10–14", 4,
                list(competences), s.anna.id, later(minutes), status)


def a_newsletter(s: Seed, *, minutes: float = 0, send_at: float | None = None, text: str = "News from Fjordby",
                 **changes) -> Newsletter:
    return Newsletter(s.branch.id, s.anna.id, text, Recipients("role", "padriver"), later(minutes),
                      send_at=later(send_at) if send_at is not None else None, **changes)
