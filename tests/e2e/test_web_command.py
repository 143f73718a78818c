"""`dreambank web` as a process: the demo branch's portal and feeds on the listen address, under either name of
the setting, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket

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


async def test_the_console_chat_serves_the_portal_beside_it_and_says_where(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET="web-command-secret-0123456789",
               DREAMBANK_LISTEN=f"127.0.0.1:{port}")
    process = await asyncio.create_subprocess_exec(str(DREAMBANK), "chat", "--web", env=env, cwd=str(tmp_path),
                                                   stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.PIPE)
    try:
        said = b""
        while b"The web portal" not in said:
            line = await asyncio.wait_for(process.stdout.readline(), 60)
            assert line, (said + await process.stderr.read()).decode()
            said += line
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            bank = None
            for _attempt in range(300):
                try:
                    bank = await client.get("/fjordby/")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
        process.stdin.write(b"/as anna\n/quit\n")
        await process.stdin.drain()
        process.stdin.close()
        rest, errors = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert f"http://127.0.0.1:{port}/fjordby/".encode() in said
    assert bank is not None and bank.status_code == 200 and "Fjordby" in bank.text
    assert b"You are now anna" in rest and process.returncode == 0
    assert b"Traceback" not in errors


async def test_a_taken_port_leaves_the_console_chat_open_and_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET="web-command-secret-0123456789",
                   DREAMBANK_LISTEN=f"127.0.0.1:{port}")
        process = await asyncio.create_subprocess_exec(str(DREAMBANK), "chat", "--web", env=env, cwd=str(tmp_path),
                                                       stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.PIPE)
        out, errors = await asyncio.wait_for(process.communicate(b"/as anna\n/quit\n"), 60)

    assert f"The web portal is not served: port {port} on 127.0.0.1 is in use".encode() in out
    assert b"You are now anna" in out and process.returncode == 0 and b"Traceback" not in errors
