"""`dreambank discord` as a process: only the bot's gateway connection, answering people, its notices left in the
outbox for `dreambank deliver`."""

from __future__ import annotations

import asyncio
import signal

from core.model.branches import Branch
from core.model.members import Identity
from core.model.notices import Notice, NoticeKind
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.e2e.test_discord_run import DREAMBANK, environment
from tests.factories import add_member
from tests.standins.discord import DiscordStandIn


async def test_the_gateway_alone_answers_and_leaves_notices_to_the_deliverer(tmp_path):
    data = tmp_path / "data"
    async with DiscordStandIn() as standin:
        env = environment(data, discord_token=standin.token, discord_api_url=standin.api_url,
                          discord_gateway_url=standin.gateway_url, telegram_poll_seconds="0.05")
        anna = standin.user("anna")
        app = await build(Settings(data_dir=data, secret=env["DREAMBANK_SECRET"]))
        try:
            async with app.uow() as uow:
                branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en", "Europe/Oslo"))
                member = await add_member(uow, branch.id, "Anna", Identity("discord", str(anna)), app.clock.now())
                await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.ANNOUNCEMENT,
                                            {"text": "The bench is built"}, app.clock.now()))
                await uow.commit()
        finally:
            await app.close()
        process = await asyncio.create_subprocess_exec(str(DREAMBANK), "discord", env=env, cwd=data,
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await standin.wait_for(lambda: standin.connected and standin.commands, timeout=60)
            answered = await (await standin.slash(anna, "help")).answered()
            await asyncio.sleep(1.0)  # time enough for a deliverer, were there one
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 30)
        shown = str(standin.dms(anna))

    assert "What you can do" in str(answered.response)
    assert "What you can do" in shown and "The bench is built" not in shown, "the gateway process sends no notice"
    assert process.returncode == 0 and "Traceback" not in (out + err).decode(), (out + err).decode()[-2000:]
