"""The composition root: the one place that builds the engine, the units of work and the chat."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock, SystemClock
from core.ports import UnitOfWorkFactory
from storage.database import make_engine, session_factory
from storage.leases import DatabaseLease
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

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

    async def close(self) -> None:
        await self.engine.dispose()


async def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> App:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    url = settings.resolved_database_url()
    if migrate:
        await upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    codec = ButtonCodec(settings.resolved_secret())

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions)

    conversation = Conversation(uow_factory, clock, codec, settings.default_branch)
    return App(settings, engine, clock, codec, conversation, uow_factory)
