"""`dreambank schedule` in two real processes on one PostgreSQL: one schedules, the other stands by, and takes
over when the first is killed."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime, timedelta, timezone

import pytest

from core.model.branches import Branch
from core.model.newsletters import Newsletter, NewsletterStatus
from core.model.members import Member
from core.model.notices import Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.conftest import empty_postgres
from tests.e2e.delivery_setup import DREAMBANK

pytestmark = pytest.mark.postgres


class Scheduler:
    """One `dreambank schedule` process, its log read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process, self.lines = process, []
        self._reading = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, env: dict[str, str], cwd: str) -> "Scheduler":
        return cls(await asyncio.create_subprocess_exec(str(DREAMBANK), "schedule", env=env, cwd=cwd,
                                                        stdout=asyncio.subprocess.DEVNULL,
                                                        stderr=asyncio.subprocess.PIPE))

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.lines.append(line.decode(errors="replace"))

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    async def wait_for(self, text: str, seconds: float = 20.0) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while not self.said(text):
            if asyncio.get_running_loop().time() > deadline or self.process.returncode is not None:
                raise AssertionError(f"never said {text!r}:\n{''.join(self.lines[-30:])}")
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.returncode is None:
            self.process.send_signal(sig)
            await asyncio.wait_for(self.process.wait(), 30)
        await self._reading


async def newsletter_status(settings: Settings, newsletter_id: int) -> NewsletterStatus:
    app = await build(settings, migrate=False)
    try:
        async with app.uow() as uow:
            return (await uow.newsletters.get(newsletter_id)).status
    finally:
        await app.close()


async def until_sent(settings: Settings, newsletter_id: int, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while await newsletter_status(settings, newsletter_id) is not NewsletterStatus.SENT:
        assert asyncio.get_running_loop().time() < deadline, f"newsletter {newsletter_id} was never released"
        await asyncio.sleep(0.1)


async def test_one_process_schedules_and_another_takes_over_when_it_is_killed(postgres_url, tmp_path):
    await empty_postgres(postgres_url)
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    app = await build(settings)
    try:
        now = datetime.now(timezone.utc)
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
            hanne = await uow.members.add(Member("Hanne", branch.id, None, now))
            first = await uow.newsletters.add(Newsletter(branch.id, hanne.id, "Before", Recipients("all"), now, {},
                                                         now + timedelta(seconds=4)))
            second = await uow.newsletters.add(Newsletter(branch.id, hanne.id, "After", Recipients("all"), now, {},
                                                          now + timedelta(seconds=10)))
            await uow.commit()
    finally:
        await app.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_DATABASE_URL=postgres_url,
               DREAMBANK_SECRET="schedule-tests-secret-0123456789", DREAMBANK_LOG_LEVEL="INFO",
               DREAMBANK_SCHEDULE_SYNC_SECONDS="0.5", DREAMBANK_SCHEDULE_STANDBY_SECONDS="0.2")
    a = await Scheduler.start(env, str(tmp_path))
    b = None
    try:
        await a.wait_for("scheduling (")
        b = await Scheduler.start(env, str(tmp_path))
        await until_sent(settings, first.id)
        await a.wait_for(f'Running job "newsletter:{first.id} at')
        assert not b.said("scheduling (") and not b.said("Running job"), "the second process only stands by"
        assert await newsletter_status(settings, second.id) is NewsletterStatus.SCHEDULED

        await a.stop(signal.SIGKILL)
        await b.wait_for("scheduling (")
        await until_sent(settings, second.id)
        await b.wait_for(f'Running job "newsletter:{second.id} at')
    finally:
        await a.stop(signal.SIGKILL)
        if b is not None:
            await b.stop()
