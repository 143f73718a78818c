"""A person's own data: what is stored about them, all of it to take away, and erasing them (GDPR articles 15,
17 and 20), asked in chat by the person or on the command line by staff for a person who asked elsewhere."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock
from ..errors import Refused
from ..i18n import _
from ..model.bank import Pledge
from ..model.dreams import Dream
from ..model.members import FORMER_MEMBER, Identity, Member, Role
from ..model.preferences import Preferences
from ..model.privacy import OPEN_STATES, confirmation_stale, export_filename
from ..ports import UnitOfWork
from .auditing import record
from .dreams import retract_dream
from .padrivere import leave_circle
from .posts import comment_post


@dataclass(frozen=True)
class DataSummary:
    """What is stored about a member, as they read it: their profile, and each kind of record with its count and
    the titles of the dreams it is about."""

    member: Member
    identities: list[Identity]
    roles: list[tuple[str, Role]]
    preferences: Preferences
    dreams: list[Dream]
    #: kind (where it is kept) -> how many records
    counts: dict[str, int] = field(default_factory=dict)
    #: kind -> the titles of the dreams its records are about
    about: dict[str, list[str]] = field(default_factory=dict)
    #: pådriver applications' states
    applications: list[str] = field(default_factory=list)
    notices_waiting: int = 0
    #: their offers of help, each with the title of its dream, the newest first
    pledges: list[tuple[str, Pledge]] = field(default_factory=list)


@dataclass(frozen=True)
class Erased:
    member_id: int
    retracted: list[int]
    handed_over: list[int]


def erased(member: Member) -> bool:
    return member.display_name == FORMER_MEMBER


async def summary(uow: UnitOfWork, member: Member) -> DataSummary:
    """Everything stored about the member, counted and named, for /mydata."""
    records = await uow.privacy.records(member.id)
    roles: list[tuple[str, Role]] = []
    for branch in await uow.branches.all():
        roles += [(branch.name, r) for r in sorted(await uow.members.roles(branch.id, member.id), key=list(Role).index)]
    titles: dict[int, str] = {}
    about: dict[str, list[str]] = {}
    for kind in ("votes", "interests", "likes", "pledges", "followers", "team_members"):
        for row in records.get(kind, []):
            dream_id = await _dream_of(uow, kind, row)
            if dream_id is not None and dream_id not in titles:
                dream = await uow.dreams.get(dream_id)
                titles[dream_id] = dream.title if dream else ""
            if dream_id is not None and titles[dream_id] and titles[dream_id] not in about.get(kind, []):
                about.setdefault(kind, []).append(titles[dream_id])
    return DataSummary(
        member, list(await uow.members.identities(member.id)), roles, await uow.preferences.get(member.id),
        list(await uow.dreams.owned_by(member.id)), {k: len(v) for k, v in records.items()}, about,
        [str(r.get("status", "")) for r in records.get("padrivere", [])],
        sum(1 for n in records.get("notices", []) if n.get("status") == "pending"),
        [(titles.get(p.dream_id) or await _title(uow, p.dream_id), p) for p in await uow.bank.pledges_by(member.id)])


async def _title(uow: UnitOfWork, dream_id: int) -> str:
    dream = await uow.dreams.get(dream_id)
    return dream.title if dream else ""


async def _dream_of(uow: UnitOfWork, kind: str, row: dict[str, Any]) -> int | None:
    if kind == "votes":
        review = await uow.reviews.get(int(row["review_id"]))
        return review.dream_id if review else None
    if kind == "team_members":
        project = await uow.projects.get(int(row["project_id"]))
        return project.dream_id if project else None
    return int(row["dream_id"]) if row.get("dream_id") is not None else None


async def export(uow: UnitOfWork, clock: Clock, member_id: int) -> tuple[str, bytes]:
    """Every stored row about the member, from every table, as one JSON document: its file name and bytes."""
    document = {"format": "dreambank member data, version 1", "member": member_id,
                "exported_at": clock.now().isoformat(), "records": await uow.privacy.records(member_id)}
    data = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()
    return export_filename(member_id), data


async def export_by_staff(uow: UnitOfWork, clock: Clock, branch_id: int, member_id: int) -> tuple[str, bytes]:
    """A person asked staff for their data outside chat; the audit trail says staff exported it."""
    member = await _member_in(uow, branch_id, member_id)
    exported = await export(uow, clock, member.id)
    await record(uow, clock.now(), branch_id, None, "staff_export", f"member:{member.id}")
    return exported


def ensure_confirmation(actor: Member, confirmed_for: int, offered_minute: int, clock: Clock) -> None:
    """The press is this member's own, recent confirmation; anything else changes nothing."""
    if confirmed_for != actor.id or confirmation_stale(offered_minute, clock.now()):
        raise Refused(_("This confirmation is no longer valid, and nothing was erased. Send /erase again if you "
                        "want your data erased."))


async def erase_member(uow: UnitOfWork, clock: Clock, member_id: int, *, by_staff: bool = False) -> Erased:
    """Erase a person: their open dreams are retracted or handed to the bank manager (as each branch decides),
    they leave the closed group, what is only about them is deleted and their name taken out, and what they gave
    in public stays under "a former member" with its counts. The audit trail keeps that it happened, by number."""
    member = await uow.members.get(member_id)
    if member is None or erased(member):
        raise Refused(_("There is no member number {number} to erase.", number=member_id))
    retracted, handed = [], []
    for dream in await uow.dreams.owned_by(member.id):
        if dream.state not in OPEN_STATES:
            continue
        branch = await uow.branches.get(dream.branch_id)
        managers = await uow.members.with_role(dream.branch_id, Role.BANK_MANAGER) if branch else []
        heir = next((m for m in managers if m.id != member.id), None)
        if branch is not None and branch.erasure_hands_dreams and heir is not None:
            dream.owner_id = heir.id
            await uow.dreams.save(dream)
            await record(uow, clock.now(), dream.branch_id, None, "erasure_hand_over", f"dream:{dream.id}",
                         to=f"member:{heir.id}")
            handed.append(dream.id)
        else:
            await retract_dream(uow, clock, member, dream.id)
            retracted.append(dream.id)
    accounts = list(await uow.members.identities(member.id))
    for branch in await uow.branches.all():
        if Role.PADRIVER in await uow.members.roles(branch.id, member.id):
            await leave_circle(uow, clock, None, branch.id, member.id, accounts)
    await record(uow, clock.now(), member.branch_id, None, "staff_erase" if by_staff else "erase",
                 f"member:{member.id}")
    await uow.privacy.forget(member.id, clock.now())
    for comment in await uow.talk.comments_by(member.id):
        await comment_post(uow, clock.now(), comment)  # where the talk was mirrored, the name is taken out too
    return Erased(member.id, retracted, handed)


async def erase_by_staff(uow: UnitOfWork, clock: Clock, branch_id: int, member_id: int) -> Erased:
    """A person asked staff outside chat to be erased."""
    member = await _member_in(uow, branch_id, member_id)
    return await erase_member(uow, clock, member.id, by_staff=True)


async def _member_in(uow: UnitOfWork, branch_id: int, member_id: int) -> Member:
    member = await uow.members.get(member_id)
    if member is None or member.branch_id != branch_id or erased(member):
        raise Refused(_("There is no member number {number} in this branch.", number=member_id))
    return member
