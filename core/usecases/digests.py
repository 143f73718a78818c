"""The digest: what happened in a branch since a member's last one, built as a view model.

`gather` reads the branch's candidates once per run; `build` is pure and picks, for one member, what
falls in their window; `plan_page` decides, for a page of members, the notices (to their chat, and by email
when they chose that) and whose window moves on; `send_digests` writes a page's notices and moves its windows
in a few set-based statements, so no item is ever in two digests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..model.branches import Branch
from ..model.calls import CallStatus
from ..model.events import EventAudience
from ..model.digests import DigestItem, DigestView
from ..model.dreams import DreamState
from ..model.members import Member, Role
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
    new = [dream for dream in await uow.dreams.in_state(branch.id, [DreamState.APPROVED])
           if dream.decided_at is not None and since < dream.decided_at <= now]
    likes = await uow.bank.likes_of([dream.id for dream in new])
    for dream in new:
        found.items.append(Candidate("dreams", dream.decided_at, DigestItem(
            f"dream:{dream.id}", dream.title, _excerpt(dream.story), open=f"d{dream.id}", count=likes[dream.id])))
    projects = list(await uow.projects.in_branch(branch.id, True))
    updates = await uow.projects.updates_of([project.id for project in projects])
    for project in projects:
        for update in updates[project.id]:
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


async def send_digests(uow_factory, clock: Clock, branch_id: int, page: int = 1000) -> int:
    """Every due member's digest, a page of members per transaction; how many members were written to.

    A page costs the same few statements however many members it holds: its members read at once, their
    notices written at once, their windows moved on at once, in the transaction that writes the notices.
    Safe to run again, or after a crash mid-way: a member whose window was just moved on is skipped, and a
    page that was not committed wrote nothing; an empty digest is not sent. Two runs at once (a schedule taking
    over from one that is still running) are settled by the database: a window is moved on only while it is still
    due, and a digest is written only to those whose window this run moved.
    """
    now = clock.now()
    async with uow_factory() as uow:
        branch = await uow.branches.get(branch_id)
        if branch is None:
            return 0
        candidates = await gather(uow, branch, now - LONGEST_WINDOW, now)
        circle = {m.id for m in await uow.members.with_role(branch.id, Role.PADRIVER)}
    frequencies = due_frequencies(branch, now)
    built: Built = {}
    sent, after = 0, 0
    while True:
        async with uow_factory() as uow:
            members = list(await uow.preferences.subscribers(branch.id, frequencies, after, page))
            planned = plan_page(branch, members, candidates, circle, now, built)
            moved: set[int] = set()
            for frequency, member_ids in planned.moved.items():
                moved |= await uow.preferences.mark_digested(member_ids, now, ended_by=now - PERIOD[frequency] / 2)
            owed = [notice for notice in planned.notices if notice.member_id in moved]
            await uow.outbox.put_many(owed)
            await uow.commit()
        sent += len({notice.member_id for notice in owed})
        if len(members) < page:
            return sent
        after = members[-1][0].id


#: each distinct digest's params (None when it is empty), by (frequency, window, whether for the circle)
Built = dict[tuple[DigestFrequency, tuple[datetime, datetime], bool], dict[str, Any] | None]


@dataclass
class DigestPage:
    """What a page of members is owed: the notices to write, and whose windows move on (by frequency)."""

    notices: list[Notice] = field(default_factory=list)
    moved: dict[DigestFrequency, list[int]] = field(default_factory=dict)


def plan_page(branch: Branch, members: Sequence[tuple[Member, Preferences]], candidates: Candidates,
              circle: set[int], now: datetime, built: Built | None = None) -> DigestPage:
    """Pure: each member's digest for one page: in chat and by email as they chose, their window moved on
    (an empty digest moves it too, and writes nothing). A digest depends only on its frequency, its window and
    whether its reader is in the circle, so each distinct one is built once and shared (`built` keeps them)."""
    built = {} if built is None else built
    planned = DigestPage()
    for member, preferences in members:
        span = window(preferences, preferences.digest, now)
        if span is None:
            continue
        planned.moved.setdefault(preferences.digest, []).append(member.id)
        padriver = member.id in circle
        key = (preferences.digest, span, padriver)
        if key not in built:
            view = build(branch, preferences.digest, span[0], span[1], candidates, padriver)
            built[key] = None if view.empty else view.to_params()
        params = built[key]
        if params is None:
            continue
        if preferences.digest_in_chat:
            planned.notices.append(Notice(member.id, branch.id, NoticeKind.DIGEST, params, now))
        if preferences.wants_email(MailTopic.DIGEST):
            planned.notices.append(Notice(member.id, branch.id, NoticeKind.DIGEST, params, now, via=EMAIL,
                                          address=preferences.email))
    return planned
