"""Leases held with PostgreSQL advisory locks, so one process at a time does a given job.

The lock lives as long as the connection that took it: a process that dies frees it at once.
On SQLite a deployment is one process, and the lease is always held.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import Select, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for the lock's name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class DatabaseLease:
    def __init__(self, engine: AsyncEngine, name: str) -> None:
        self._engine, self._name, self._key = engine, name, lock_key(name)
        self._connection: AsyncConnection | None = None

    async def hold(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            return True
        if self._connection is not None:
            try:
                await self._connection.exec_driver_sql("SELECT 1")
                return True
            except DBAPIError:
                log.warning("lost the connection holding the lease %r", self._name)
                await self._drop()
        connection = await self._engine.connect()
        taken = await connection.scalar(_try_lock(self._key))
        await connection.commit()
        if taken:
            self._connection = connection
            log.info("holding the lease %r", self._name)
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        if self._connection is not None:
            try:
                await self._connection.scalar(_unlock(self._key))
                await self._connection.commit()
            finally:
                await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except DBAPIError:
                pass


def _try_lock(key: int) -> Select:
    return select(func.pg_try_advisory_lock(key))


def _unlock(key: int) -> Select:
    return select(func.pg_advisory_unlock(key))
