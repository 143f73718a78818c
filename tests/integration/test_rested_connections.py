"""A pooled PostgreSQL connection the server dropped while it rested is replaced before it is used; one lent out
again at once is used without a ping, so a busy worker's transactions pay no round trips for it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from storage.database import make_engine

pytestmark = pytest.mark.postgres


async def backend_pid(engine: Any) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(sa.text("SELECT pg_backend_pid()")))


async def terminate(url: str, pid: int) -> None:
    other = make_engine(url)
    try:
        async with other.connect() as connection:
            await connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await other.dispose()


async def test_a_connection_dropped_while_it_rested_is_replaced_before_use(postgres_url):
    engine = make_engine(postgres_url, pool_size=1, ping_after_idle=0.0)
    try:
        first = await backend_pid(engine)
        await terminate(postgres_url, first)
        second = await backend_pid(engine)
    finally:
        await engine.dispose()
    assert second != first


async def test_without_the_ping_the_dropped_connection_fails_its_first_statement(postgres_url):
    """The ping is what saves the statement above: without it (a connection lent out within the idle time)
    the first statement meets the dropped connection."""
    engine = make_engine(postgres_url, pool_size=1, ping_after_idle=3600.0)
    try:
        first = await backend_pid(engine)
        await terminate(postgres_url, first)
        with pytest.raises(sa.exc.DBAPIError):
            await backend_pid(engine)
    finally:
        await engine.dispose()


async def test_a_connection_lent_out_again_at_once_is_not_pinged(postgres_url, monkeypatch):
    pings: list[str] = []
    original = AsyncAdapt_asyncpg_connection.ping

    def counted(self: Any) -> None:
        pings.append("ping")
        original(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counted)
    engine = make_engine(postgres_url, pool_size=1)
    rested = make_engine(postgres_url, pool_size=1, ping_after_idle=0.0)
    try:
        for _ in range(3):
            await backend_pid(engine)
        busy = len(pings)
        for _ in range(3):
            await backend_pid(rested)
    finally:
        await engine.dispose()
        await rested.dispose()
    assert busy == 0 and len(pings) == 2  # the rested engine's second and third checkouts
