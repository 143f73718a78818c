"""The HTTP endpoint of a real `dreambank run` process (Telegram's webhook, mail's one-click unsubscribe) refuses
an over-long body by its declared length or while it streams in, without holding it in memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket

import pytest

from bots.email.tokens import UnsubscribeTokens
from core.model.preferences import MailTopic
from dreambank.settings import Settings
from tests.e2e.delivery_setup import DREAMBANK
from tests.standins.telegram import BotApiStandIn, FloodLimits

HOOK_PATH = "/telegram/hook"
SECRET = "body-limit-tests-secret-0123456789"
STREAMED = 100 * 1024 * 1024
CHUNK = 256 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def server(tmp_path):
    """(port, pid, the webhook's secret) of `dreambank run` serving the webhook; stopped afterwards."""
    async with BotApiStandIn(limits=FloodLimits()) as api:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET=SECRET, DREAMBANK_TELEGRAM_TOKEN=api.token,
                   DREAMBANK_TELEGRAM_API_URL=api.base_url, DREAMBANK_TELEGRAM_LISTEN=f"127.0.0.1:{port}",
                   DREAMBANK_TELEGRAM_WEBHOOK_URL=f"https://bank.example.org{HOOK_PATH}",
                   DREAMBANK_SMTP_URL="smtp://127.0.0.1:9")  # mail's links are served; nothing is mailed
        process = await asyncio.create_subprocess_exec(str(DREAMBANK), "run", env=env, cwd=str(tmp_path),
                                                       stdout=asyncio.subprocess.DEVNULL,
                                                       stderr=asyncio.subprocess.DEVNULL)
        try:
            await api.wait_for("setWebhook", timeout=60)
            await _listening(port)
            yield port, process.pid, Settings(data_dir=tmp_path, secret=SECRET).webhook_secret()
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 20)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def _listening(port: int) -> None:
    for _ in range(400):
        with contextlib.suppress(OSError):
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


async def post(port: int, secret: str, *, declared: int | None, streamed: int = 0,
               path: str = HOOK_PATH) -> tuple[int, float]:
    """POST to `path` over a plain socket; (the status, seconds until it came). Sending stops when the
    server has answered or closed the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = f"Content-Length: {declared}\r\n" if declared is not None else "Transfer-Encoding: chunked\r\n"
    writer.write((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n{length}\r\n").encode())

    async def send_body() -> None:
        chunk = b"[" * CHUNK
        for _ in range(streamed // CHUNK):
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    loop = asyncio.get_running_loop()
    began = loop.time()
    sending = asyncio.create_task(send_body() if declared is None else writer.drain())
    try:
        status_line = await asyncio.wait_for(reader.readline(), 120)
    finally:
        sending.cancel()
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await sending
        writer.close()
    return int(status_line.split()[1]), loop.time() - began


class TestWebhookBodyLimit:
    async def test_a_declared_length_over_the_limit_is_refused_at_once(self, server):
        port, _pid, secret = server

        status, seconds = await post(port, secret, declared=STREAMED)

        assert status == 413 and seconds < 5  # not waiting for a body that never comes

    async def test_the_secret_is_checked_before_the_length(self, server):
        port, _pid, _secret = server

        status, _seconds = await post(port, "not-the-secret", declared=STREAMED)

        assert status == 403

    async def test_a_chunked_body_is_refused_at_the_limit_and_memory_stays_flat(self, server):
        port, pid, secret = server
        before = peak_rss_kib(pid)

        status, _seconds = await post(port, secret, declared=None, streamed=STREAMED)
        grown = peak_rss_kib(pid) - before

        assert status == 413
        assert grown < 8 * 1024, f"the server's peak memory grew by {grown} KiB for a refused body"


class TestUnsubscribeBodyLimit:
    async def test_a_one_click_post_with_a_valid_link_is_capped_too(self, server):
        port, pid, secret = server
        link = f"/unsubscribe/{UnsubscribeTokens(Settings(secret=SECRET).resolved_secret()).make(1, MailTopic.DIGEST)}"
        before = peak_rss_kib(pid)

        declared, _seconds = await post(port, secret, declared=STREAMED, path=link)
        streamed, _seconds = await post(port, secret, declared=None, streamed=STREAMED, path=link)
        grown = peak_rss_kib(pid) - before

        assert (declared, streamed) == (413, 413)
        assert grown < 8 * 1024, f"the server's peak memory grew by {grown} KiB for a refused body"
