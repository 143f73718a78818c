"""`dreambank deliver` for Discord as real processes, against the local Discord enforcing Discord's limits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.model.branches import Branch
from core.model.notices import Broadcast, NoticeKind, Progress, Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.tables import IdentityRow, MemberRow
from tests.conftest import empty_postgres
from tests.e2e.delivery_setup import DREAMBANK
from tests.standins.discord import DiscordLimits, DiscordStandIn

#: the local Discord's global limit, and the deliverers' own pace below it
DISCORD_PER_SECOND, DELIVERER_PER_SECOND = 50.0, 40.0
MESSAGES = "/channels/{channel_id}/messages"


async def populate(settings: Settings, users: list[int], text: str) -> int:
    """A branch whose members are the Discord `users`, and a broadcast to them all; the broadcast's id."""
    app = await build(settings)
    try:
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
            now = datetime.now(timezone.utc)
            ids = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id), [
                dict(display_name=f"Member {i}", branch_id=branch.id, language=None, joined_at=now)
                for i in range(len(users))])).scalars().all()
            await uow.session.execute(sa.insert(IdentityRow), [
                dict(platform="discord", external_id=str(user), member_id=member_id)
                for user, member_id in zip(users, ids)])
            sent = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": text},
                                                      Recipients("all"), now))
            await uow.commit()
        return sent.id
    finally:
        await app.close()


def environment(settings: Settings, standin: DiscordStandIn) -> dict[str, str]:
    """A deliverer for Discord alone, pointed at the local Discord and the test's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(settings.data_dir), DREAMBANK_SECRET="discord-delivery-tests-0123456789",
               DREAMBANK_DISCORD_TOKEN=standin.token, DREAMBANK_DISCORD_API_URL=standin.api_url,
               DREAMBANK_DISCORD_GATEWAY_URL=standin.gateway_url,
               DREAMBANK_DISCORD_PER_SECOND=str(DELIVERER_PER_SECOND), DREAMBANK_LOG_LEVEL="ERROR")
    assert settings.database_url
    env["DREAMBANK_DATABASE_URL"] = settings.database_url
    return env


@contextlib.asynccontextmanager
async def deliverers(env: dict[str, str], count: int, logs: Path) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """`count` `dreambank deliver` processes until the block ends; then each is asked to stop (and killed if it
    does not within 30 s), and waited for: none is left behind."""
    started: list[asyncio.subprocess.Process] = []
    try:
        for number in range(count):
            with open(logs / f"deliverer-{number}.log", "wb") as log:
                started.append(await asyncio.create_subprocess_exec(
                    str(DREAMBANK), "deliver", env=env, cwd=env["DREAMBANK_DATA_DIR"],
                    stdout=asyncio.subprocess.DEVNULL, stderr=log))
        yield started
    finally:
        for process in started:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()


async def until_done(settings: Settings, broadcast_id: int, processes: list[asyncio.subprocess.Process],
                     seconds: float) -> Progress:
    app = await build(settings, migrate=False)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            async with app.uow() as uow:
                progress = await uow.broadcasts.progress(broadcast_id)
            if progress.done:
                return progress
            stopped = [p.returncode for p in processes if p.returncode is not None]
            if stopped or loop.time() > deadline:
                raise AssertionError(f"broadcast {broadcast_id} not done: {progress}; deliverers stopped: {stopped}")
            await asyncio.sleep(0.2)
    finally:
        await app.close()


@pytest.mark.postgres
class TestTwoDelivererProcesses:
    @pytest.mark.timeout(120)
    async def test_two_processes_on_postgres_send_each_member_one_dm_within_discords_limit(
            self, tmp_path, postgres_url):
        await empty_postgres(postgres_url)
        recipients = 150
        settings = Settings(data_dir=tmp_path, database_url=postgres_url)
        async with DiscordStandIn(limits=DiscordLimits(global_per_second=DISCORD_PER_SECOND)) as standin:
            guild = standin.guild("Fjordby")
            users = [standin.user(f"person{i}") for i in range(recipients)]
            for user in users:
                standin.join(guild, user)
            broadcast_id = await populate(settings, users, "Coffee on Saturday")

            async with deliverers(environment(settings, standin), 2, tmp_path) as processes:
                final = await until_done(settings, broadcast_id, processes, 60)
                running_to_the_end = [p.returncode for p in processes]
            stopped = [p.returncode for p in processes]

            assert (final.sent, final.failed, final.waiting) == (recipients, 0, 0)
            assert [len(standin.dms(user)) for user in users] == [1] * recipients
            assert all("Coffee on Saturday" in (standin.dms(user)[0].get("content") or "") for user in users)
            assert standin.too_many == 0, standin.rate_limited
            assert 0 < standin.max_rate(1.0) <= DISCORD_PER_SECOND
            assert len(standin.calls_to("POST", MESSAGES)) == recipients
            assert running_to_the_end == [None, None]  # both were there, one sending, the other standing by
            assert stopped == [0, 0]
