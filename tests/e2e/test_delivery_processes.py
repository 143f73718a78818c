"""`dreambank deliver` as real processes against the Bot API stand-in enforcing Telegram's limits."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess

import pytest

from core.model.members import Identity, Member
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.conftest import empty_postgres
from tests.e2e.delivery_setup import DREAMBANK, FIRST_ID, environment, populate, start_deliverer
from tests.standins.telegram import BotApiStandIn, FloodLimits

TOKEN = "777000:delivery-token"


async def progress(settings: Settings, broadcast_id: int):
    app = await build(settings, migrate=False)
    try:
        async with app.uow() as uow:
            return await uow.broadcasts.progress(broadcast_id)
    finally:
        await app.close()


async def until_done(settings: Settings, broadcast_id: int, seconds: float):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        p = await progress(settings, broadcast_id)
        if p.done:
            return p
        await asyncio.sleep(0.2)
    raise TimeoutError(f"broadcast {broadcast_id} not done: {p}")


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


class TestBroadcastFromTheCommandLine:
    async def test_a_broadcast_is_sent_with_a_progress_bar_and_its_status_shown(self, tmp_path):
        settings = Settings(data_dir=tmp_path)
        broadcast_id = await populate(settings, 0)  # the branch only; the command makes the broadcast
        async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=10)) as api:
            api.users_bulk(FIRST_ID, 1)
            env = environment(settings, api.base_url, TOKEN, per_second=300)
            app = await build(Settings(data_dir=tmp_path))
            async with app.uow() as uow:
                branch = await uow.branches.by_slug("fjordby")
                for i in range(40):
                    api.users_bulk(FIRST_ID + 1 + i, 1)
                    await uow.members.add(Member(f"M{i}", branch.id, None, app.clock.now()),
                                          Identity("telegram", str(FIRST_ID + 1 + i)))
                await uow.commit()
            await app.close()
            deliverer = await start_deliverer(env)
            try:
                sending = await asyncio.create_subprocess_exec(
                    str(DREAMBANK), "broadcast", "fjordby", "--text", "Breakfast on <Saturday> & coffee", env=env,
                    cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                out, err = await asyncio.wait_for(sending.communicate(), 60)
            finally:
                await stop(deliverer)
            status = await asyncio.create_subprocess_exec(str(DREAMBANK), "outbox", "status", env=env,
                                                          cwd=str(tmp_path), stdout=subprocess.PIPE)
            table, _ = await status.communicate()

            assert sending.returncode == 0, err.decode()
            assert "to 40 members is in the outbox" in out.decode() and "Sent 40, failed 0 of 40." in out.decode()
            assert "done" in table.decode().splitlines()[-1]
            assert sum(api.delivered_count(FIRST_ID + 1 + i) for i in range(40)) == 40
            assert api.flood_stats.rejected_429 == 0
        assert broadcast_id


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request) -> str | None:
    if request.param == "sqlite":
        return None
    url = request.getfixturevalue("postgres_url")
    await empty_postgres(url)
    return url


class TestCrashSafety:
    @pytest.mark.timeout(600)
    async def test_a_deliverer_killed_ten_times_loses_nothing(self, tmp_path, database_url):
        recipients, kills = 2000, 10
        settings = Settings(data_dir=tmp_path, database_url=database_url)
        broadcast_id = await populate(settings, recipients)
        async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=10), record_calls=False) as api:
            api.users_bulk(FIRST_ID, recipients)
            env = environment(settings, api.base_url, TOKEN, per_second=300)
            rng = random.Random(20261121)
            killed_after: list[int] = []
            for _ in range(kills):
                deliverer = await start_deliverer(env)
                before = api.flood_stats.accepted
                while api.flood_stats.accepted == before and deliverer.returncode is None:
                    await asyncio.sleep(0.01)  # killed while sending, not while starting up
                await asyncio.sleep(rng.uniform(0.0, 0.5))
                deliverer.send_signal(signal.SIGKILL)
                await deliverer.wait()
                killed_after.append(api.flood_stats.accepted)
            deliverer = await start_deliverer(env)
            try:
                final = await until_done(settings, broadcast_id, 120)
            finally:
                await stop(deliverer)

            delivered = [api.delivered_count(FIRST_ID + i) for i in range(recipients)]
            duplicates = sum(n - 1 for n in delivered if n > 1)
            print(f"\n{kills} kills (after {killed_after} messages): {recipients} recipients, {duplicates} "
                  f"duplicates, {api.flood_stats.rejected_429} 429s")
            assert (final.sent, final.failed, final.waiting) == (recipients, 0, 0)
            assert len(set(killed_after)) == kills and killed_after[-1] < recipients  # each kill hit mid-broadcast
            assert min(delivered) == 1  # nobody was lost
            # a kill repeats at most the sends not yet written down (the engine lets 10 be), nothing more
            assert duplicates <= kills * 10


@pytest.mark.postgres
class TestTwoDeliverers:
    @pytest.mark.timeout(600)
    async def test_two_processes_on_one_database_send_once_within_the_bots_rate(self, tmp_path, postgres_url):
        await empty_postgres(postgres_url)
        recipients = 600
        settings = Settings(data_dir=tmp_path, database_url=postgres_url)
        broadcast_id = await populate(settings, recipients)
        async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=4), record_calls=False) as api:
            api.users_bulk(FIRST_ID, recipients)
            # paced below the limit, as an operator sets a real bot: the margin absorbs a busy machine's jitter,
            # while both processes sending at once (200 a second) could not stay under 120 without 429s
            env = environment(settings, api.base_url, TOKEN, per_second=100)
            first, second = await start_deliverer(env), await start_deliverer(env)
            try:
                final = await until_done(settings, broadcast_id, 120)
            finally:
                await stop(first)
                await stop(second)

            assert (final.sent, final.waiting) == (recipients, 0)
            assert all(api.delivered_count(FIRST_ID + i) == 1 for i in range(recipients))
            assert api.flood_stats.rejected_429 == 0 and api.max_rate(1.0) <= 120
