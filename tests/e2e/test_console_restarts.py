"""The console chat started four times on the same data folder with the schedule running: no traceback lands in
the conversation, and the schedule still does its work in every session.

Before the schedule's jobs left the database, the second and later starts showed a "database is locked"
traceback in the conversation whenever the schedule wrote while the chat did.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.model.newsletters import Newsletter, NewsletterStatus
from core.model.members import Identity
from core.model.notices import Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.e2e.delivery_setup import DREAMBANK

SESSIONS = 4
SCRIPT = ["/as anna", "/help", "/mydreams", "/as bjorn", "/help", "/as anna", "/mydreams", "/quit"]
GAP_SECONDS = 0.5


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(data_dir), DREAMBANK_LOG_LEVEL="WARNING", DREAMBANK_SCHEDULE_SYNC_SECONDS="0.5")
    return env


async def chat_session(data_dir: Path) -> tuple[int | None, str]:
    """`dreambank chat` with the script typed a line at a time, as a person would; its exit code and output."""
    process = await asyncio.create_subprocess_exec(str(DREAMBANK), "chat", env=environment(data_dir),
                                                   cwd=str(data_dir), stdin=asyncio.subprocess.PIPE,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert process.stdin is not None and process.stdout is not None
    reading = asyncio.create_task(process.stdout.read())
    try:
        for line in SCRIPT:
            await asyncio.sleep(GAP_SECONDS)
            process.stdin.write(line.encode() + b"\n")
            await process.stdin.drain()
        process.stdin.close()
        await asyncio.wait_for(process.wait(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode, (await reading).decode(errors="replace")


async def a_newsletter(data_dir: Path, send_at: datetime) -> int:
    """Hanne schedules a newsletter, as she would in the chat, between two sessions."""
    app = await build(Settings(data_dir=data_dir), migrate=False)
    try:
        async with app.uow() as uow:
            hanne = await uow.members.by_identity(Identity("console", "hanne"))
            newsletter = await uow.newsletters.add(Newsletter(hanne.branch_id, hanne.id, "Spring cleaning",
                                                              Recipients("all"), datetime.now(timezone.utc), {},
                                                              send_at))
            await uow.commit()
        return newsletter.id
    finally:
        await app.close()


async def status_of(data_dir: Path, newsletter_id: int) -> NewsletterStatus:
    app = await build(Settings(data_dir=data_dir), migrate=False)
    try:
        async with app.uow() as uow:
            return (await uow.newsletters.get(newsletter_id)).status
    finally:
        await app.close()


@pytest.mark.timeout(240)
async def test_a_console_chat_restarted_three_times_with_the_schedule_running_shows_no_traceback(tmp_path):
    outputs, released = [], []

    for session in range(SESSIONS):
        newsletter = None
        if session:  # due while the next session runs
            newsletter = await a_newsletter(tmp_path, datetime.now(timezone.utc) + timedelta(seconds=3))
        code, output = await chat_session(tmp_path)
        outputs.append((code, output))
        if newsletter is not None:
            released.append(await status_of(tmp_path, newsletter))

    for code, output in outputs:
        assert code == 0, output[-3000:]
        assert "Traceback" not in output and "database is locked" not in output, output[-3000:]
        assert "/help" in output or "You are now anna" in output
    assert released == [NewsletterStatus.SENT] * (SESSIONS - 1), "the schedule works in every session"
