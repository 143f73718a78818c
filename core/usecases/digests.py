"""The digest: what happened in a branch since a member's last one, built as a view model.

`gather` reads the branch's candidates once per run; `build` is pure and picks, for one member, what
falls in their window; `send_digests` writes one notice per member (to their chat, and by email when
they chose that) and moves their window on, so no item is ever in two digests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..model.branches import Branch
from ..model.calls import CallStatus
from ..model.events import EventAudience
from ..model.digests import DigestItem, DigestView
from ..model.dreams import DreamState
from ..model.members import Role
from ..model.notices import Notice, NoticeKind
from ..model.preferences import DigestFrequency, MailTopic, Preferences
from ..ports import UnitOfWork
from .preferences import EMAIL

PERIOD = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
#: a member whose choice was "never" and who switches back gets at most this much history
LONGEST_WINDOW = timedelta(days=31)
DETAIL_MAX = 280
SECTION_MAX = 10


@dataclass(frozen=True)
class Candidate:
    """Something that may go into a digest: it happened at `at`; `padrivere_only` items are for the circle."""

    section: str
    at: datetime
    item: DigestItem
    padrivere_only: bool = False


@dataclass
class Candidates:
    items: list[Candidate] = field(default_factory=list)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_MAX else text[:DETAIL_MAX - 1].rstrip() + "…"


async def gather(uow: UnitOfWork, branch: Branch, since: datetime, now: datetime) -> Candidates:
    """New dreams in the bank, project updates, upcoming events and open calls that appeared after `since`."""
    found = Candidates()
    for dream in await uow.dreams.in_state(branch.id, [DreamState.APPROVED]):
        if dream.decided_at is not None and since < dream.decided_at <= now:
            found.items.append(Candidate("dreams", dream.decided_at, DigestItem(
                f"dream:{dream.id}", dream.title, _excerpt(dream.story), open=f"d{dream.id}",
                count=await uow.bank.likes(dream.id))))
    for project in await uow.projects.in_branch(branch.id, True):
        for update in await uow.projects.updates(project.id):
            if since < update.at <= now:
                found.items.append(Candidate("updates", update.at, DigestItem(
                    f"update:{update.id}", project.title, _excerpt(update.text), open=f"d{project.dream_id}")))
    for event in await uow.events.upcoming(branch.id, now, limit=50):
        if since < event.created_at <= now and not event.cancelled and event.starts_at > now:
            counts = await uow.events.counts(event.id)
            free = None if event.capacity is None else max(event.capacity - counts.going, 0)
            found.items.append(Candidate("events", event.created_at, DigestItem(
                f"event:{event.id}", event.title, _excerpt(event.description), open=f"e{event.id}",
                at=event.starts_at.isoformat(), place=event.place, count=free),
                padrivere_only=event.audience is EventAudience.PADRIVERE))
    for call in await uow.calls.open_in(branch.id):
        if since < call.created_at <= now and call.status is CallStatus.OPEN:
            taken = len(await uow.calls.signups(call.id))
            found.items.append(Candidate("calls", call.created_at, DigestItem(
                f"call:{call.id}", call.title, _excerpt(call.description), place=call.when,
                count=max(call.needed - taken, 0)), padrivere_only=True))
    found.items.sort(key=lambda c: c.at)
    return found


def window(preferences: Preferences, frequency: DigestFrequency, now: datetime) -> tuple[datetime, datetime] | None:
    """Where this member's digest starts and ends; None when their last one is too recent to send another."""
    period = PERIOD[frequency]
    last = preferences.digested_until
    if last is not None and now - last < period / 2:
        return None
    since = last if last is not None else now - period
    return max(since, now - LONGEST_WINDOW), now


def build(branch: Branch, frequency: DigestFrequency, since: datetime, until: datetime, candidates: Candidates,
          padriver: bool) -> DigestView:
    """Pure: the digest for one member, from what happened in (since, until]."""
    sections: dict[str, list[DigestItem]] = {"dreams": [], "updates": [], "events": [], "calls": []}
    for c in candidates.items:
        if since < c.at <= until and (padriver or not c.padrivere_only) and len(sections[c.section]) < SECTION_MAX:
            sections[c.section].append(c.item)
    sections["events"].sort(key=lambda item: item.at)
    return DigestView(branch.name, branch.timezone, frequency.value, since.isoformat(), until.isoformat(),
                      **sections)


def due_frequencies(branch: Branch, now: datetime) -> list[DigestFrequency]:
    """Daily digests go every day; weekly ones on the branch's weekday, in its time zone."""
    local = now.astimezone(ZoneInfo(branch.timezone))
    return [DigestFrequency.DAILY] + ([DigestFrequency.WEEKLY] if local.weekday() == branch.digest_weekday else [])


async def send_digests(uow_factory, clock: Clock, branch_id: int, page: int = 500) -> int:
    """Every due member's digest, a page of members per transaction; how many digests were written.

    Safe to run again: a member whose window was just moved on is skipped, and an empty digest is not sent.
    """
    now = clock.now()
    async with uow_factory() as uow:
        branch = await uow.branches.get(branch_id)
        if branch is None:
            return 0
        candidates = await gather(uow, branch, now - LONGEST_WINDOW, now)
        circle = {m.id for m in await uow.members.with_role(branch.id, Role.PADRIVER)}
    frequencies = due_frequencies(branch, now)
    sent, after = 0, 0
    while True:
        async with uow_factory() as uow:
            members = list(await uow.preferences.subscribers(branch.id, frequencies, after, page))
            for member, preferences in members:
                sent += await _one(uow, branch, member.id, preferences, candidates, member.id in circle, now)
            await uow.commit()
        if len(members) < page:
            return sent
        after = members[-1][0].id


async def _one(uow: UnitOfWork, branch: Branch, member_id: int, preferences: Preferences, candidates: Candidates,
               padriver: bool, now: datetime) -> int:
    span = window(preferences, preferences.digest, now)
    if span is None:
        return 0
    view = build(branch, preferences.digest, span[0], span[1], candidates, padriver)
    preferences.digested_until = now
    await uow.preferences.save(preferences)
    if view.empty:
        return 0
    wrote = 0
    if preferences.digest_in_chat:
        await uow.outbox.put(Notice(member_id, branch.id, NoticeKind.DIGEST, view.to_params(), now))
        wrote = 1
    if preferences.wants_email(MailTopic.DIGEST):
        await uow.outbox.put(Notice(member_id, branch.id, NoticeKind.DIGEST, view.to_params(), now, via=EMAIL,
                                    address=preferences.email))
        wrote = 1
    return wrote


