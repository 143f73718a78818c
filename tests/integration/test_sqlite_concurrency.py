"""One process, several async connections to one SQLite file: writers queue up without "database is locked",
and while one waits for another the event loop goes on serving."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from core.model.branches import Branch
from storage.database import BUSY_TIMEOUT_SECONDS, make_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


async def test_every_connection_has_write_ahead_logging_and_a_busy_timeout(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dreambank.sqlite'}"
    await upgrade(url)
    engine = make_engine(url)
    try:
        connections, settings = [], []
        for _ in range(3):  # kept checked out, so each is a DBAPI connection of its own
            connection = await engine.connect()
            connections.append(connection)
            settings.append(((await connection.exec_driver_sql("PRAGMA journal_mode")).scalar(),
                             (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()))
            await connection.commit()  # every transaction takes the write lock: end it before the next begins
        for connection in connections:
            await connection.close()
    finally:
        await engine.dispose()

    assert settings == [("wal", BUSY_TIMEOUT_SECONDS * 1000)] * 3


async def test_a_second_writer_waits_for_the_first_while_the_event_loop_keeps_running(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'dreambank.sqlite'}"
    await upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    ticks, finished = [], []

    async def ticker() -> None:
        while True:
            ticks.append(asyncio.get_running_loop().time())
            await asyncio.sleep(0.02)

    async def writer(name: str, hold: float) -> None:
        async with SqlUnitOfWork(sessions) as uow:
            await uow.runs.first_time(f"write by {name}", NOW)
            await asyncio.sleep(hold)  # the write lock is held meanwhile
            await uow.commit()
        finished.append(name)

    ticking = asyncio.create_task(ticker())
    try:
        first = asyncio.create_task(writer("first", 0.6))
        await asyncio.sleep(0.1)
        started_waiting = asyncio.get_running_loop().time()
        await writer("second", 0)
        await first
        async with SqlUnitOfWork(sessions) as uow:
            await uow.branches.add(Branch("fjordby", "Fjordby"))
            await uow.commit()
    finally:
        ticking.cancel()
        await engine.dispose()

    assert finished == ["first", "second"], "the second writer waited its turn instead of failing"
    assert len([t for t in ticks if t > started_waiting]) >= 10, "the loop ran while the second writer waited"
