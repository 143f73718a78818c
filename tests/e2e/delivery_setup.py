"""Many members on Telegram, written straight into the database, for delivery tests and the benchmark."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from core.model.branches import Branch
from core.model.notices import Broadcast, NoticeKind, Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.tables import IdentityRow, MemberRow

DREAMBANK = Path(sys.executable).with_name("dreambank")
FIRST_ID = 5_000_001


async def populate(settings: Settings, count: int, text: str = "The bench is built! Come and sit.") -> int:
    """A branch whose `count` members are on Telegram (ids from FIRST_ID), and a broadcast to them all."""
    app = await build(settings)
    try:
        async with app.uow() as uow:
            branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
            now = datetime.now(timezone.utc)
            for start in range(0, count, 5000):
                size = min(5000, count - start)
                ids = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id), [
                    dict(display_name=f"Member {start + i}", branch_id=branch.id, language=None, joined_at=now)
                    for i in range(size)])).scalars().all()
                await uow.session.execute(sa.insert(IdentityRow), [
                    dict(platform="telegram", external_id=str(FIRST_ID + start + i), member_id=member_id)
                    for i, member_id in enumerate(ids)])
            sent = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": text},
                                                      Recipients("all"), now))
            await uow.commit()
        return sent.id
    finally:
        await app.close()


def environment(settings: Settings, api_url: str, token: str, per_second: float, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(settings.data_dir), DREAMBANK_SECRET="delivery-tests-secret-0123456789",
               DREAMBANK_TELEGRAM_TOKEN=token, DREAMBANK_TELEGRAM_API_URL=api_url,
               DREAMBANK_TELEGRAM_PER_SECOND=str(per_second), DREAMBANK_TELEGRAM_POLL_SECONDS="0.05",
               DREAMBANK_TELEGRAM_PER_CHAT_PER_SECOND="1", DREAMBANK_LOG_LEVEL="ERROR")
    env.update(extra)
    if settings.database_url:
        env["DREAMBANK_DATABASE_URL"] = settings.database_url
    return env


async def start_deliverer(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(str(DREAMBANK), "deliver", env=env, cwd=env["DREAMBANK_DATA_DIR"],
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
