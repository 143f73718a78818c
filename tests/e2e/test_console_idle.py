"""The console chat at a terminal, left idle: the schedule goes on while nobody types.

While the chat waited for a line by reading stdin on the event loop, nothing else on the loop ran: a newsletter
that fell due went out only once someone pressed Enter.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

from core.model.newsletters import NewsletterStatus
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.e2e.test_console_chat import Terminal, chat
from tests.e2e.test_console_restarts import a_newsletter

DUE_IN_SECONDS = 2
WAIT_SECONDS = 30


async def status_within(data_dir: Path, newsletter_id: int, seconds: float) -> NewsletterStatus:
    """The newsletter's status once it is sent, or when `seconds` have passed."""
    app = await build(Settings(data_dir=data_dir), migrate=False)
    try:
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            async with app.uow() as uow:
                status = (await uow.newsletters.get(newsletter_id)).status
            if status is not NewsletterStatus.SCHEDULED or asyncio.get_running_loop().time() > deadline:
                return status
            await asyncio.sleep(0.25)
    finally:
        await app.close()


async def test_a_newsletter_that_falls_due_is_sent_while_nobody_types(tmp_path):
    chat(tmp_path, "/quit\n")  # the demo branch, made before the terminal's chat starts
    terminal = Terminal(tmp_path, DREAMBANK_SCHEDULE_SYNC_SECONDS="0.5")
    try:
        terminal.wait_for("anna> ")
        newsletter = await a_newsletter(tmp_path, datetime.now(timezone.utc) + timedelta(seconds=DUE_IN_SECONDS))

        status = await status_within(tmp_path, newsletter, WAIT_SECONDS)

        terminal.type("/whoami")
        answered = terminal.wait_for("anna> ")
    finally:
        terminal.close()
    assert status is NewsletterStatus.SENT, "sent while the chat waited for a line"
    assert "You are Anna" in answered and "Traceback" not in answered
