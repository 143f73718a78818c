"""A chat adapter that stops gives the deliverer beside it a grace to finish what is in flight, and cancels it only
when it has not stopped by then, saying so."""

from __future__ import annotations

import asyncio
import logging

from bots.delivering import finish_delivering


async def test_a_deliverer_that_stops_within_the_grace_finishes_its_work_and_is_not_cancelled(caplog):
    stop = asyncio.Event()
    recorded: list[str] = []

    async def deliver() -> None:
        await stop.wait()
        await asyncio.sleep(0.05)  # records what is in flight after being told to stop
        recorded.append("in flight")

    delivering = asyncio.create_task(deliver())
    stop.set()
    await finish_delivering(delivering, "Telegram", grace=5)
    assert recorded == ["in flight"] and not delivering.cancelled()
    assert "did not stop" not in caplog.text


async def test_a_deliverer_that_does_not_stop_is_cancelled_after_the_grace_and_the_platform_is_named(caplog):
    caplog.set_level(logging.WARNING)

    async def deliver() -> None:
        await asyncio.Event().wait()  # never stops

    delivering = asyncio.create_task(deliver())
    started = asyncio.get_running_loop().time()
    await finish_delivering(delivering, "Discord", grace=0.1)
    assert delivering.cancelled()
    assert asyncio.get_running_loop().time() - started >= 0.1
    assert "Discord notice delivery did not stop within 0 s; cancelling it" in caplog.text
