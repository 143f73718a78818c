"""Reminders the schedule sends: before an event to those going, to a quiet project's team, and to board
members who have not voted. Each is written once, however often or late the schedule asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import Clock
from ..model.events import Answer
from ..model.notices import Notice, NoticeKind
from ..model.preferences import MailTopic
from ..ports import UnitOfWork
from .events import event_chat
from .posts import post
from .preferences import EMAIL
from .reviews import seats


@dataclass(frozen=True)
class ReminderRules:
    """How far before an event reminders go (minutes), how long a project may stay quiet, how long a deposit
    may wait for a board member's vote."""

    event_leads: tuple[int, ...] = (1440, 120)
    quiet_after: timedelta = timedelta(days=14)
    vote_after: timedelta = timedelta(hours=48)


async def remind_event(uow: UnitOfWork, clock: Clock, event_id: int, lead_minutes: int,
                       rules: ReminderRules = ReminderRules()) -> int:
    """Remind those going; how many were told. The event's chat gets the reminder too (where a platform has a
    place for it, such as the event's thread on Discord), whoever is going and wherever their reminders go.
    Nothing for an event called off or begun, nothing twice for the same start time, and a late reminder gives
    way to a closer one that is due as well."""
    now = clock.now()
    event = await uow.events.get(event_id)
    if event is None or event.cancelled or event.starts_at <= now:
        return 0
    if any(lead < lead_minutes and now >= event.starts_at - timedelta(minutes=lead) for lead in rules.event_leads):
        return 0
    topic = f"reminder:{event.id}:{lead_minutes}:{event.starts_at.isoformat()}"
    if not await uow.runs.first_time(topic, now):
        return 0
    branch = await uow.branches.get(event.branch_id)
    going = [r.member_id for r in await uow.events.rsvps(event.id) if r.answer is Answer.GOING and not r.waiting]
    params = dict(event_id=event.id, title=event.title, starts_at=event.starts_at.isoformat(),
                  ends_at=event.ends_at.isoformat(), place=event.place, lead_minutes=lead_minutes,
                  timezone=branch.timezone if branch else "UTC", branch=branch.name if branch else "")
    preferences = await uow.preferences.many(going)
    for member_id in going:
        await uow.outbox.put(Notice(member_id, event.branch_id, NoticeKind.EVENT_REMINDER, dict(params), now))
        chosen = preferences.get(member_id)
        if chosen is not None and chosen.wants_email(MailTopic.REMINDERS):
            await uow.outbox.put(Notice(member_id, event.branch_id, NoticeKind.EVENT_REMINDER, dict(params), now,
                                        via=EMAIL, address=chosen.email))
    await post(uow, now, event.branch_id, event_chat(event), NoticeKind.EVENT_REMINDER, topic, **params)
    return len(going)


def reminder_times(starts_at: datetime, created_at: datetime, rules: ReminderRules = ReminderRules()
                   ) -> list[tuple[int, datetime]]:
    """(lead, when) for each reminder worth scheduling: not those already past when the event was made."""
    return [(lead, starts_at - timedelta(minutes=lead)) for lead in rules.event_leads
            if starts_at - timedelta(minutes=lead) > created_at]


async def nudge_teams(uow: UnitOfWork, clock: Clock, branch_id: int, rules: ReminderRules = ReminderRules()) -> int:
    """A project quiet for `quiet_after` gets a nudge to its team, once per quiet stretch of that length."""
    now, told = clock.now(), 0
    for project in await uow.projects.in_branch(branch_id, True):
        updates = await uow.projects.updates(project.id)
        last = max([u.at for u in updates], default=project.started_at)
        stretches = int((now - last) / rules.quiet_after)
        if stretches < 1 or not await uow.runs.first_time(f"nudge:{project.id}:{last.isoformat()}:{stretches}", now):
            continue
        team = dict.fromkeys([project.lead_id, *[m.member_id for m in await uow.projects.team(project.id)]])
        for member_id in team:
            await uow.outbox.put(Notice(member_id, branch_id, NoticeKind.TEAM_NUDGE,
                                        dict(project_id=project.id, title=project.title,
                                             days=(now - last).days), now))
            told += 1
    return told


async def remind_board(uow: UnitOfWork, clock: Clock, branch_id: int, rules: ReminderRules = ReminderRules()) -> int:
    """Board members who have not voted on a review open for `vote_after` are reminded, once per such stretch
    (those recused from the dream are not: they may not vote on it)."""
    now, told = clock.now(), 0
    for review in await uow.reviews.open_in(branch_id):
        stretches = int((now - review.opened_at) / rules.vote_after)
        dream = await uow.dreams.get(review.dream_id)
        if stretches < 1 or dream is None:
            continue
        voted = {v.voter_id for v in await uow.reviews.votes(review.id)}
        missing = [m for m in (await seats(uow, dream)).voters if m not in voted]
        if not missing or not await uow.runs.first_time(f"board:{review.id}:{stretches}", now):
            continue
        for member_id in missing:
            await uow.outbox.put(Notice(member_id, branch_id, NoticeKind.BOARD_REMINDER,
                                        dict(review_id=review.id, dream_id=review.dream_id,
                                             title=dream.title, kind=review.kind.value,
                                             hours=int((now - review.opened_at).total_seconds() // 3600)), now))
            told += 1
    return told
