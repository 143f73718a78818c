"""`dreambank web` as a process: the demo branch's portal and feeds on the listen address, under either name of
the setting, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal

import httpx
import pytest

from tests.e2e.delivery_setup import DREAMBANK
from tests.e2e.run_starts import free_port


@pytest.mark.parametrize("variable", ["DREAMBANK_LISTEN", "DREAMBANK_TELEGRAM_LISTEN"])
async def test_web_serves_the_portal_alone_and_stops_on_sigterm(tmp_path, variable):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET="web-command-secret-0123456789",
               **{variable: f"127.0.0.1:{port}"})
    demo = await asyncio.create_subprocess_exec(str(DREAMBANK), "demo", env=env, cwd=str(tmp_path),
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert await asyncio.wait_for(demo.wait(), 60) == 0
    process = await asyncio.create_subprocess_exec(str(DREAMBANK), "web", env=env, cwd=str(tmp_path),
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            front = None
            for _attempt in range(300):
                try:
                    front = await client.get("/")
                    break
                except httpx.TransportError:
                    if process.returncode is not None:
                        break
                    await asyncio.sleep(0.05)
            assert front is not None, (await process.stderr.read()).decode()
            bank = await client.get("/fjordby/")
            feed = await client.get("/fjordby/feed.atom")
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert front.status_code == 200 and "Fjordby" in front.text
    assert bank.status_code == 200 and "A bench by the fjord" in bank.text
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert process.returncode == 0 and "Traceback" not in (out + err).decode()
