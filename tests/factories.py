"""Building test objects in one place: branches with their people, dreams, applications, events, calls and
newsletters, as plain domain objects or written in through a unit of work.

Two branches to start from: ``make_village`` (a resident, a neighbour, a board of three, a bank manager and
an admin, on a fixed clock) for use-case tests, and ``seed`` (two members, with times that are aware but not
in UTC) for storage round trips.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from core.clock import FixedClock
from core.model.branches import Branch, QuorumRule
from core.model.calls import Call, CallStatus
from core.model.dreams import Draft, Dream, DreamState, Need
from core.model.events import Event, EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.newsletters import Newsletter
from core.model.notices import Recipients
from core.model.padrivere import ApplicationStatus, Padriver
from core.ports import UnitOfWorkFactory
from core.usecases import bank, dreams, needs

START = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)


def a_draft(title: str = "A bench by the fjord", **changes) -> Draft:
    values = dict(title=title, story="Somewhere to sit and watch the boats, for everyone.",
                  needs=frozenset({Need.MATERIALS, Need.TIME}), needs_detail="Wood and a Saturday.",
                  non_profit=True, social_value=True, realisable=True)
    values.update(changes)
    return Draft(**values)


@dataclass
class Village:
    """A branch with a resident, a neighbour, a board of three, a bank manager and an admin."""

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


async def pledge(uow, clock, member: Member, dream_id: int, kind: Need, description: str = "Me",
                 amount=None):
    """An offer of help against the dream's need of that kind, as the pledge dialog makes it."""
    need = await needs.need_of_kind(uow, dream_id, kind)
    return await bank.pledge_help(uow, clock, member, dream_id, need.id, description, amount)


async def add_member(uow, branch_id: int, name: str, identity: Identity, joined: datetime,
                     roles: Iterable[Role] = (), language: str | None = None) -> Member:
    """A member of the branch, known by ``identity``, with ``roles`` granted; inside the caller's unit of work."""
    member = await uow.members.add(Member(name, branch_id, language, joined), identity)
    for role in roles:
        await uow.members.grant(branch_id, member.id, role)
    return member


async def make_village(db: UnitOfWorkFactory, quorum: QuorumRule | None = None, clock: FixedClock | None = None,
                       language: str = "en") -> Village:
    clock = clock or FixedClock(START)
    roles = {"anna": [], "frida": [], "bjorn": [Role.BOARD], "cecilie": [Role.BOARD], "dag": [Role.BOARD],
             "eva": [Role.BANK_MANAGER], "gustav": [Role.ADMIN]}
    async with db() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", language, quorum=quorum or QuorumRule()))
        people = {name: await add_member(uow, branch.id, name.capitalize(), Identity("test", name), clock.now(),
                                         granted) for name, granted in roles.items()}
        await uow.commit()
    return Village(db, clock, branch, people)


# -- a small branch for storage round trips ------------------------------------------------------------

OSLO_SUMMER = timezone(timedelta(hours=2))
#: an aware time with microseconds, on purpose not in UTC: storage must keep the instant
AT = datetime(2026, 5, 4, 11, 30, 15, 123456, tzinfo=OSLO_SUMMER)

def later(minutes: float) -> datetime:
    return AT + timedelta(minutes=minutes)


@dataclass
class Seed:
    """A small branch with two members, one on Telegram and one on the console."""

    branch: Branch
    anna: Member
    bjorn: Member


async def seed(db: UnitOfWorkFactory) -> Seed:
    """The small branch, written in; its times are aware but not in UTC, as storage must cope with."""
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


def a_png(width: int = 1, height: int = 1) -> bytes:
    """A real PNG of that size, grey all over, made here: what a browser would upload as a dream's picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))  # filter 0, one grey byte a pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
