"""`dreambank run` with Discord configured, as a process: it says plainly when Discord refuses the token or
cannot be reached, and exits with a failure."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from core.model.branches import Branch
from core.model.members import Identity
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.factories import add_member
from tests.standins.discord import DiscordStandIn

DREAMBANK = Path(sys.executable).with_name("dreambank")


def environment(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(data_dir), DREAMBANK_SECRET="run-tests-secret-0123456789abcdef",
               DREAMBANK_LISTEN=f"127.0.0.1:{closed_port()}",
               DREAMBANK_SCHEDULE_SYNC_SECONDS="1")
    env.update({f"DREAMBANK_{k.upper()}": v for k, v in settings.items()})
    return env


async def run(env: dict[str, str], timeout: float = 30, command: str = "run") -> tuple[int, str]:
    """`dreambank run` (or another command) until it exits by itself; its exit code and what it wrote."""
    Path(env["DREAMBANK_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    process = await asyncio.create_subprocess_exec(str(DREAMBANK), command, env=env, cwd=env["DREAMBANK_DATA_DIR"],
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return process.returncode or 0, (out + err).decode()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TestRunWithDiscord:
    async def test_the_bot_starts_registers_its_commands_answers_and_stops_on_sigterm(self, tmp_path):
        data = tmp_path / "data"
        async with DiscordStandIn() as standin:
            env = environment(data, discord_token=standin.token, discord_api_url=standin.api_url,
                              discord_gateway_url=standin.gateway_url)
            app = await build(Settings(data_dir=data, secret=env["DREAMBANK_SECRET"]))
            async with app.uow() as uow:
                await uow.branches.add(Branch("fjordby", "Fjordby", "en", "Europe/Oslo"))
                await uow.commit()
            await app.close()
            anna = standin.user("anna")
            process = await asyncio.create_subprocess_exec(str(DREAMBANK), "run", env=env, cwd=data,
                                                           stdout=asyncio.subprocess.PIPE,
                                                           stderr=asyncio.subprocess.PIPE)
            try:
                await standin.wait_for(lambda: standin.connected and standin.commands, timeout=20)
                answered = await (await standin.slash(anna, "help")).answered()
            finally:
                process.send_signal(signal.SIGTERM)
                out, err = await asyncio.wait_for(process.communicate(), 30)

        assert "What you can do" in str(answered.response)
        assert process.returncode == 0, (out + err).decode()
        assert "Traceback" not in (out + err).decode()

    async def test_a_token_discord_refuses_is_said_plainly_and_ends_the_run(self, tmp_path):
        async with DiscordStandIn() as standin:
            env = environment(tmp_path / "data", discord_token="not-the-bots-token-123456",
                              discord_api_url=standin.api_url, discord_gateway_url=standin.gateway_url)

            code, said = await run(env)

            refused = [c for c in standin.calls if c.status == 401]
        assert code == 1
        assert "Discord refused the token in DREAMBANK_DISCORD_TOKEN" in said
        assert "Traceback" not in said and "not-the-bots-token-123456" not in said
        assert refused, "the token was never tried"

    async def test_an_api_that_cannot_be_reached_is_said_plainly_and_ends_the_run(self, tmp_path):
        port = closed_port()
        env = environment(tmp_path / "data", discord_token="any-token-123456",
                          discord_api_url=f"http://127.0.0.1:{port}/api/v10",
                          discord_gateway_url=f"ws://127.0.0.1:{port}/")

        code, said = await run(env)

        assert code == 1
        assert f"could not reach Discord at http://127.0.0.1:{port}/api/v10" in said
        assert "Check the network or DREAMBANK_DISCORD_API_URL" in said
        assert "Traceback" not in said

    async def test_deliver_alone_says_so_too_when_discord_refuses_the_token(self, tmp_path):
        async with DiscordStandIn() as standin:
            env = environment(tmp_path / "data", discord_token="not-the-bots-token-123456",
                              discord_api_url=standin.api_url, discord_gateway_url=standin.gateway_url)

            code, said = await run(env, command="deliver")

        assert code == 1
        assert "Discord refused the token in DREAMBANK_DISCORD_TOKEN" in said and "Traceback" not in said

    async def test_a_broadcast_says_its_copies_to_discord_members_go_out_with_the_discord_bot(self, tmp_path):
        data = tmp_path / "data"
        env = environment(data, discord_token="any-token-123456")
        app = await build(Settings(data_dir=data, secret=env["DREAMBANK_SECRET"]))
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en", "Europe/Oslo"))
            await add_member(uow, branch.id, "Anna", Identity("discord", "1234567890"), app.clock.now())
            await uow.commit()
        await app.close()

        process = await asyncio.create_subprocess_exec(
            str(DREAMBANK), "broadcast", "fjordby", "--text", "The library opens on Sunday.", "--no-wait",
            env=env, cwd=data, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 30)

        assert process.returncode == 0, err.decode()
        assert "1 on Discord: sent by `dreambank run` or `dreambank deliver`." in out.decode()
