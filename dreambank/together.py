"""Running a process's parts side by side: when one of them fails, the others are stopped too."""

from __future__ import annotations

import asyncio


async def until_one_fails(work: list[asyncio.Task], stop: asyncio.Event) -> None:
    """Wait for every task; the first failure sets `stop` for the rest, and is raised once they have ended."""
    try:
        done, _pending = await asyncio.wait(work, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()
    finally:
        stop.set()
        await asyncio.gather(*work, return_exceptions=True)
