"""Running a real discord.py client against the stand-in: pointed at it, connected, ready, and stopped after."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import discord

from tests.standins.discord.standin import DiscordStandIn

ClientT = TypeVar("ClientT", bound=discord.Client)


def quick_client(cls: type[ClientT] = discord.Client, **options: Any) -> ClientT:  # type: ignore[assignment]
    """A client that starts in milliseconds: default intents, no member chunking, a short wait for guilds."""
    options.setdefault("intents", discord.Intents.default())
    options.setdefault("guild_ready_timeout", 0.02)
    options.setdefault("chunk_guilds_at_startup", False)
    options.setdefault("enable_debug_events", False)
    return cls(**options)


@contextlib.asynccontextmanager
async def connected(client: ClientT, standin: DiscordStandIn, *, timeout: float = 5.0) -> AsyncIterator[ClientT]:
    """Starts ``client`` with the stand-in's token, yields once it is ready, and closes it afterwards."""
    with standin.pointing():
        task = asyncio.create_task(client.start(standin.token), name="discord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                task.result()  # raises what stopped the client (LoginFailure…)
                raise RuntimeError("the discord.py client stopped before it was ready")
            if ready not in done:
                raise TimeoutError(f"the discord.py client was not ready within {timeout} s")
            yield client
        finally:
            ready.cancel()
            await client.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=5.0)
