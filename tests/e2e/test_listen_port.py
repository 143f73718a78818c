"""`dreambank run` as a process when its listen port is taken: a plain message, a non-zero exit, nothing remote."""

from __future__ import annotations

import asyncio
import os
import socket

import pytest

from tests.e2e.delivery_setup import DREAMBANK
from tests.standins.telegram import BotApiStandIn, FloodLimits


def taken_port() -> socket.socket:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


@pytest.mark.parametrize("mode", ["webhook", "polling with mail links"])
async def test_a_port_in_use_is_said_plainly_before_telegram_is_told_anything(tmp_path, mode):
    async with BotApiStandIn(limits=FloodLimits()) as api:
        with taken_port() as holder:
            port = holder.getsockname()[1]
            env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
            env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET="port-tests-secret-0123456789",
                       DREAMBANK_TELEGRAM_TOKEN=api.token, DREAMBANK_TELEGRAM_API_URL=api.base_url,
                       DREAMBANK_TELEGRAM_LISTEN=f"127.0.0.1:{port}")
            if mode == "webhook":
                env["DREAMBANK_TELEGRAM_WEBHOOK_URL"] = "https://bank.example.org/telegram/hook"
            else:  # mail's links are served over HTTP beside long polling
                env["DREAMBANK_SMTP_URL"] = "smtp://127.0.0.1:9"
            process = await asyncio.create_subprocess_exec(str(DREAMBANK), "run", env=env, cwd=str(tmp_path),
                                                           stdout=asyncio.subprocess.PIPE,
                                                           stderr=asyncio.subprocess.PIPE)
            try:
                out, err = await asyncio.wait_for(process.communicate(), 60)
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()

    said = (out + err).decode()
    assert process.returncode != 0
    assert f"port {port} on 127.0.0.1 is in use" in said and "DREAMBANK_LISTEN" in said
    assert "Traceback" not in said
    assert [c.method for c in api.calls if c.method in ("setWebhook", "deleteWebhook", "getUpdates")] == []
