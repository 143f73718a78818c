"""The composition root: the one place that builds the engine, the units of work and the chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock, SystemClock
from core.ports import UnitOfWorkFactory
from core.usecases.reminders import ReminderRules
from storage.database import make_engine, session_factory
from storage.leases import DatabaseLease
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

from .logs import configure_logging
from digests.schedule.scheduler import LEASE as SCHEDULER_LEASE
from digests.schedule.scheduler import Schedule, ScheduleSettings
from .settings import Settings


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    clock: Clock
    codec: ButtonCodec
    conversation: Conversation
    uow: UnitOfWorkFactory

    def lease(self, name: str) -> DatabaseLease:
        return DatabaseLease(self.engine, name)

    def schedule(self) -> Schedule:
        """The deployment's schedule; it runs in whichever process holds the scheduler's lease."""
        s = self.settings
        rules = ReminderRules(s.reminder_leads(), timedelta(days=s.nudge_after_days),
                              timedelta(hours=s.vote_reminder_hours))
        return Schedule(self.uow, self.clock, self.lease(SCHEDULER_LEASE),
                        ScheduleSettings(rules, s.schedule_sync_seconds, standby_seconds=s.schedule_standby_seconds))

    async def close(self) -> None:
        await self.engine.dispose()


async def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> App:
    configure_logging(settings)
    url = settings.resolved_database_url()
    if migrate:
        await upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    codec = ButtonCodec(settings.resolved_secret())

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions)

    conversation = Conversation(uow_factory, clock, codec, settings.default_branch,
                                mail=settings.smtp_url is not None)
    return App(settings, engine, clock, codec, conversation, uow_factory)
