"""The pacer's turn for a chat: waited for without taking a slot, so that work before a send does not come between
its slot and its request."""

from __future__ import annotations

import asyncio

from digests.delivery.channels import Limits
from digests.delivery.pacing import Pacer


async def test_ready_waits_for_the_chats_turn_and_takes_no_slot():
    pacer = Pacer(Limits(per_second=1000, per_chat_per_second=10, per_group_per_minute=600))  # a chat every 0.1 s
    loop = asyncio.get_running_loop()

    started = loop.time()
    await pacer.wait("anna", False)
    await pacer.ready("anna")
    turn = loop.time() - started
    await pacer.wait("anna", False)  # the turn ready waited for is still there to take
    taken = loop.time() - started

    assert turn >= 0.1
    assert taken - turn < 0.1  # had ready taken the turn, wait would have waited for the next, 0.1 s on


async def test_ready_waits_out_a_pause_for_every_chat_and_for_none():
    pacer = Pacer(Limits(per_second=1000, per_chat_per_second=10, per_group_per_minute=600))
    loop = asyncio.get_running_loop()

    started = loop.time()
    pacer.pause(0.1)
    await pacer.ready("kari")
    await pacer.ready(None)

    assert loop.time() - started >= 0.1


async def test_a_chat_not_yet_sent_to_is_ready_at_once():
    pacer = Pacer(Limits(per_second=1, per_chat_per_second=1, per_group_per_minute=1))
    await pacer.wait(None, False)  # the bot's slot is taken for a second: that is not the chat's turn
    loop = asyncio.get_running_loop()

    started = loop.time()
    await pacer.ready("anna")

    assert loop.time() - started < 0.5  # not the second the bot's next slot is away
