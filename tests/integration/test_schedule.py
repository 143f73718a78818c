"""The schedule on dreambank's clock: digests at the branch's local hour across a change of summer time,
reminders before events, a missed run run once; on SQLite and PostgreSQL, with the job store in the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.clock import FixedClock
from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp
from core.model.dreams import Dream, DreamState, Need
from core.model.notices import NoticeKind
from core.model.plans import PartKind, PlanPart
from core.model.preferences import DigestFrequency, Preferences
from core.model.projects import Project
from digests.schedule.scheduler import Schedule, ScheduleSettings
from storage.leases import DatabaseLease
from tests.factories import make_village

UTC = timezone.utc
#: Friday 23 October 2026, noon in Oslo; summer time ends in the night to Sunday 25 October
FRIDAY = datetime(2026, 10, 23, 10, 0, tzinfo=UTC)


def schedule_for(db, clock: FixedClock) -> Schedule:
    return Schedule(db, clock, DatabaseLease(db.engine, "scheduler"), ScheduleSettings())


async def approved_dream(db, village, title: str, at: datetime) -> Dream:
    async with db() as uow:
        dream = await uow.dreams.add(Dream(village.branch.id, village.people["anna"].id, title, "A story.",
                                           frozenset({Need.TIME}), "", DreamState.APPROVED, at, decided_at=at))
        await uow.commit()
    return dream


async def digests_of(db, member_id: int) -> list:
    async with db() as uow:
        notices = await uow.outbox.pending_for(member_id, 100)
    return [n for n in notices if n.kind is NoticeKind.DIGEST]


async def choose(db, member_id: int, **choices) -> None:
    async with db() as uow:
        await uow.preferences.save(Preferences(member_id, **choices))
        await uow.commit()


@pytest.fixture
async def village(uow_factory):
    return await make_village(uow_factory, clock=FixedClock(FRIDAY))


async def test_a_daily_digest_comes_at_nine_in_oslo_before_and_after_summer_time_ends(uow_factory, village):
    db, clock, anna = uow_factory, village.clock, village.people["anna"]
    await choose(db, anna.id, digest=DigestFrequency.DAILY)
    schedule = schedule_for(db, clock)
    await schedule.start()
    try:
        expected = [datetime(2026, 10, 24, 7, 0, tzinfo=UTC),   # Saturday 09:00 CEST
                    datetime(2026, 10, 25, 8, 0, tzinfo=UTC),   # Sunday 09:00 CET, the first day of winter time
                    datetime(2026, 10, 26, 8, 0, tzinfo=UTC)]   # Monday 09:00 CET
        for day, nine in enumerate(expected):
            await approved_dream(db, village, f"Dream of day {day}", nine - timedelta(hours=5))
            clock.advance(seconds=(nine - timedelta(minutes=1) - clock.now()).total_seconds())
            await schedule.run_due()
            assert len(await digests_of(db, anna.id)) == day, "nothing before nine"
            clock.advance(minutes=1)
            await schedule.run_due()
            digests = await digests_of(db, anna.id)
            assert len(digests) == day + 1
            newest = digests[-1]
            assert newest.created_at == nine
            titles = [item["title"] for item in newest.params["dreams"]]
            assert titles == [f"Dream of day {day}"], "each dream in exactly one digest"
    finally:
        await schedule.stop()


async def test_weekly_digests_only_on_the_branch_weekday_and_empty_ones_are_not_sent(uow_factory, village):
    db, clock = uow_factory, village.clock
    anna, frida = village.people["anna"], village.people["frida"]
    await choose(db, frida.id, digest=DigestFrequency.NEVER)
    schedule = schedule_for(db, clock)
    await schedule.start()
    try:
        await approved_dream(db, village, "A <b>bold</b> bench", FRIDAY + timedelta(hours=1))
        clock.advance(days=2, hours=1)  # Sunday 25 October, 09:00 in Oslo (08:00 UTC after the change)
        await schedule.run_due()
        assert await digests_of(db, anna.id) == [], "weekly digests wait for Monday"
        clock.advance(days=1)  # Monday
        await schedule.run_due()
        [digest] = await digests_of(db, anna.id)
        assert digest.params["frequency"] == "weekly"
        assert [i["title"] for i in digest.params["dreams"]] == ["A <b>bold</b> bench"]
        assert await digests_of(db, frida.id) == []
        clock.advance(days=7)  # nothing new happened in the week: no digest at all
        await schedule.run_due()
        assert len(await digests_of(db, anna.id)) == 1
    finally:
        await schedule.stop()


async def an_event(db, village, starts_at: datetime, *, going: list[str]) -> Event:
    manager = village.people["gustav"]
    async with db() as uow:
        event = await uow.events.add(Event(
            village.branch.id, EventKind.GATHERING, "Pådriver breakfast", "Coffee and plans.", starts_at,
            starts_at + timedelta(hours=2), "The library", EventAudience.EVERYONE, None, starts_at,
            manager.id, village.clock.now()))
        for seq, name in enumerate(going, 1):
            await uow.events.put_rsvp(Rsvp(event.id, village.people[name].id, Answer.GOING, village.clock.now(), seq))
        await uow.events.put_rsvp(Rsvp(event.id, village.people["bjorn"].id, Answer.NO, village.clock.now(), 99))
        await uow.commit()
    return event


async def reminders_to(db, member_id: int) -> list:
    async with db() as uow:
        return [n for n in await uow.outbox.pending_for(member_id, 100) if n.kind is NoticeKind.EVENT_REMINDER]


async def test_reminders_go_a_day_and_two_hours_before_to_those_going(uow_factory, village):
    db, clock = uow_factory, village.clock
    starts = FRIDAY + timedelta(days=3, hours=8)
    await an_event(db, village, starts, going=["anna", "frida"])
    schedule = schedule_for(db, clock)
    await schedule.start()
    try:
        await schedule.sync()
        for lead, count in ((timedelta(days=1), 1), (timedelta(hours=2), 2)):
            clock.advance(seconds=(starts - lead - timedelta(seconds=30) - clock.now()).total_seconds())
            await schedule.run_due()
            assert len(await reminders_to(db, village.people["anna"].id)) == count - 1
            clock.advance(seconds=30)
            await schedule.run_due()
            anna = await reminders_to(db, village.people["anna"].id)
            assert len(anna) == count
            assert anna[-1].created_at == starts - lead
            assert anna[-1].params["lead_minutes"] == int(lead.total_seconds() // 60)
            assert len(await reminders_to(db, village.people["frida"].id)) == count
        assert await reminders_to(db, village.people["bjorn"].id) == [], "only those going are reminded"
    finally:
        await schedule.stop()


async def test_a_called_off_event_is_not_reminded(uow_factory, village):
    db, clock = uow_factory, village.clock
    event = await an_event(db, village, FRIDAY + timedelta(days=2), going=["anna"])
    schedule = schedule_for(db, clock)
    await schedule.start()
    try:
        await schedule.sync()
        async with db() as uow:
            stored = await uow.events.get(event.id)
            stored.cancelled_at = clock.now()
            await uow.events.save(stored)
            await uow.commit()
        clock.advance(days=1, minutes=1)
        await schedule.run_due()
        assert await reminders_to(db, village.people["anna"].id) == []
    finally:
        await schedule.stop()


async def test_a_digest_missed_while_nothing_ran_comes_once_when_the_schedule_is_back(uow_factory, village):
    db, clock, anna = uow_factory, village.clock, village.people["anna"]
    await choose(db, anna.id, digest=DigestFrequency.DAILY, digested_until=FRIDAY)  # Friday's digest came
    first = schedule_for(db, clock)
    await first.start()
    await first.run_due()
    await first.stop()  # the deployment is down from Friday to Tuesday
    for day in range(4):
        await approved_dream(db, village, f"Dream {day}", FRIDAY + timedelta(days=day, hours=2))
    clock.advance(days=4)
    second = schedule_for(db, clock)
    await second.start()
    try:
        await second.run_due()
        ran = [job for job, _when in second.history if job == f"digest:{village.branch.id}"]
        assert ran == [f"digest:{village.branch.id}"], "four missed mornings, one run"
        [digest] = await digests_of(db, anna.id)
        assert sorted(i["title"] for i in digest.params["dreams"]) == [f"Dream {d}" for d in range(4)]
        await approved_dream(db, village, "Dream 4", clock.now() + timedelta(hours=1))
        wednesday = datetime(2026, 10, 28, 8, 0, tzinfo=UTC)  # and on from there: Wednesday at nine
        clock.advance(seconds=(wednesday - timedelta(minutes=1) - clock.now()).total_seconds())
        await second.run_due()
        assert len(await digests_of(db, anna.id)) == 1, "not before nine"
        clock.advance(minutes=1)
        await second.run_due()
        digests = await digests_of(db, anna.id)
        assert len(digests) == 2 and [i["title"] for i in digests[-1].params["dreams"]] == ["Dream 4"]
    finally:
        await second.stop()


def runs_of(schedule: Schedule, *kinds: str) -> list[str]:
    return [job for job, _when in schedule.history if job.split(":")[0] in kinds]


async def a_newsletter(db, village, send_at: datetime) -> int:
    from core.model.newsletters import Newsletter
    from core.model.notices import Recipients

    async with db() as uow:
        newsletter = await uow.newsletters.add(Newsletter(village.branch.id, village.people["gustav"].id, "News",
                                                          Recipients("all"), village.clock.now(), {}, send_at))
        await uow.commit()
    return newsletter.id


class TestRestarts:
    async def test_work_missed_while_nothing_ran_runs_exactly_once_and_not_again_after_another_restart(
            self, uow_factory, village):
        db, clock = uow_factory, village.clock
        await choose(db, village.people["anna"].id, digest=DigestFrequency.DAILY, digested_until=FRIDAY)
        event = await an_event(db, village, FRIDAY + timedelta(days=2), going=["anna"])
        newsletter = await a_newsletter(db, village, FRIDAY + timedelta(hours=3))
        first = schedule_for(db, clock)
        await first.start()
        await first.run_due()
        await first.stop()  # down from Friday noon to Saturday noon: a digest, a reminder and a newsletter missed
        await approved_dream(db, village, "A dream of Friday", FRIDAY + timedelta(hours=1))
        clock.advance(days=1)

        second = schedule_for(db, clock)
        await second.start()
        try:
            await second.run_due()
        finally:
            await second.stop()
        clock.advance(minutes=5)
        third = schedule_for(db, clock)
        await third.start()
        try:
            await third.run_due()
        finally:
            await third.stop()

        assert runs_of(first, "digest", "reminder", "newsletter") == []
        assert sorted(runs_of(second, "digest", "reminder", "newsletter")) == [
            f"digest:{village.branch.id}", f"newsletter:{newsletter}", f"reminder:{event.id}:1440"]
        assert runs_of(third, "digest", "reminder", "newsletter", "nudges") == [], "what ran does not run again"
        assert len(await digests_of(db, village.people["anna"].id)) == 1
        assert len(await reminders_to(db, village.people["anna"].id)) == 1

    async def test_a_job_that_ran_is_not_run_again_by_the_next_start(self, uow_factory, village):
        db, clock = uow_factory, village.clock
        await choose(db, village.people["anna"].id, digest=DigestFrequency.DAILY)
        await approved_dream(db, village, "A dream", FRIDAY + timedelta(hours=1))
        first = schedule_for(db, clock)
        await first.start()
        try:
            clock.advance(seconds=(datetime(2026, 10, 24, 7, 0, tzinfo=UTC) - clock.now()).total_seconds())
            await first.run_due()  # Saturday, nine in Oslo: the digest, and the hourly nudges, ran
        finally:
            await first.stop()
        clock.advance(seconds=30)

        second = schedule_for(db, clock)
        await second.start()
        try:
            await second.run_due()
        finally:
            await second.stop()

        assert sorted(runs_of(first, "digest", "nudges")) == [f"digest:{village.branch.id}", "nudges"]
        assert runs_of(second, "digest", "nudges") == []
        assert len(await digests_of(db, village.people["anna"].id)) == 1

    async def test_a_changed_digest_hour_is_counted_from_the_change_not_run_at_once(self, uow_factory, village):
        db, clock = uow_factory, village.clock
        await choose(db, village.people["anna"].id, digest=DigestFrequency.DAILY)
        first = schedule_for(db, clock)
        await first.start()
        await first.stop()  # Friday, noon in Oslo
        async with db() as uow:
            branch = await uow.branches.get(village.branch.id)
            branch.digest_hour = 13
            await uow.branches.save(branch)
            await uow.commit()
        clock.advance(hours=2)  # 14:00: the new hour passed while nothing ran, but it was not the hour then

        second = schedule_for(db, clock)
        await second.start()
        try:
            await second.run_due()
            assert runs_of(second, "digest") == []
            clock.advance(days=1)  # Saturday 14:00: Saturday's 13:00 came
            await second.run_due()
        finally:
            await second.stop()

        assert runs_of(second, "digest") == [f"digest:{village.branch.id}"]

    async def test_a_run_that_failed_is_not_marked_and_runs_again_at_the_next_start(self, uow_factory, village,
                                                                                     monkeypatch):
        db, clock = uow_factory, village.clock
        newsletter = await a_newsletter(db, village, FRIDAY - timedelta(minutes=1))

        async def broken(_schedule) -> int:
            raise ConnectionError("the database went away")

        monkeypatch.setattr("digests.schedule.jobs.newsletters", broken)
        first = schedule_for(db, clock)
        await first.start()
        await first.run_due()
        await first.stop()
        monkeypatch.undo()
        second = schedule_for(db, clock)
        await second.start()
        try:
            await second.run_due()
        finally:
            await second.stop()

        assert runs_of(first, "newsletter") == []
        assert runs_of(second, "newsletter") == [f"newsletter:{newsletter}"]
        async with db() as uow:
            assert (await uow.newsletters.get(newsletter)).status.value == "sent"


async def test_the_nudges_remind_of_an_inquiry_left_waiting_past_the_branchs_working_days(uow_factory, village):
    from core.usecases.inquiries import ask
    from digests.schedule.jobs import nudges

    db, clock, gustav = uow_factory, village.clock, village.people["gustav"]
    async with db() as uow:
        await ask(uow, clock, village.people["anna"], village.branch, "May we use the hall?")
        await uow.commit()

    async def late() -> list:
        async with db() as uow:
            return [n for n in await uow.outbox.pending_for(gustav.id, 100) if n.kind is NoticeKind.INQUIRY_LATE]

    schedule = schedule_for(db, clock)
    clock.advance(days=3, hours=23)  # Monday night: asked on Friday, one working day has passed
    await nudges(schedule)
    assert await late() == []
    clock.advance(hours=1)  # Tuesday 11:00 in Oslo: winter time began on Sunday, so noon is an hour later in UTC
    await nudges(schedule)
    assert await late() == []
    clock.advance(hours=1)  # Tuesday at noon in Oslo: two working days
    await nudges(schedule)
    await nudges(schedule)
    assert [n.params["admin"] for n in await late()] == [False]


async def test_a_tasks_owner_hears_from_the_hourly_nudges_the_day_before_and_once_when_overdue(uow_factory, village):
    db, clock = uow_factory, village.clock
    frida = village.people["frida"].id
    dream = await approved_dream(db, village, "The bench", FRIDAY)
    async with db() as uow:
        project = await uow.projects.add(Project(dream.id, village.branch.id, "The bench", frida, FRIDAY))
        await uow.plans.add(PlanPart(project.id, PartKind.TASK, "Buy wood", frida, due=date(2026, 10, 25)))
        await uow.commit()
    schedule = schedule_for(db, clock)
    await schedule.start()
    try:
        await schedule.sync()
        told = []
        for hours in (1, 23, 1, 48, 1):  # Friday; Saturday, the day before; Saturday; Monday; Monday again
            clock.advance(hours=hours)
            await schedule.run_due()
            async with db() as uow:
                told.append([n.kind for n in await uow.outbox.pending_for(frida, 100)
                             if n.kind in (NoticeKind.TASK_DUE, NoticeKind.TASK_OVERDUE)])
    finally:
        await schedule.stop()
    assert told == [[], [NoticeKind.TASK_DUE], [NoticeKind.TASK_DUE],
                    [NoticeKind.TASK_DUE, NoticeKind.TASK_OVERDUE], [NoticeKind.TASK_DUE, NoticeKind.TASK_OVERDUE]]


async def test_the_daily_housekeeping_is_scheduled_and_forgets_updates_handled_more_than_a_week_ago(
        uow_factory, village):
    from digests.schedule.jobs import housekeeping

    db, clock = uow_factory, village.clock
    async with db() as uow:
        await uow.inbox.first_time("telegram:1:1", clock.now())
        await uow.commit()
    schedule = schedule_for(db, clock)
    assert "housekeeping" in [w.id for w in await schedule.wanted()]

    clock.advance(days=6)
    assert await housekeeping(schedule) == 0
    clock.advance(days=1, minutes=1)
    assert await housekeeping(schedule) == 1
    async with db() as uow:
        assert await uow.inbox.first_time("telegram:1:1", clock.now()) is True
